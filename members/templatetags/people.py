"""How a person is shown to others in templates: `{% person user %}`, the one tag for a name.

Always `User.public_name` (never `{{ user }}`, `.username` or `.email`), inside `<bdi>` so a name
written right to left, or carrying bidirectional controls, cannot reorder the text around it; a
link to the profile when the page's viewer may see it (members.permissions.can_see_profile).
Where only a snapshot is stored (a post's or message's author_name, kept for deleted members and
rendered once for every reader), pass `name=` and no user: the name is shown without a link.
Inside a button or another link, pass `link=False`.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from members.permissions import can_see_profile
from network.core import fragments
from network.core.text_rules import balance_bidi

register = template.Library()


@register.simple_tag(takes_context=True)
def person(context, user=None, *, name=None, link=True) -> str:
    if user is None and name is None:
        return ""
    shown = format_html("<bdi>{}</bdi>", balance_bidi(user.public_name if name is None else name))
    profile = _profile_to_link(context, user) if link else None
    if profile is None:
        return shown
    return format_html(
        '<a href="{}">{}</a>', reverse("members:profile", args=[profile.handle]), shown
    )


def _profile_to_link(context, user):
    viewer = getattr(context.get("request"), "viewer", None)
    if user is None or viewer is None or user.erased_at is not None:
        return None
    profile = getattr(user, "profile", None)
    if profile is None or not can_see_profile(viewer, profile):
        return None
    return profile


@register.simple_tag(takes_context=True)
def member_cards(context, profiles):
    """The directory's cards, each rendered once and kept (network.core.fragments), keyed by
    what a card shows. Only profiles the viewer may see are listed (members.permissions)."""
    request = context["request"]

    def shown(profile) -> tuple:
        return (
            profile.pk,
            profile.user_id,
            profile.user.public_name,
            profile.handle,
            str(profile.avatar),
            profile.position,
            profile.library.name if profile.library else None,
            profile.city,
            profile.voivodeship,
            tuple(item.tag.name for item in profile.expertise_list),
            _profile_to_link(context, profile.user) is not None,
        )

    return fragments.render_each(
        request,
        "members/includes/member_card.html",
        profiles,
        item_name="profile",
        context={"request": request},
        shared=(),
        key_parts=shown,
    )


def _asked(request) -> tuple:
    return tuple(sorted((name, tuple(values)) for name, values in request.GET.lists()))


@register.simple_tag(takes_context=True)
def directory_filters(context, form):
    """The directory's search form, the same for everyone who asks the same question and may
    filter by the same groups: kept in the cache (network.core.fragments)."""
    request = context["request"]
    key = (
        _asked(request),
        tuple(form.fields["network"].choices),
        tuple(form.fields["zone"].choices),
        form.errors.get_json_data() if form.is_bound else None,
    )
    return fragments.render_one(
        request, "members/includes/directory_filters.html", {"form": form}, key
    )


@register.simple_tag(takes_context=True)
def directory_facets(context, facets, form):
    """The directory's facets (the libraries and areas of expertise of what was found, with
    counts), kept in the cache under what they show and the question asked."""
    if not facets:
        return ""  # a list without facets (a library's members)
    request = context["request"]
    key = (
        _asked(request),
        tuple((name, tuple(items)) for name, items in facets.items()),
        tuple(sorted(getattr(form, "cleaned_data", {}).items())),
    )
    return fragments.render_one(
        request,
        "members/includes/directory_facets.html",
        {"facets": facets, "form": form, "query": request.GET},
        key,
    )
