"""Site-wide pages around the content: navigation to the editorial sections, the events and
campaigns lists, the theme switch, public media and the design system's living page."""

from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale, Page

from members.services.header import remember_theme
from network.core.file_response import file_response
from network.core.redirects import next_url
from network.core.themes import THEME_COOKIE, THEMES
from network.models import CampaignPage, EventPage, NewsIndexPage, ProgrammeIndexPage
from network.models.images import with_card_images

SECTIONS = {"programmes": ProgrammeIndexPage, "news": NewsIndexPage}
# Media a visitor may fetch by address: profile photos and Wagtail's public images. Anything
# else under MEDIA_ROOT (documents, attachments) is served only through its permission check.
PUBLIC_MEDIA = ("avatars/", "images/", "original_images/")


def _pages_in_language(model):
    pages = model.objects.live().public()
    locale = Locale.objects.filter(language_code=get_language()).first()
    in_language = pages.filter(locale=locale) if locale is not None else pages.none()
    if in_language.exists():
        return in_language
    return pages.filter(locale__language_code=settings.LANGUAGE_CODE)


@require_GET
def section(request, name):
    """The navigation's way to an editorial section, whatever the editors named its page."""
    if name == "accessibility":
        pages = Page.objects.live().public().filter(slug=settings.ACCESSIBILITY_STATEMENT_SLUG)
        page = pages.filter(locale__language_code=get_language()).first() or pages.first()
    elif name in SECTIONS:
        page = _pages_in_language(SECTIONS[name]).first()
    else:
        raise Http404
    if page is None:
        raise Http404
    return redirect(page.get_url(request))


@require_GET
def events(request):
    pages = with_card_images(_pages_in_language(EventPage).defer_streamfields())
    now = timezone.now()
    context = {
        "upcoming": pages.filter(start__gte=now).order_by("start"),
        "past": pages.filter(start__lt=now).order_by("-start")[:30],
    }
    return render(request, "network/events.html", context)


@require_GET
def campaigns(request):
    pages = with_card_images(_pages_in_language(CampaignPage).defer_streamfields())
    today = timezone.localdate()
    current = pages.exclude(end_date__lt=today).order_by("start_date", "title")
    past = pages.filter(end_date__lt=today).order_by("-end_date")[:30]
    return render(request, "network/campaigns.html", {"current": current, "past": past})


# No token, like the language switcher: public pages stay free of cookies and can be shared;
# a forged request can only change a visitor's (or member's) colours.
@csrf_exempt
@require_POST
def set_theme(request):
    """Light, dark, or the system's choice (no cookie), remembered in this browser for a year
    and, for a member, on their account."""
    response = redirect(next_url(request, "/"))
    theme = request.POST.get("theme", "")
    theme = theme if theme in THEMES else ""
    if request.user.is_authenticated:
        remember_theme(request, request.user, theme)
    if theme:
        response.set_cookie(
            THEME_COOKIE,
            theme,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.HTTPS,
            httponly=True,
        )
    else:
        response.delete_cookie(THEME_COOKIE, samesite="Lax")
    return response


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def public_media(request, path):
    """Profile photos and images under the embedded default (production: the web server)."""
    clean = PurePosixPath(path)
    if ".." in clean.parts or not str(clean).startswith(PUBLIC_MEDIA):
        raise Http404
    return file_response("media", str(clean), public=True)


@login_required
@require_GET
def design_system(request):
    if not request.user.is_staff:
        raise PermissionDenied
    return render(request, "network/design_system.html")
