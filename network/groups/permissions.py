"""The access policy for networks, groups and their members: the only place that decides.

Everything takes the `Viewer` (network/core/viewer.py), computed once per
request or connection. Cannot see → Http404, exactly like "does not exist"; may see but not act →
PermissionDenied with a reason the viewer may read.

- public: listed, page and member list open to signed-in members.
- members_only: listed (name and description); members only to members of the network.
- secret: for its members (and staff) only; to everyone else it does not exist.
Staff see everything. A network's admins manage its non-secret groups; a network's moderators
moderate inside that network only.

Chat rooms (the end of this module): a direct or group conversation is seen by its RoomMember
rows only (not even staff read it); a network's, group's or zone's room by the group's own
members, read (and moderated) without writing by those who moderate the group
(`can_moderate_group`: staff, the network's moderators and admins in its non-secret groups), and
by nobody without two-factor authentication where the group (or its network) requires it.
"""

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from members import permissions as member_permissions
from network.core.viewer import Viewer, second_factors
from network.models import (
    Group,
    GroupKind,
    Invitation,
    JoinPolicy,
    JoinRequest,
    Membership,
    MembershipEvent,
    Message,
    NetworkPage,
    ReadMarker,
    Role,
    Room,
    RoomKind,
    RoomMember,
    Visibility,
)

User = get_user_model()
LISTED = (Visibility.PUBLIC, Visibility.MEMBERS_ONLY)


def can_see_group(viewer: Viewer, group: Group) -> bool:
    if viewer.is_staff or viewer.is_member(group.pk):
        return True
    if group.visibility == Visibility.SECRET:
        return False
    # No query for a network: a foreign key that is None reads as None.
    parent = group.parent
    return parent is None or can_see_group(viewer, parent)


def filter_groups(viewer: Viewer, queryset: QuerySet[Group]) -> QuerySet[Group]:
    """The groups of `queryset` the viewer may know exist (lists, counts, search, choosers)."""
    if viewer.is_staff:
        return queryset
    mine = viewer.group_ids
    parent_visible = (
        Q(parent__isnull=True) | Q(parent__visibility__in=LISTED) | Q(parent_id__in=mine)
    )
    return queryset.filter((Q(visibility__in=LISTED) & parent_visible) | Q(pk__in=mine))


def visible_groups(viewer: Viewer) -> QuerySet[Group]:
    """Every network, group and zone the viewer may know exist (admin choosers, filters)."""
    return filter_groups(viewer, Group.objects.select_related("parent"))


def visible_network_pages(viewer: Viewer) -> QuerySet[NetworkPage]:
    """Live network pages of the networks the viewer may see (listings, menus)."""
    networks = filter_groups(viewer, Group.objects.filter(parent__isnull=True))
    return NetworkPage.objects.live().filter(network__in=networks)


def access_network_of(viewer: Viewer, page: NetworkPage) -> Group:
    """The network a network page presents, or Http404 (read by id: the page names it, or read
    with the page)."""
    if NetworkPage.network.is_cached(page):
        network = page.network
    else:
        network = Group.objects.filter(pk=page.network_id).first()
    if network is None or network.parent_id is not None or not can_see_group(viewer, network):
        raise Http404
    return network


def access_group(viewer: Viewer, slug: str, *, network_slug: str | None = None) -> Group:
    """The group (or, without `network_slug`, the network) named by the URL, or Http404."""
    lookup: dict[str, object] = {"slug": slug}
    if network_slug is None:
        lookup["parent__isnull"] = True
    else:
        lookup["parent__slug"] = network_slug
    group = Group.objects.select_related("parent").filter(**lookup).first()
    if group is None or not can_see_group(viewer, group):
        raise Http404
    return group


def can_see_members_of(viewer: Viewer, group: Group) -> bool:
    if viewer.is_staff or viewer.is_member(group.pk):
        return True
    if not viewer.is_authenticated or not can_see_group(viewer, group):
        return False
    if group.visibility == Visibility.PUBLIC:
        return True
    if group.visibility == Visibility.MEMBERS_ONLY and group.parent_id is not None:
        return viewer.is_member(group.parent_id)
    return False


def needs_mfa_setup(viewer: Viewer, group: Group) -> bool:
    """A group that requires 2FA shows its content only to viewers who have set it up."""
    requires = group.requires_mfa or (group.parent is not None and group.parent.requires_mfa)
    return requires and viewer.is_authenticated and not viewer.has_mfa


