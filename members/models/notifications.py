from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    # Written in the recipient's language when the event happens.
    title = models.CharField(_("title"), max_length=300)
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

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title
