"""Who may see which profile, and who may post. Nothing else in the code decides it."""

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from members.models import Profile, User


def _network_profiles(viewer: User) -> Q:
    """The "members of my networks" profiles this signed-in viewer may see.

    Today that is only their own (staff see everything anyway). The networks issue connects this
    one function to the membership core: owners who share a network with the viewer join here.
    """
    return Q(user=viewer)


def filter_profiles(viewer: User, queryset: QuerySet[Profile] | None = None) -> QuerySet[Profile]:
    """Narrow a queryset of profiles (all of them by default) to those the viewer may see."""
    if queryset is None:
        queryset = Profile.objects.all()
    if viewer.is_authenticated and viewer.is_staff:
        return queryset
    queryset = queryset.filter(user__is_active=True)
    if not viewer.is_authenticated:
        return queryset.filter(visibility=Profile.Visibility.PUBLIC)
    return queryset.filter(
        Q(visibility__in=[Profile.Visibility.PUBLIC, Profile.Visibility.MEMBERS])
        | Q(user=viewer)
        | (Q(visibility=Profile.Visibility.NETWORKS) & _network_profiles(viewer))
    )


def access_profile(viewer: User, handle: str) -> Profile:
    """The profile with this handle, or the same 404 whether it is hidden or does not exist."""
    queryset = Profile.objects.select_related("user", "library").filter(handle=handle)
    profile = filter_profiles(viewer, queryset).first()
    if profile is None:
        raise Http404
    return profile


def can_see_email(viewer: User, profile: Profile) -> bool:
    return profile.show_email or viewer.pk == profile.user_id or viewer.is_staff


def check_can_post(user: User) -> None:
    """Raise 403 with the reason unless the member may write posts and messages."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Log in to take part."))
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise PermissionDenied(_("Confirm your e-mail address before posting."))
