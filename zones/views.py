from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zones import ics, permissions, selectors
from zones.forms import MeetupForm
from zones.models import Meetup, RSVPStatus
from zones.services.calendar import ensure_calendar_feed, regenerate_calendar_feed
from zones.services.meetups import cancel_meetup, create_meetup, update_meetup
from zones.services.rsvps import answer_meetup


@require_GET
def meetup_detail(request, meetup_id):
    meetup = permissions.access_meetup(meetup_id)
    answer = selectors.answer_of(request.user, meetup)
    context = {
        "meetup": meetup,
        "zone": meetup.zone,
        "attendance": selectors.attendance(meetup),
        "answer": answer,
        "waiting_position": (
            selectors.waiting_position(answer)
            if answer is not None and answer.status == RSVPStatus.WAITING
            else None
        ),
        "can_manage": permissions.can_manage_meetups(request.viewer, meetup.zone),
        "show_online_link": permissions.can_see_online_link(request.viewer, meetup),
        "attendees": (
            selectors.going_members(meetup)
            if permissions.can_see_attendee_names(request.viewer, meetup)
            else None
        ),
    }
    return render(request, "zones/meetup_detail.html", context)


@require_POST
def meetup_answer(request, meetup_id):
    meetup = permissions.access_meetup(meetup_id)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("zones:meetup", args=[meetup.pk]))
    going = request.POST.get("answer") == "going"
    try:
        rsvp = answer_meetup(meetup=meetup, user=request.user, going=going)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("zones:meetup", meetup.pk)
    if rsvp.status == RSVPStatus.GOING:
        messages.success(request, _("You are going. See you there!"))
    elif rsvp.status == RSVPStatus.WAITING:
        messages.warning(
            request,
            _(
                "The meetup is full: you are on the waiting list. If a place opens up, "
                "you will get it automatically and we will let you know."
            ),
        )
    else:
        messages.success(request, _("You are not going. Thank you for letting us know."))
    return redirect("zones:meetup", meetup.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meetup_create(request, zone_id):
    zone = permissions.access_zone(zone_id)
    permissions.check_manage_meetups(request.viewer, zone)
    form = MeetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meetup = create_meetup(zone=zone, organiser=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meetup has been announced."))
            return redirect("zones:meetup", meetup.pk)
    return render(request, "zones/meetup_form.html", {"form": form, "zone": zone, "meetup": None})


@login_required
@require_http_methods(["GET", "POST"])
def meetup_edit(request, meetup_id):
    meetup = permissions.access_meetup(meetup_id)
    permissions.check_manage_meetups(request.viewer, meetup.zone)
    if meetup.is_cancelled:
        messages.error(request, _("A cancelled meetup cannot be changed."))
        return redirect("zones:meetup", meetup.pk)
    form = MeetupForm(
        request.POST or None,
        instance=meetup,
        going_count=selectors.attendance(meetup)["going"],
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_meetup(meetup=meetup, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meetup has been updated; attendees have been told."))
            return redirect("zones:meetup", meetup.pk)
    context = {"form": form, "zone": meetup.zone, "meetup": meetup}
    return render(request, "zones/meetup_form.html", context)


@login_required
@require_POST
def meetup_cancel(request, meetup_id):
    meetup = permissions.access_meetup(meetup_id)
    permissions.check_manage_meetups(request.viewer, meetup.zone)
    cancel_meetup(meetup=meetup, actor=request.user)
    messages.success(request, _("The meetup has been cancelled; attendees have been told."))
    return redirect("zones:meetup", meetup.pk)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def meetup_ics(request, meetup_id):
    meetup = permissions.access_meetup(meetup_id)
    content = ics.build_calendar(
        [meetup],
        name=meetup.title,
        base_url=_base_url(request),
        with_online_links=permissions.can_see_online_link(request.viewer, meetup),
    )
    return _ics_response(content, f"meetup-{meetup.pk}.ics")


@require_GET
def zone_feed(request, zone_id):
    zone = permissions.access_zone(zone_id)
    content = ics.build_calendar(
        selectors.zone_feed_meetups(zone), name=zone.title, base_url=_base_url(request)
    )
    return _ics_response(content, f"zone-{zone.pk}.ics")


@cache_control(private=True, no_store=True)
@require_GET
def private_feed(request, token):
    feed = selectors.feed_for_token(token)
    if feed is None:
        # A forged or replaced address looks exactly like one that never existed.
        raise Http404
    content = ics.build_calendar(
        selectors.meetups_going_to(feed.user, permissions.filter_meetups(Meetup.objects.all())),
        name=_("My meetups"),
        base_url=_base_url(request),
        with_online_links=True,
    )
    return _ics_response(content, "my-meetups.ics")


@login_required
@require_GET
def calendar_settings(request):
    feed = ensure_calendar_feed(user=request.user)
    feed_url = request.build_absolute_uri(
        reverse("zones:private_feed", args=[selectors.feed_token(feed)])
    )
    return render(request, "zones/calendar.html", {"feed_url": feed_url})


@login_required
@require_POST
def calendar_regenerate(request):
    regenerate_calendar_feed(user=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("zones:calendar")


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")