def groups_closed_without_mfa(viewer: Viewer) -> QuerySet[Group, Any]:
    """The groups whose content `viewer` may not see yet: those that require two-factor
    authentication (themselves or through their network) while the viewer has not set it up.

    The same rule as `needs_mfa_setup`, for querysets; it holds for staff too.
    """
    if not viewer.is_authenticated or viewer.has_mfa_if_known:
        return Group.objects.none()
    closed = Group.objects.filter(Q(requires_mfa=True) | Q(parent__requires_mfa=True))
    if viewer.has_mfa_if_known is None:
        # Not asked yet: the second factor is checked inside the query, not by one of its own.
        closed = closed.exclude(Exists(second_factors(viewer.user_id)))
    return closed


def visible_members(viewer: Viewer, group: Group) -> QuerySet[Membership]:
    """The memberships the viewer may see listed, with their users; none if they may not."""
    if not can_see_members_of(viewer, group) or needs_mfa_setup(viewer, group):
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            group=group, user__in=filter_visible_users(viewer, User.objects.all())
        )
        .select_related("user__profile")
        .order_by("user__last_name", "user__first_name", "user_id")
    )


def filter_visible_users(viewer: Viewer, queryset: QuerySet) -> QuerySet:
    """Members whose name this viewer may see in member lists: their profile decides."""
    return member_permissions.filter_users(viewer, queryset)


def access_person(viewer: Viewer, id_or_username: str):
    """The active member an address names (`/chat/with/<id, handle or user name>/`), if the
    viewer may see their profile: otherwise the same 404 as for nobody, so walking ids lists no
    names."""
    people = filter_visible_users(viewer, User.objects.filter(is_active=True))
    if id_or_username.isascii() and id_or_username.isdigit():
        # An id beyond any primary key names nobody (and must not overflow the database).
        number = int(id_or_username)
        person = people.filter(pk=number).first() if number < 2**63 else None
    else:
        named = Q(profile__handle=id_or_username) | Q(username=id_or_username)
        person = people.filter(named).first()
    if person is None:
        raise Http404
    return person


def filter_people_by_handles(viewer: Viewer, handles: list[str]) -> list:
    """The active members with these profile handles (or, as before handles, user names) whose
    profile the viewer may see (choosing whom to talk to: a hidden member is answered like an
    unknown name)."""
    people = filter_visible_users(viewer, User.objects.filter(is_active=True))
    named = Q(profile__handle__in=handles) | Q(username__in=handles)
    return list(people.filter(named).select_related("profile"))


def check_join_group(viewer: Viewer, group: Group) -> None:
    """May the viewer join (or ask to join) this group they can see? Raises with a reason."""
    _check_group_admits(viewer, group)
    if _has_pending_request(viewer, group):
        raise PermissionDenied(_("Your request is already waiting for a decision."))


def _has_pending_request(viewer: Viewer, group: Group) -> bool:
    return group.join_requests.filter(user=viewer.user, status=JoinRequest.Status.PENDING).exists()


def _check_group_admits(viewer: Viewer, group: Group) -> None:
    """check_join_group's rules that need no query."""
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


def check_leave_group(viewer: Viewer, group: Group) -> None:
    if not viewer.is_member(group.pk):
        raise PermissionDenied(_("You are not a member."))
    if viewer.has_role(group.pk, Role.ADMIN) and not (
        group.memberships.filter(role=Role.ADMIN).exclude(user=viewer.user).exists()
    ):
        raise PermissionDenied(
            _("A group keeps at least one administrator: hand the role over first.")
        )


def can_manage_group(viewer: Viewer, group: Group) -> bool:
    """Admins of the group, admins of its network (not for secret groups), staff."""
    if viewer.is_staff or viewer.has_role(group.pk, Role.ADMIN):
        return True
    return (
        group.parent_id is not None
        and group.visibility != Visibility.SECRET
        and viewer.has_role(group.parent_id, Role.ADMIN)
    )


def check_manage_group(viewer: Viewer, group: Group) -> None:
    if not can_manage_group(viewer, group):
        raise PermissionDenied(_("Only the group's administrators may do this."))


def can_moderate_group(viewer: Viewer, group: Group) -> bool:
    """Moderators and admins of the group or of its network (inside that network only)."""
    if can_manage_group(viewer, group) or viewer.has_role(group.pk, Role.MODERATOR):
        return True
    return (
        group.parent_id is not None
        and group.visibility != Visibility.SECRET
        and viewer.has_role(group.parent_id, Role.MODERATOR)
    )


