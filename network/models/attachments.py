"""Files members attach to forum posts and chat messages (issue 18; code in network/attachments/).

A row holds no visibility of its own: who may read it is computed at each request from the post
or message that references it, so a moved topic's files follow the topic at once. A row with
neither is an upload waiting to be attached: only its uploader sees it, and the clean-up task
removes it after ATTACHMENT_ORPHAN_HOURS.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The long side of the size shown in a page (network/attachments/inspection.py makes it).
DISPLAY_SIDE = 1280


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document")


class Attachment(models.Model):
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("uploaded by"),
    )
    post = models.ForeignKey(
        "forum.Post",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("forum post"),
    )
    message = models.ForeignKey(
        "network.Message",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("chat message"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AttachmentKind.choices)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=120)
    # Bytes of every stored variant together (what counts against quotas and the admin's totals).
    size = models.PositiveBigIntegerField(_("size"))
    # The folder under PRIVATE_MEDIA_ROOT holding the variants: "full.<ext>" (or the document
    # itself as "file"), and for images "display.<ext>" and "thumb.<ext>".
    folder = models.CharField(max_length=80, unique=True, editable=False)
    full_name = models.CharField(max_length=40, editable=False)
    display_name = models.CharField(max_length=40, blank=True, editable=False)
    thumb_name = models.CharField(max_length=40, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    alt_text = models.CharField(_("alternative text"), max_length=300, blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(_("uploaded"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=True) | models.Q(message__isnull=True),
                name="attachment_in_one_place",
            )
        ]
        indexes = [models.Index(fields=["uploader", "created"], name="attachment_uploader_day")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.url()

    @property
    def is_image(self) -> bool:
        return self.kind == AttachmentKind.IMAGE

    @property
    def is_attached(self) -> bool:
        return self.post_id is not None or self.message_id is not None

    def url(self, variant: str = "full") -> str:
        return reverse(
            "attachments:file", kwargs={"pk": self.pk, "variant": variant, "name": self.name}
        )

    def _scaled(self, side: int) -> tuple[int | None, int | None]:
        if not self.width or not self.height:
            return None, None
        scale = min(1, side / max(self.width, self.height))
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))

    @property
    def display_width(self) -> int | None:
        return self._scaled(DISPLAY_SIDE)[0]

    @property
    def display_height(self) -> int | None:
        return self._scaled(DISPLAY_SIDE)[1]

    @property
    def display_url(self) -> str:
        return self.url("display")

    @property
    def thumb_url(self) -> str:
        return self.url("thumb")
