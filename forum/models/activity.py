from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReactionKind(models.TextChoices):
    LIKE = "like", _("Like")
    THANKS = "thanks", _("Thanks")
    INSIGHTFUL = "insightful", _("Insightful")
    FUNNY = "funny", _("Funny")


class Reaction(models.Model):
    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReactionKind.choices)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="forum_one_reaction_kind")
        ]
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")

    def __str__(self) -> str:
        return f"{self.kind} on {self.post_id}"


class ReadState(models.Model):
    """How far a member has read a topic: every post up to `last_read_post_id` is read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("forum.Topic", on_delete=models.CASCADE, related_name="read_states")
    last_read_post_id = models.PositiveBigIntegerField(default=0)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="forum_one_read_state")
        ]
        verbose_name = _("read state")
        verbose_name_plural = _("read states")

    def __str__(self) -> str:
        return f"{self.user_id} read {self.topic_id} to {self.last_read_post_id}"


class Subscription(models.Model):
    """A member watches a topic or a whole category."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(
        "forum.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    category = models.ForeignKey(
        "forum.Category",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="forum_watch_topic_once"),
            models.UniqueConstraint(fields=["user", "category"], name="forum_watch_category_once"),
            models.CheckConstraint(
                name="forum_watch_one_thing",
                condition=models.Q(topic__isnull=True, category__isnull=False)
                | models.Q(topic__isnull=False, category__isnull=True),
            ),
        ]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return f"{self.user_id} watches {self.topic_id or self.category_id}"


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Abusive or offensive")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class Flag(models.Model):
    """A member reports a post; moderators resolve it from the queue."""

    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=FlagReason.choices)
    detail = models.CharField(_("details"), max_length=500, blank=True)
    created = models.DateTimeField(_("reported"), default=timezone.now)
    is_resolved = models.BooleanField(_("resolved"), default=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["is_resolved", "-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(is_resolved=False),
                name="forum_one_open_flag_per_reporter",
            )
        ]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.post}"


class Visit(models.Model):
    """When a member last came to the forum, for "new since your last visit"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_visit"
    )
    last_seen = models.DateTimeField(default=timezone.now)
    # The start of the current visit's predecessor: topics active after it are "new".
    previous_visit = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("forum visit")
        verbose_name_plural = _("forum visits")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.last_seen:%Y-%m-%d %H:%M}"
