"""The access policy for networks, groups and their members: the only place that decides.

Everything takes the viewer's `Memberships` (network/membership.py), computed once per request
or connection. Cannot see → Http404, exactly like "does not exist"; may see but not act →
PermissionDenied with a reason the viewer may read.

- public: listed, page and member list open to signed-in members.
- members_only: listed (name and description); members only to members of the network.
- secret: for its members (and staff) only; to everyone else it does not exist.
Staff see everything. A network's admins manage its non-secret groups; a network's moderators
moderate inside that network only.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from members import permissions as member_permissions
from network.membership import Memberships
from network.models import (
    Group,
    GroupKind,
    Invitation,
    JoinPolicy,
    JoinRequest,
    Membership,
    MembershipEvent,
    NetworkPage,
    Role,
    Visibility,
)

User = get_user_model()
LISTED = (Visibility.PUBLIC, Visibility.MEMBERS_ONLY)


def can_see_group(viewer: Memberships, group: Group) -> bool:
    if viewer.is_staff or viewer.is_member(group.pk):
        return True
    if group.visibility == Visibility.SECRET:
        return False
    if group.parent_id is None:
        return True
    return can_see_group(viewer, group.parent)


def filter_groups(viewer: Memberships, queryset: QuerySet[Group]) -> QuerySet[Group]:
    """The groups of `queryset` the viewer may know exist (lists, counts, search, choosers)."""
    if viewer.is_staff:
        return queryset
    mine = viewer.group_ids
    parent_visible = (
        Q(parent__isnull=True) | Q(parent__visibility__in=LISTED) | Q(parent_id__in=mine)
    )
    return queryset.filter((Q(visibility__in=LISTED) & parent_visible) | Q(pk__in=mine))


def visible_network_pages(viewer: Memberships) -> QuerySet[NetworkPage]:
    """Live network pages of the networks the viewer may see (listings, menus)."""
    networks = filter_groups(viewer, Group.objects.filter(parent__isnull=True))
    return NetworkPage.objects.live().filter(network__in=networks)


def access_group(viewer: Memberships, slug: str, *, network_slug: str | None = None) -> Group:
    """The group (or, without `network_slug`, the network) named by the URL, or Http404."""
    lookup = {"slug": slug}
    if network_slug is None:
        lookup["parent__isnull"] = True
    else:
        lookup["parent__slug"] = network_slug
    group = Group.objects.select_related("parent").filter(**lookup).first()
    if group is None or not can_see_group(viewer, group):
        raise Http404
    return group


def can_see_members_of(viewer: Memberships, group: Group) -> bool:
    if viewer.is_staff or viewer.is_member(group.pk):
        return True
    if not viewer.is_authenticated or not can_see_group(viewer, group):
        return False
    if group.visibility == Visibility.PUBLIC:
        return True
    if group.visibility == Visibility.MEMBERS_ONLY and group.parent_id is not None:
        return viewer.is_member(group.parent_id)
    return False


def needs_mfa_setup(viewer: Memberships, group: Group) -> bool:
    """A group that requires 2FA shows its content only to viewers who have set it up."""
    requires = group.requires_mfa or (group.parent_id is not None and group.parent.requires_mfa)
    return requires and viewer.is_authenticated and not viewer.has_mfa


def visible_members(viewer: Memberships, group: Group) -> QuerySet[Membership]:
    """The memberships the viewer may see listed, with their users; none if they may not."""
    if not can_see_members_of(viewer, group) or needs_mfa_setup(viewer, group):
        return Membership.objects.none()
    return (
        Membership.objects.filter(group=group, user__in=filter_visible_users(viewer, User.objects))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user_id")
    )


def filter_visible_users(viewer: Memberships, queryset: QuerySet) -> QuerySet:
    """Members whose name this viewer may see in member lists: their profile decides."""
    return member_permissions.filter_users(viewer, queryset)


def shares_a_network(viewer: Memberships, user_id: int) -> bool:
    """Whether the viewer and the user belong to a common network ("members of my networks")."""
    if not viewer.network_ids:
        return False
    return Membership.objects.filter(user_id=user_id, group_id__in=viewer.network_ids).exists()


def check_join_group(viewer: Memberships, group: Group) -> None:
    """May the viewer join (or ask to join) this group they can see? Raises with a reason."""
    if not viewer.is_authenticated:
        raise PermissionDenied(_("Log in to join."))
    if viewer.is_member(group.pk):
        raise PermissionDenied(_("You already belong to this group."))
    # A zone's community is for anyone near the zone: no need to join the Innovation Zones
    # network first.
    if (
        group.parent_id is not None
        and group.kind != GroupKind.ZONE
        and not viewer.is_member(group.parent_id)
    ):
        raise PermissionDenied(_("Join the network first."))
    if group.join_policy == JoinPolicy.INVITATION:
        raise PermissionDenied(_("New members join by invitation only."))
    if group.join_requests.filter(
        user_id=viewer.user_id, status=JoinRequest.Status.PENDING
    ).exists():
        raise PermissionDenied(_("Your request is already waiting for a decision."))


def check_leave_group(viewer: Memberships, group: Group) -> None:
    if not viewer.is_member(group.pk):
        raise PermissionDenied(_("You are not a member."))
    if viewer.has_role(group.pk, Role.ADMIN) and not (
        group.memberships.filter(role=Role.ADMIN).exclude(user_id=viewer.user_id).exists()
    ):
        raise PermissionDenied(
            _("A group keeps at least one administrator: hand the role over first.")
        )


def can_manage_group(viewer: Memberships, group: Group) -> bool:
    """Admins of the group, admins of its network (not for secret groups), staff."""
    if viewer.is_staff or viewer.has_role(group.pk, Role.ADMIN):
        return True
    return (
        group.parent_id is not None
        and group.visibility != Visibility.SECRET
        and viewer.has_role(group.parent_id, Role.ADMIN)
    )


def check_manage_group(viewer: Memberships, group: Group) -> None:
    if not can_manage_group(viewer, group):
        raise PermissionDenied(_("Only the group's administrators may do this."))


def can_moderate_group(viewer: Memberships, group: Group) -> bool:
    """Moderators and admins of the group or of its network (inside that network only)."""
    if can_manage_group(viewer, group) or viewer.has_role(group.pk, Role.MODERATOR):
        return True
    return (
        group.parent_id is not None
        and group.visibility != Visibility.SECRET
        and viewer.has_role(group.parent_id, Role.MODERATOR)
    )


def check_change_member(viewer: Memberships, group: Group, membership: Membership) -> None:
    """Removing a member or changing a role: managers only, and never the last admin."""
    check_manage_group(viewer, group)
    if membership.role == Role.ADMIN and (
        not group.memberships.filter(role=Role.ADMIN).exclude(pk=membership.pk).exists()
    ):
        raise PermissionDenied(_("A group keeps at least one administrator."))


def access_membership(viewer: Memberships, group: Group, user_id: int) -> Membership:
    """A membership in a group the viewer manages: 403 for non-managers, else it or Http404."""
    check_manage_group(viewer, group)
    membership = (
        Membership.objects.filter(group=group, user_id=user_id).select_related("user").first()
    )
    if membership is None:
        raise Http404
    return membership


def access_join_request(viewer: Memberships, group: Group, request_id: int) -> JoinRequest:
    check_manage_group(viewer, group)
    join_request = JoinRequest.objects.filter(group=group, pk=request_id).first()
    if join_request is None:
        raise Http404
    return join_request


def pending_requests(viewer: Memberships, group: Group) -> QuerySet[JoinRequest]:
    check_manage_group(viewer, group)
    return group.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("user")


def join_state(viewer: Memberships, group: Group) -> str:
    """What the join area shows: member, pending, can_join, can_request, login or closed."""
    if viewer.is_member(group.pk):
        return "member"
    if not viewer.is_authenticated:
        return "login"
    if group.join_requests.filter(
        user_id=viewer.user_id, status=JoinRequest.Status.PENDING
    ).exists():
        return "pending"
    try:
        check_join_group(viewer, group)
    except PermissionDenied:
        return "closed"
    return "can_join" if group.join_policy == JoinPolicy.OPEN else "can_request"


def access_invitation(viewer: Memberships, token: str) -> Invitation:
    """The invitation a link names; an unknown or tampered token is a plain 404."""
    invitation = (
        Invitation.objects.select_related("group", "group__parent")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def check_accept_invitation(viewer: Memberships, invitation: Invitation) -> None:
    """Only the invited address may use it, once, before it expires."""
    if not viewer.is_authenticated:
        raise PermissionDenied(_("Log in to accept the invitation."))
    if not EmailAddress.objects.filter(
        user_id=viewer.user_id, email__iexact=invitation.email, verified=True
    ).exists():
        raise PermissionDenied(
            _("This invitation was sent to another e-mail address. Log in with that address.")
        )
    if invitation.used_at is not None:
        raise PermissionDenied(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise PermissionDenied(_("This invitation has expired. Ask for a new one."))


def group_change_log(viewer: Memberships, group: Group) -> QuerySet[MembershipEvent]:
    check_manage_group(viewer, group)
    return group.events.select_related("actor", "target")
