"""Reads of the zones app.

Functions that list meetups take the queryset the caller got from zones.permissions
(filter_meetups), so what is listed is always what the visitor may see.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import get_language

from members.models import User
from zones.models import RSVP, CalendarFeed, Meetup, RSVPStatus, ZonePage

FEED_SALT = "zones.calendar-feed"


def upcoming_meetups(visible: QuerySet[Meetup], limit: int = 5, *, first=()) -> list[Meetup]:
    """The next meetups across all zones (for the home page and network pages), each with
    `zone_title`: its zone's name in the active language where the zone page is translated.
    `first`: orderings that come before the date (a member's own meetups on their start page)."""
    # A meetup belongs to the zone's original page; its translations share translation_key.
    translated = ZonePage.objects.live().filter(
        translation_key=OuterRef("zone__translation_key"), locale__language_code=get_language()
    )
    meetups = list(
        visible.filter(is_cancelled=False, end__gte=timezone.now())
        .select_related("zone")
        .with_going_counts()
        .annotate(translated_zone_title=Subquery(translated.values("title")[:1]))
        .order_by(*first, "start", "pk")[:limit]
    )
    for meetup in meetups:
        meetup.zone_title = meetup.translated_zone_title or meetup.zone.title
    return meetups


def zone_page_in_language(zones: QuerySet[ZonePage], language: str) -> ZonePage | None:
    """Of one zone's pages (its translations, already filtered for visibility), the one in
    `language`, else the original (default language), else any."""
    pages = sorted(zones.select_related("locale"), key=lambda page: page.pk)
    by_language = {page.locale.language_code: page for page in pages}
    return (
        by_language.get(language)
        or by_language.get(settings.LANGUAGE_CODE)
        or next(iter(pages), None)
    )


def zone_feed_meetups(zone: ZonePage) -> list[Meetup]:
    """Everything announced in the zone, cancelled ones too (calendars then drop them)."""
    meetups = Meetup.objects.filter(zone__translation_key=zone.translation_key)
    return list(meetups.select_related("zone").order_by("start", "pk"))


def going_members(meetup: Meetup) -> list[User]:
    return list(
        get_user_model()
        .objects.filter(rsvps__meetup=meetup, rsvps__status=RSVPStatus.GOING)
        .select_related("profile")  # their names and photos, in the same query
        .order_by("rsvps__changed", "pk")
    )


def attendance(meetup: Meetup) -> dict[str, int]:
    counts = dict.fromkeys(RSVPStatus.values, 0)
    for status in RSVP.objects.filter(meetup=meetup).values_list("status", flat=True):
        counts[status] += 1
    return {"going": counts[RSVPStatus.GOING], "waiting": counts[RSVPStatus.WAITING]}


def answer_of(user: User, meetup: Meetup) -> RSVP | None:
    if not user.is_authenticated:
        return None
    return RSVP.objects.filter(meetup=meetup, user=user).first()


def waiting_position(rsvp: RSVP) -> int:
    """1 for the first member on the waiting list."""
    ahead = RSVP.objects.filter(
        meetup_id=rsvp.meetup_id, status=RSVPStatus.WAITING, changed__lt=rsvp.changed
    )
    return ahead.count() + 1


def feed_token(feed: CalendarFeed) -> str:
    signature = salted_hmac(FEED_SALT, feed.selector, algorithm="sha256").hexdigest()
    return f"{feed.selector}{signature}"


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed a private address belongs to, or None for a forged or outdated one."""
    selector = token[:32]
    feed = CalendarFeed.objects.filter(selector=selector).select_related("user").first()
    if feed is None or not feed.user.is_active:
        return None
    if not constant_time_compare(feed_token(feed), token):
        return None
    return feed


def start_page_meetups(user: User, group_ids, visible: QuerySet[Meetup], limit: int = 5):
    """The next meetups for a member's start page: those they go to first, then those of the
    zones whose community they belong to, then the rest; each with `is_going` and `in_my_zone`."""
    going = RSVP.objects.filter(meetup=OuterRef("pk"), user=user, status=RSVPStatus.GOING)
    annotated = visible.annotate(
        is_going=Exists(going),
        in_my_zone=ExpressionWrapper(
            Q(zone__group_id__in=list(group_ids)), output_field=BooleanField()
        ),
    )
    return upcoming_meetups(annotated, limit, first=(F("is_going").desc(), F("in_my_zone").desc()))


def meetups_going_to(user: User, visible: QuerySet[Meetup]) -> list[Meetup]:
    """The private feed: meetups the member is going to, in zones they may see."""
    return list(
        visible.filter(rsvps__user=user, rsvps__status=RSVPStatus.GOING)
        .select_related("zone")
        .order_by("start", "pk")
    )


def _one_per_zone(pages, language: str) -> list[ZonePage]:
    # A zone has a page per language (one translation_key): keep the visitor's language's copy.
    chosen: dict = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or page.locale.language_code == language:
            chosen[page.translation_key] = page
    return sorted(chosen.values(), key=lambda page: (page.city, page.library_name))


def coordinated_zones(user_id: int, language: str) -> list[ZonePage]:
    """Visible zones the member coordinates (profile badges), one page per zone."""
    pages = ZonePage.objects.visible().filter(coordinators__user_id=user_id).distinct()
    return _one_per_zone(pages.select_related("locale"), language)


def zones_of_library(library_id: int, language: str) -> list[ZonePage]:
    """Visible zones linked to this library of the registry (the library's page)."""
    pages = ZonePage.objects.visible().filter(library_id=library_id)
    return _one_per_zone(pages.select_related("locale"), language)
