"""Who may see which profile, and who may post. Nothing else in the code decides it."""

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from members.models import Profile, User
from network.groups.membership import Memberships


def filter_profiles(
    viewer: Memberships, queryset: QuerySet[Profile] | None = None
) -> QuerySet[Profile]:
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


def filter_users(viewer: Memberships, queryset: QuerySet[User]) -> QuerySet[User]:
    """Narrow users to those whose profile (and so name) the viewer may see."""
    return queryset.filter(profile__in=filter_profiles(viewer))


def access_profile(viewer: Memberships, handle: str) -> Profile:
    """The profile with this handle, or the same 404 whether it is hidden or does not exist."""
    queryset = Profile.objects.select_related("user", "library").filter(handle=handle)
    profile = filter_profiles(viewer, queryset).first()
    if profile is None:
        raise Http404
    return profile


def can_see_email(viewer: Memberships, profile: Profile) -> bool:
    return profile.show_email or viewer.user_id == profile.user_id or viewer.is_staff


def check_can_post(user: User) -> None:
    """Raise 403 with the reason unless the member may write posts and messages."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Log in to take part."))
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise PermissionDenied(_("Confirm your e-mail address before posting."))
