"""Chat reads: room lists, history pages, replays. Callers pass rooms they may see."""

from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from network.groups.membership import Memberships, memberships_for
from network.groups.permissions import (
    filter_people_by_usernames,
    filter_readable_rooms,
    filter_rooms,
)
from network.models import Group, Membership, Message, ReadMarker, Room, RoomMember

HISTORY_PAGE = 50
# A replay (subscribe, catch-up) sends at most this many messages, then `backlog {has_more}`.
REPLAY_PAGE = 100


# Before any message: "unread since you joined" for members without a read marker yet.
_BEGINNING = datetime(2000, 1, 1, tzinfo=UTC)


def rooms_with_unread(viewer: Memberships) -> QuerySet[Room]:
    """The viewer's rooms, most recently active first, each with `unread` and its members.

    A conversation's read position is its RoomMember row; a group room's is the viewer's
    ReadMarker, and without one (never opened) the messages since they joined the group count.
    One query for the rooms and their counts, one for the conversations' members.
    """
    user_id = viewer.user_id
    in_conversation = RoomMember.objects.filter(
        room=OuterRef(OuterRef("pk")), user_id=user_id
    ).values("last_read_seq")[:1]
    marker = ReadMarker.objects.filter(room=OuterRef(OuterRef("pk")), user_id=user_id).values(
        "last_read_seq"
    )[:1]
    joined = Membership.objects.filter(
        group_id=OuterRef(OuterRef("group_id")), user_id=user_id
    ).values("joined")[:1]
    unread = (
        Message.objects.filter(
            room=OuterRef("pk"),
            seq__gt=Coalesce(Subquery(in_conversation), Subquery(marker), 0),
            created__gte=Coalesce(Subquery(joined), Value(_BEGINNING)),
            is_deleted=False,
        )
        .exclude(author_id=user_id)
        .order_by()
        .values("room")
        .annotate(count=Count("pk"))
        .values("count")
    )
    members = Prefetch(
        "memberships",
        queryset=RoomMember.objects.select_related("user__profile").order_by("user_id"),
    )
    return (
        filter_rooms(viewer, Room.objects.all())
        .select_related("group")
        .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0))
        .prefetch_related(members)
        .order_by("-last_seq", "-created")
    )


def room_label(room: Room, user) -> str:
    """A direct room is called after the other member; other rooms by their title."""
    if room.title:
        return room.title
    others = [m.user for m in room.memberships.all() if m.user_id != user.pk]
    return ", ".join(other.public_name for other in others)


def history_page(room: Room, *, before: int | None = None) -> tuple[list[Message], bool]:
    """Up to HISTORY_PAGE messages before `before` (or the latest), oldest first; and whether
    older ones exist. One query."""
    messages = Message.objects.filter(room=room).order_by("-seq")
    if before is not None:
        messages = messages.filter(seq__lt=before)
    page = list(messages[: HISTORY_PAGE + 1])
    return list(reversed(page[:HISTORY_PAGE])), len(page) > HISTORY_PAGE


def messages_after(
    room_id: int, after: int, *, upto: int | None = None
) -> tuple[list[Message], bool]:
    """The next page of messages after `after` in sequence order (deleted ones included), and
    whether more follow it (up to `upto`). One query."""
    messages = Message.objects.filter(room_id=room_id, seq__gt=after).order_by("seq")
    if upto is not None:
        messages = messages.filter(seq__lte=upto)
    page = list(messages[: REPLAY_PAGE + 1])
    return page[:REPLAY_PAGE], len(page) > REPLAY_PAGE


def latest_messages(room_id: int) -> list[Message]:
    return list(reversed(Message.objects.filter(room_id=room_id).order_by("-seq")[:HISTORY_PAGE]))


def last_seqs(room_ids: list[int]) -> dict[int, int]:
    return dict(Room.objects.filter(pk__in=room_ids).values_list("pk", "last_seq"))


def message_in_room(room: Room, seq) -> Message | None:
    return Message.objects.filter(room=room, seq=seq).first()


def members_by_handles(viewer: Memberships, handles: list[str]) -> tuple[list, list[str]]:
    """The active members with these handles the viewer may see, and the handles that name
    nobody (or somebody whose profile is hidden from the viewer: the same answer)."""
    found = filter_people_by_usernames(viewer, handles)
    return found, sorted(set(handles) - {user.username for user in found})


def room_members(room: Room) -> list[RoomMember]:
    return list(room.memberships.select_related("user__profile").order_by("user__username"))


def direct_room_of(user, other) -> Room | None:
    low, high = sorted([user.pk, other.pk])
    return Room.objects.filter(direct_key=f"{low}:{high}").first()


def fresh_member(user_id: int):
    """The member loaded afresh with their memberships computed on it, or (None, None) once the
    account is closed. A socket's user object keeps its first computations (memberships, forum
    rights), so a socket refreshes by replacing it."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None, None
    return user, memberships_for(user)


def fresh_memberships(user_id: int) -> Memberships:
    """Recomputed from a freshly loaded user: a socket's user keeps its first computation."""
    return memberships_for(get_user_model().objects.filter(pk=user_id).first())


def readable_room_ids(viewer: Memberships, room_ids) -> set[int]:
    """Which of these rooms the viewer may still read (one query)."""
    rooms = filter_readable_rooms(viewer, Room.objects.filter(pk__in=list(room_ids)))
    return set(rooms.values_list("pk", flat=True))


def group_of_room(room_id: int) -> Group | None:
    room = Room.objects.select_related("group", "group__parent").filter(pk=room_id).first()
    return room.group if room else None
