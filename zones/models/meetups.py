from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zones.models.pages import ZonePage


class MeetupQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(end__gte=timezone.now()).order_by("start", "pk")

    def past(self):
        return self.filter(end__lt=timezone.now()).order_by("-start", "-pk")

    def with_going_counts(self):
        return self.annotate(
            going_count=Count("rsvps", filter=Q(rsvps__status=RSVPStatus.GOING)),
            waiting_count=Count("rsvps", filter=Q(rsvps__status=RSVPStatus.WAITING)),
        )


class Meetup(models.Model):
    """A meetup in a zone. Times are stored in UTC and shown in Europe/Warsaw."""

    zone = models.ForeignKey(
        ZonePage, on_delete=models.CASCADE, related_name="meetups", verbose_name=_("zone")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        help_text=_("Room or address; leave empty when the meetup is at the zone's address."),
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to the members who are going.")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        validators=[MinValueValidator(1, _("A meetup needs room for at least one person."))],
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_meetups",
        verbose_name=_("organiser"),
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    # iCalendar SEQUENCE: calendars replace their copy when it grows.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = MeetupQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["zone", "start"]), models.Index(fields=["end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="zones_meetup_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="zones_meetup_capacity_positive"
            ),
        ]
        verbose_name = _("meetup")
        verbose_name_plural = _("meetups")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError(
                {"end": _("The meetup must end after it starts.")}, code="end_before_start"
            )

    @property
    def location(self) -> str:
        return self.place or f"{self.zone.library_name}, {self.zone.full_address}"

    @property
    def notification_path(self) -> str:
        # Without a language prefix: the site redirects each reader to their own language.
        return f"/meetups/{self.pk}/"

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()


class RSVPStatus(models.TextChoices):
    GOING = "going", _("Going")
    WAITING = "waiting", _("On the waiting list")
    NOT_GOING = "not_going", _("Not going")


class RSVP(models.Model):
    meetup = models.ForeignKey(Meetup, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    status = models.CharField(_("answer"), max_length=16, choices=RSVPStatus.choices)
    # When the answer last changed: the waiting list is served in this order.
    changed = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meetup", "user"], name="zones_one_rsvp_per_member")
        ]
        indexes = [models.Index(fields=["meetup", "status", "changed"])]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")

    def __str__(self) -> str:
        return f"{self.user} · {self.meetup} · {self.get_status_display()}"


class CalendarFeed(models.Model):
    """A member's private calendar address.

    The address holds the selector and an HMAC of it under the site's secret key; only the
    selector is stored, so a copy of the database alone does not give anyone's address.
    A new selector makes the old address answer 404.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    selector = models.CharField(max_length=32, unique=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("private calendar feed")
        verbose_name_plural = _("private calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
