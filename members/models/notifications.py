from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.notification_texts import MESSAGES, render


class NotificationKind(models.TextChoices):
    """What a notification is about; members choose per kind how they hear of it."""

    REPLY = "reply", _("Replies in topics you follow")
    MENTION = "mention", _("Mentions of you")
    ANSWER = "answer", _("Answers to your questions")
    DIRECT_MESSAGE = "direct_message", _("Direct messages")
    JOIN_REQUEST = "join_request", _("Requests to join groups you manage")
    MEMBERSHIP = "membership", _("Your memberships: decisions, invitations, roles")
    MEETUP = "meetup", _("Changes to meetups you attend")
    MODERATION = "moderation", _("Moderation of your posts")


class Delivery(models.TextChoices):
    """How a member hears of one kind of notification."""

    SITE = "site", _("On the site only")
    EMAIL = "email", _("On the site and by e-mail at once")
    DIGEST = "digest", _("On the site and in a daily e-mail digest")
    OFF = "off", _("Off")


# Used while a member has not chosen: what needs an answer soon is e-mailed at once.
DEFAULT_DELIVERY = {
    NotificationKind.REPLY: Delivery.DIGEST,
    NotificationKind.MENTION: Delivery.EMAIL,
    NotificationKind.ANSWER: Delivery.EMAIL,
    NotificationKind.DIRECT_MESSAGE: Delivery.EMAIL,
    NotificationKind.JOIN_REQUEST: Delivery.EMAIL,
    NotificationKind.MEMBERSHIP: Delivery.EMAIL,
    NotificationKind.MEETUP: Delivery.EMAIL,
    NotificationKind.MODERATION: Delivery.SITE,
}


class NotificationPreference(models.Model):
    """A member's choice for one kind; a missing row means DEFAULT_DELIVERY."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery}"


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user) -> "NotificationQuerySet":
        return self.filter(recipient_id=user.pk)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def digest_pending(self) -> "NotificationQuerySet":
        """Digest notifications not yet e-mailed and not already read on the site."""
        return self.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True, read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    # What happened: a key of members.notification_texts.MESSAGES and its parameters; the
    # sentence is made in the reader's language when it is shown or e-mailed.
    message = models.CharField(_("message"), max_length=40, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # A sentence stored before notifications were rendered per reader, shown as it is.
    legacy_title = models.CharField(_("old text"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The recipient's preference when it was created: later changes do not resend old ones.
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery.choices, default=Delivery.SITE
    )
    # Set when the e-mail (at once or in a digest) went out, so it is never sent twice.
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The sentence in the active language (the reader's)."""
        if self.message in MESSAGES:
            return render(self.message, self.params)
        return self.legacy_title