def check_change_member(viewer: Viewer, group: Group, membership: Membership) -> None:
    """Removing a member or changing a role: managers only, and never the last admin."""
    check_manage_group(viewer, group)
    if membership.role == Role.ADMIN and (
        not group.memberships.filter(role=Role.ADMIN).exclude(pk=membership.pk).exists()
    ):
        raise PermissionDenied(_("A group keeps at least one administrator."))


def access_membership(viewer: Viewer, group: Group, user_id: int) -> Membership:
    """A membership in a group the viewer manages: 403 for non-managers, else it or Http404."""
    check_manage_group(viewer, group)
    membership = (
        Membership.objects.filter(group=group, user_id=user_id).select_related("user").first()
    )
    if membership is None:
        raise Http404
    return membership


def access_join_request(viewer: Viewer, group: Group, request_id: int) -> JoinRequest:
    check_manage_group(viewer, group)
    join_request = JoinRequest.objects.filter(group=group, pk=request_id).first()
    if join_request is None:
        raise Http404
    return join_request


def pending_requests(viewer: Viewer, group: Group) -> QuerySet[JoinRequest]:
    check_manage_group(viewer, group)
    return group.join_requests.filter(status=JoinRequest.Status.PENDING).select_related(
        "user__profile"
    )


def join_state(viewer: Viewer, group: Group) -> str:
    """What the join area shows: member, pending, can_join, can_request, login or closed."""
    if viewer.is_member(group.pk):
        return "member"
    if not viewer.is_authenticated:
        return "login"
    if _has_pending_request(viewer, group):
        return "pending"
    try:
        _check_group_admits(viewer, group)
    except PermissionDenied:
        return "closed"
    return "can_join" if group.join_policy == JoinPolicy.OPEN else "can_request"


