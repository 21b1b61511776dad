"""Who may see chat rooms and act on messages (folded into network/permissions.py at merge).

Direct and group conversations are seen by their RoomMember rows. Group rooms follow the networks
access policy through `can_see_group_room` and `can_moderate_group_room`, the only two places that
decide them; until the Group model is connected they grant access to staff only.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from network.models import Message, Room, RoomKind, RoomMember

# The same words for "does not exist" and "may not see", so a private room's existence never leaks.
ROOM_NOT_FOUND = "Room not found."


def can_see_group_room(user, room: Room) -> bool:
    """Connected to the networks policy at merge (members of the room's group); staff today."""
    return user.is_authenticated and user.is_staff


def can_moderate_group_room(user, room: Room) -> bool:
    """Connected to the networks policy at merge (the group's moderators); staff today."""
    return user.is_authenticated and user.is_staff


def filter_rooms(user, queryset: QuerySet[Room]) -> QuerySet[Room]:
    if not user.is_authenticated:
        return queryset.none()
    visible = Q(pk__in=RoomMember.objects.filter(user=user).values("room_id"))
    if user.is_staff:
        visible |= Q(kind=RoomKind.GROUP)
    return queryset.filter(visible)


def access_room(user, room_id) -> Room:
    """The room if the user may see it; Http404 with the same words whether it exists or not.

    The returned room carries `membership`: the user's RoomMember row, or None for a group room.
    """
    if not user.is_authenticated:
        raise Http404(ROOM_NOT_FOUND)
    room = Room.objects.filter(pk=room_id).first()
    if room is None:
        raise Http404(ROOM_NOT_FOUND)
    room.membership = RoomMember.objects.filter(room=room, user=user).first()
    if room.kind == RoomKind.GROUP:
        if not can_see_group_room(user, room):
            raise Http404(ROOM_NOT_FOUND)
    elif room.membership is None:
        raise Http404(ROOM_NOT_FOUND)
    return room


def can_moderate_room(user, room: Room) -> bool:
    # In direct and group conversations nobody but staff moderates, not even the member who
    # started it: the others did not choose them.
    if room.kind == RoomKind.GROUP:
        return can_moderate_group_room(user, room)
    return user.is_authenticated and user.is_staff


def can_edit_message(user, message: Message) -> bool:
    return not message.is_deleted and message.author_id == user.pk


def check_edit_message(user, message: Message) -> None:
    if message.is_deleted:
        raise PermissionDenied(_("This message has been deleted."))
    if not can_edit_message(user, message):
        raise PermissionDenied(_("You can only edit your own messages."))


def can_delete_message(user, room: Room, message: Message) -> bool:
    return not message.is_deleted and (
        message.author_id == user.pk or can_moderate_room(user, room)
    )


def check_delete_message(user, room: Room, message: Message) -> None:
    if message.is_deleted:
        raise PermissionDenied(_("This message has been deleted."))
    if not can_delete_message(user, room, message):
        raise PermissionDenied(_("You can only delete your own messages."))


def can_remove_member(user, room: Room, member) -> bool:
    """Members leave by themselves; the member who started a conversation may remove others."""
    if room.kind != RoomKind.CONVERSATION:
        return False
    return member.pk == user.pk or room.created_by_id == user.pk or user.is_staff


def check_remove_member(user, room: Room, member) -> None:
    if not can_remove_member(user, room, member):
        raise PermissionDenied(_("Only the member who started the conversation can remove others."))


def check_add_members(user, room: Room) -> None:
    if room.kind != RoomKind.CONVERSATION or room.membership is None:
        raise PermissionDenied(_("Members can only be added to group conversations."))
