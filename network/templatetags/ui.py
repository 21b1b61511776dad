"""The design system's small pieces in templates: icons from the vendored sprite, and avatars.

docs/design.md lists the tokens and components; /design/ (staff) renders every one of them.
"""

from datetime import timedelta

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.files.storage import default_storage
from django.templatetags.static import static
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext

from network.core import fragments, member_pages
from network.core.themes import theme_of

register = template.Library()

AVATAR_SIZES = {"xs": 24, "sm": 32, "md": 40, "lg": 64, "xl": 128}
# Background colours for initials (site.css .avatar-c0 … c7): each carries white text at AA.
AVATAR_COLOURS = 8


@register.simple_tag
def icon(name: str, label: str = ""):
    """An icon from static/vendor/lucide/sprite.svg; hidden from assistive technology unless it
    is given a label (then it is the only name of its control, e.g. an icon button)."""
    href = f"{static('vendor/lucide/sprite.svg')}#{name}"
    if label:
        return format_html(
            '<svg class="icon" role="img" aria-label="{}" focusable="false">'
            '<use href="{}"></use></svg>',
            label,
            href,
        )
    return format_html(
        '<svg class="icon" aria-hidden="true" focusable="false"><use href="{}"></use></svg>', href
    )


def initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    if not words:
        return (name[:1] or "?").upper()
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def _photo_of(person):
    """The photo's stored name, read only from what is already loaded (never a query)."""
    if hasattr(person, "display_name") and hasattr(person, "avatar"):  # a Profile
        return person.avatar.name if person.avatar else ""
    cached = getattr(person, "_state", None) and person._state.fields_cache.get("profile")
    return cached.avatar.name if cached is not None and cached.avatar else ""


@register.simple_tag
def avatar(person=None, size: str = "md", *, id=None, name=None, photo=None):
    """One person's picture: their uploaded photo, or initials on a colour derived from their id.

    `person` is a member (User) or a Profile; where only denormalised fields are at hand (a post's
    author_id and author_name), pass id=, name= and photo= (the stored file name) instead. The
    picture is decorative: the person's name is always written beside it.
    """
    if person is not None:
        id = getattr(person, "user_id", None) or person.pk
        name = getattr(person, "display_name", None) or getattr(person, "public_name", "")
        photo = _photo_of(person) if photo is None else photo
    pixels = AVATAR_SIZES.get(size, AVATAR_SIZES["md"])
    if photo:
        return format_html(
            '<img class="avatar avatar-{}" src="{}" alt="" width="{}" height="{}" loading="lazy">',
            size,
            default_storage.url(str(photo)),
            pixels,
            pixels,
        )
    colour = (int(id) if id else 0) % AVATAR_COLOURS
    return format_html(
        '<span class="avatar avatar-{} avatar-c{}" aria-hidden="true">{}</span>',
        size,
        colour,
        initials(name or ""),
    )


@register.simple_tag(takes_context=True)
def current_theme(context) -> str:
    request = context.get("request")
    return "" if request is None else theme_of(request)


@register.simple_tag
def foundation_contact() -> dict:
    return {
        "name": settings.FOUNDATION_NAME,
        "address": settings.FOUNDATION_ADDRESS,
        "email": settings.FOUNDATION_EMAIL,
        "phone": settings.FOUNDATION_PHONE,
    }


@register.filter
def make_list_of_words(value: str) -> list[str]:
    """ "a b c" → ["a", "b", "c"], for the design system page's loops."""
    return value.split()


@register.simple_tag
def relative_time(value):
    """A moment as its age ("3 hours ago"), with the full date and time on hover and for
    machines. Pages kept in the visitors' cache show the age they had when rendered."""
    if not value:
        return ""
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.isoformat(),
        date_format(localtime(value), "DATETIME_FORMAT"),
        naturaltime(value),
    )


@register.simple_tag
def conversation_time(value, now=None):
    """When a conversation last moved, as a chat list shows it: the time for today, "yesterday",
    the day and month this year, the full date before; the full date and time on hover."""
    if not value:
        return ""
    moment = localtime(value)
    today = localtime(now).date()
    if moment.date() == today:
        shown = date_format(moment, "TIME_FORMAT")
    elif moment.date() == today - timedelta(days=1):
        shown = gettext("yesterday")
    elif moment.year == today.year:
        shown = date_format(moment, "MONTH_DAY_FORMAT")
    else:
        shown = date_format(moment, "SHORT_DATE_FORMAT")
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.isoformat(),
        date_format(moment, "DATETIME_FORMAT"),
        shown,
    )


def person_suggestion(person) -> dict:
    """One row of a people picker (chat) or a mention list (forum): the handle to insert and what
    tells two namesakes apart (picture, library, town)."""
    profile = getattr(person, "profile", None)
    library = profile.library if profile else None
    return {
        "handle": person.public_handle,
        "name": person.public_name,
        "avatar": avatar(person, "sm"),
        "library": library.name if library else "",
        "town": (profile.city if profile else "") or (library.city if library else ""),
    }


# The layout's parts below read only what their tag gives them, so each is rendered once per
# language (and per member for the account menu) and then comes from the cache
# (network.core.fragments): every page pays for them otherwise.
NAV_SECTIONS = ("forum", "members", "networks", "zones", "chat")


@register.simple_tag(takes_context=True)
def primary_nav(context, wide=False):
    path = context["request"].path
    active = tuple(section for section in NAV_SECTIONS if f"/{section}/" in path)
    return fragments.render_one(
        context["request"],
        "includes/primary_nav.html",
        {"LANGUAGE_CODE": get_language(), "active": active, "wide": bool(wide)},
    )


FOOTER_PATH = "footer-path-placeholder"


@register.simple_tag(takes_context=True)
def site_footer(context):
    request = context["request"]
    user = getattr(request, "user", None)
    html = fragments.render_one(
        request,
        "includes/footer.html",
        {
            "LANGUAGE_CODE": get_language(),
            "contact": foundation_contact(),
            "is_staff": bool(user and user.is_staff),
            "theme": current_theme(context),
            # The page to come back to after a switch: the same footer serves every page.
            "path": FOOTER_PATH,
        },
    )
    return mark_safe(html.replace(FOOTER_PATH, escape(request.path)))  # noqa: S308


@register.simple_tag(takes_context=True)
def account_menu(context):
    if member_pages.recording(context["request"]):
        # Filled for each member when the page is served (network.core.member_pages).
        return mark_safe(member_pages.ACCOUNT_MENU)  # noqa: S308 (a constant)
    user = context["user"]
    card = context["request"].session.get("member_card") or {}
    queue = context.get("moderation_queue")
    allowed = bool(queue and queue.allowed)
    return fragments.render_one(
        context["request"],
        "includes/account_menu.html",
        {
            "user_id": user.pk,
            "name": card.get("name") or user.public_name,
            "photo": card.get("photo") or None,
            "email": user.email,
            "unread": context["unread_notifications"].count,
            "moderation": allowed,
            "waiting": queue.count if allowed else 0,
        },
    )