def access_invitation(viewer: Viewer, token: str) -> Invitation:
    """The invitation a link names; an unknown or tampered token is a plain 404."""
    invitation = (
        Invitation.objects.select_related("group", "group__parent")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def check_accept_invitation(viewer: Viewer, invitation: Invitation) -> None:
    """Only the invited address may use it, once, before it expires."""
    if not viewer.is_authenticated:
        raise PermissionDenied(_("Log in to accept the invitation."))
    if not EmailAddress.objects.filter(
        user=viewer.user, email__iexact=invitation.email, verified=True
    ).exists():
        raise PermissionDenied(
            _("This invitation was sent to another e-mail address. Log in with that address.")
        )
    if invitation.used_at is not None:
        raise PermissionDenied(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise PermissionDenied(_("This invitation has expired. Ask for a new one."))


def group_change_log(viewer: Viewer, group: Group) -> QuerySet[MembershipEvent]:
    check_manage_group(viewer, group)
    return group.events.select_related("actor__profile", "target__profile")


# Chat rooms ------------------------------------------------------------------------------------

# The same words for "does not exist" and "may not see", so a private room's existence never leaks.
ROOM_NOT_FOUND = "Room not found."


class MfaRequired(PermissionDenied):
    """A member of a group that requires two-factor authentication, who has not set it up."""


def _group_room_groups(viewer: Viewer, *, readable: bool = False) -> QuerySet[Group, Any]:
    """The ids of the groups whose rooms the viewer takes part in (`readable`: may read) now.

    Reading extends to moderating (can_moderate_group): staff everywhere, a network's moderators
    and admins in its non-secret groups. Two-factor authentication where the group or its
    network requires it.
    """
    if readable and viewer.is_staff:
        groups = Group.objects.all()
    elif readable:
        moderated = [gid for gid in viewer.network_ids if viewer.has_role(gid, Role.MODERATOR)]
        groups = Group.objects.filter(
            Q(pk__in=viewer.group_ids)
            | (Q(parent_id__in=moderated) & ~Q(visibility=Visibility.SECRET))
        )
    else:
        groups = Group.objects.filter(pk__in=viewer.group_ids)
    if not viewer.has_mfa:
        groups = groups.exclude(requires_mfa=True).exclude(parent__requires_mfa=True)
    return groups.order_by().values("pk")


def filter_rooms(viewer: Viewer, queryset: QuerySet[Room]) -> QuerySet[Room]:
    """The rooms the viewer takes part in (the room list, unread counts).

    Staff read every group room from its group's page, but only their own are listed: a list of
    every zone and group of the site would bury their conversations.
    """
    if not viewer.is_authenticated:
        return queryset.none()
    conversations = Q(pk__in=RoomMember.objects.filter(user=viewer.user).values("room_id"))
    groups = Q(kind=RoomKind.GROUP, group_id__in=_group_room_groups(viewer))
    return queryset.filter(conversations | groups)


def filter_readable_rooms(viewer: Viewer, queryset: QuerySet[Room]) -> QuerySet[Room]:
    """The rooms the viewer may read now: their own and the group rooms they moderate (staff:
    every one). One query, for a socket re-checking its subscriptions."""
    if not viewer.is_authenticated:
        return queryset.none()
    conversations = Q(pk__in=RoomMember.objects.filter(user=viewer.user).values("room_id"))
    groups = Q(kind=RoomKind.GROUP, group_id__in=_group_room_groups(viewer, readable=True))
    return queryset.filter(conversations | groups)


def access_room(viewer: Viewer, room_id) -> Room:
    """The room if the viewer may read it; Http404 with the same words whether it exists or not.

    A member of a two-factor group without it gets MfaRequired (403): they know the group. The
    returned room carries `membership` (the viewer's RoomMember row, None in group rooms),
    `can_post` and `last_read_seq` (None when the viewer does not take part).
    """
    if not viewer.is_authenticated:
        raise Http404(ROOM_NOT_FOUND)
    room = Room.objects.select_related("group", "group__parent").filter(pk=room_id).first()
    if room is None:
        raise Http404(ROOM_NOT_FOUND)
    room.membership = None
    group = room.group
    if room.kind == RoomKind.GROUP and group is not None:
        member = viewer.is_member(group.pk)
        # Moderators read (and moderate) without taking part; staff are among them.
        if not (member or can_moderate_group(viewer, group)):
            raise Http404(ROOM_NOT_FOUND)
        if needs_mfa_setup(viewer, group):
            raise MfaRequired(_("This group requires two-factor authentication."))
        room.can_post = member
        marker = ReadMarker.objects.filter(room=room, user=viewer.user).first()
        room.last_read_seq = marker.last_read_seq if marker else (0 if member else None)
        return room
    room.membership = RoomMember.objects.filter(room=room, user=viewer.user).first()
    if room.membership is None:
        raise Http404(ROOM_NOT_FOUND)
    room.can_post = True
    room.last_read_seq = room.membership.last_read_seq
    return room


def check_post_in_room(viewer: Viewer, room: Room) -> None:
    """Writing (and read markers): the room's members only; moderators who are not members
    of the group read and moderate its room without writing in it."""
    if not room.can_post:
        raise PermissionDenied(_("Only members of the group can write here."))


def can_moderate_room(viewer: Viewer, room: Room) -> bool:
    """A group room: the group's moderators (can_moderate_group). A conversation: staff only,
    not even the member who started it: the others did not choose them."""
    if room.kind == RoomKind.GROUP and room.group is not None:
        return can_moderate_group(viewer, room.group)
    return viewer.is_staff


def can_edit_message(viewer: Viewer, message: Message) -> bool:
    return not message.is_deleted and message.author_id == viewer.user_id


def check_edit_message(viewer: Viewer, message: Message) -> None:
    if message.is_deleted:
        raise PermissionDenied(_("This message has been deleted."))
    if not can_edit_message(viewer, message):
        raise PermissionDenied(_("You can only edit your own messages."))


def can_delete_message(viewer: Viewer, room: Room, message: Message) -> bool:
    return not message.is_deleted and (
        message.author_id == viewer.user_id or can_moderate_room(viewer, room)
    )


def check_delete_message(viewer: Viewer, room: Room, message: Message) -> None:
    if message.is_deleted:
        raise PermissionDenied(_("This message has been deleted."))
    if not can_delete_message(viewer, room, message):
        raise PermissionDenied(_("You can only delete your own messages."))


def can_remove_member(viewer: Viewer, room: Room, member) -> bool:
    """Members leave by themselves; the member who started a conversation may remove others.

    A group room's members come and go with the group (its manage page), never from the room.
    """
    if room.kind != RoomKind.CONVERSATION:
        return False
    return member.pk == viewer.user_id or room.created_by_id == viewer.user_id or viewer.is_staff


def check_remove_member(viewer: Viewer, room: Room, member) -> None:
    if not can_remove_member(viewer, room, member):
        raise PermissionDenied(_("Only the member who started the conversation can remove others."))


def check_add_members(viewer: Viewer, room: Room) -> None:
    if room.kind != RoomKind.CONVERSATION or room.membership is None:
        raise PermissionDenied(_("Members can only be added to group conversations."))


def group_room_of(viewer: Viewer, group: Group) -> Room | None:
    """The room a group's page links to ("Chat"), for those who may read it; else None."""
    if not (viewer.is_member(group.pk) or can_moderate_group(viewer, group)):
        return None
    if needs_mfa_setup(viewer, group):
        return None
    return Room.objects.filter(group=group).first()
