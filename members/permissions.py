"""Who may see which profile, and who may post. Nothing else in the code decides it."""

from django.db.models import Q, QuerySet
from django.http import Http404

from members.models import Profile, User
from network.core.viewer import Viewer


def filter_profiles(viewer: Viewer, queryset: QuerySet[Profile] | None = None) -> QuerySet[Profile]:
    """Narrow a queryset of profiles (all of them by default) to those the viewer may see."""
    if queryset is None:
        queryset = Profile.objects.all()
    if viewer.is_staff:
        return queryset
    queryset = queryset.filter(user__is_active=True)
    if not viewer.is_authenticated:
        return queryset.filter(visibility=Profile.Visibility.PUBLIC)
    # "Members of my networks": the owner belongs to one of the viewer's networks.
    shares_a_network = Q(
        visibility=Profile.Visibility.NETWORKS, user_id__in=viewer.network_colleague_ids()
    )
    return queryset.filter(
        Q(visibility__in=[Profile.Visibility.PUBLIC, Profile.Visibility.MEMBERS])
        | Q(user_id=viewer.user_id)
        | shares_a_network
    )


def filter_users(viewer: Viewer, queryset: QuerySet[User]) -> QuerySet[User]:
    """Narrow users to those whose profile (and so name) the viewer may see."""
    return queryset.filter(profile__in=filter_profiles(viewer))


def access_profile(viewer: Viewer, handle: str) -> Profile:
    """The profile with this handle, or the same 404 whether it is hidden or does not exist."""
    queryset = Profile.objects.select_related("user", "library").filter(handle=handle)
    profile = filter_profiles(viewer, queryset).first()
    if profile is None:
        raise Http404
    return profile


def can_see_profile(viewer: Viewer, profile: Profile) -> bool:
    """The same rule as filter_profiles, for one profile already at hand (a name on a page links
    to the profile only when this is true). The viewer's colleagues are read once per viewer."""
    if viewer.is_staff or (viewer.is_authenticated and viewer.user_id == profile.user_id):
        return True
    if not profile.user.is_active:
        return False
    if profile.visibility == Profile.Visibility.PUBLIC:
        return True
    if not viewer.is_authenticated:
        return False
    if profile.visibility == Profile.Visibility.MEMBERS:
        return True
    colleagues = viewer.computed(
        "members.colleagues",
        lambda v: frozenset(v.network_colleague_ids().values_list("user_id", flat=True)),
    )
    return profile.user_id in colleagues


def can_see_email(viewer: Viewer, profile: Profile) -> bool:
    return profile.show_email or viewer.user_id == profile.user_id or viewer.is_staff


def may_hold_page_rights(user) -> bool:
    """False only when the user certainly has no Wagtail page permission (loaded by
    members/backends.py and in no group); a user loaded otherwise is asked as before."""
    return user.is_superuser or getattr(user, "in_auth_group", True)
