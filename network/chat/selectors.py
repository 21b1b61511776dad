"""Chat reads: room lists, history pages, replays. Callers pass rooms they may see."""

from datetime import UTC, datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.timezone import localtime

from members.models import User
from members.selectors import named_from
from network.core.search_words import query_terms, starts_of_words
from network.core.viewer import Viewer
from network.groups.permissions import (
    filter_people_by_handles,
    filter_readable_rooms,
    filter_rooms,
    filter_visible_users,
)
from network.models import Group, Membership, Message, ReadMarker, Room, RoomKind, RoomMember

HISTORY_PAGE = 50
# A replay (subscribe, catch-up) sends at most this many messages, then `backlog {has_more}`.
REPLAY_PAGE = 100


# Before any message: "unread since you joined" for members without a read marker yet.
_BEGINNING = datetime(2000, 1, 1, tzinfo=UTC)


def rooms_with_unread(viewer: Viewer) -> QuerySet[Room]:
    """The viewer's rooms, most recently active first, each with `unread` and its members.

    A conversation's read position is its RoomMember row; a group room's is the viewer's
    ReadMarker, and without one (never opened) the messages since they joined the group count.
    One query for the rooms, their counts and last messages, one for the conversations' members.
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
    last = Message.objects.filter(room=OuterRef("pk"), seq=OuterRef("last_seq"))
    members = Prefetch(
        "memberships",
        queryset=RoomMember.objects.select_related("user__profile").order_by("user_id"),
    )
    return (
        filter_rooms(viewer, Room.objects.all())
        .select_related("group")
        .annotate(
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
            # The last message's preview, in the same query (the room list's left pane).
            last_body=Subquery(last.values("body")[:1]),
            last_author=Subquery(last.values("author_name")[:1]),
            last_created=Subquery(last.values("created")[:1]),
            last_deleted=Subquery(last.values("is_deleted")[:1]),
        )
        .prefetch_related(members)
        .order_by("-last_seq", "-created")
    )


def search_in_room(room: Room, query: str) -> list[Message]:
    """The latest page of the room's undeleted messages with every word of `query`, oldest
    first: each word matches the start of a word of the message in any of its forms, as in the
    directory. The caller has passed the room through the access policy. One query (and one for
    files)."""
    terms = query_terms(query)
    if not terms:
        return []
    found = Message.objects.filter(room=room, is_deleted=False).filter(
        starts_of_words("search_words", terms)
    )
    return list(reversed(found.order_by("-seq").prefetch_related("attachments")[:HISTORY_PAGE]))


def label_rooms(rooms, user) -> list[Room]:
    """Give each listed room its `label` and, for a direct room, the `other` person (its face)."""
    for room in rooms:
        room.label = room_label(room, user)
        others = [m.user for m in room.memberships.all() if m.user_id != user.pk]
        room.other = others[0] if room.direct_key and others else None
    return rooms


# Messages by one author closer than this in time are shown as one block under one name.
_GROUP_GAP = timedelta(minutes=5)


def mark_thread(messages: list[Message], *, last_read_seq: int, user_id: int) -> None:
    """Set what the log shows between messages: `new_day` (a day separator before it),
    `continued` (same author, same block: no repeated name and face) and `first_unread`."""
    previous = None
    unread_marked = False
    for message in messages:
        day = localtime(message.created).date()
        message.new_day = previous is None or localtime(previous.created).date() != day
        message.first_unread = (
            not unread_marked and message.seq > last_read_seq and message.author_id != user_id
        )
        unread_marked = unread_marked or message.first_unread
        message.continued = (
            previous is not None
            and not message.new_day
            and not message.first_unread
            and not previous.is_deleted
            and previous.author_id == message.author_id
            and message.created - previous.created < _GROUP_GAP
        )
        previous = message


def room_label(room: Room, user) -> str:
    """A direct room is called after the other member; other rooms by their title."""
    if room.title:
        return room.title
    others = [m.user for m in room.memberships.all() if m.user_id != user.pk]
    return ", ".join(other.public_name for other in others)


def history_page(room: Room, *, before: int | None = None) -> tuple[list[Message], bool]:
    """Up to HISTORY_PAGE messages before `before` (or the latest), oldest first; and whether
    older ones exist. One query."""
    messages = Message.objects.filter(room=room).order_by("-seq").prefetch_related("attachments")
    if before is not None:
        messages = messages.filter(seq__lt=before)
    page = list(messages[: HISTORY_PAGE + 1])
    return list(reversed(page[:HISTORY_PAGE])), len(page) > HISTORY_PAGE


def messages_after(
    room_id: int, after: int, *, upto: int | None = None
) -> tuple[list[Message], bool]:
    """The next page of messages after `after` in sequence order (deleted ones included), and
    whether more follow it (up to `upto`). One query."""
    messages = (
        Message.objects.filter(room_id=room_id, seq__gt=after)
        .order_by("seq")
        .prefetch_related("attachments")
    )
    if upto is not None:
        messages = messages.filter(seq__lte=upto)
    page = list(messages[: REPLAY_PAGE + 1])
    return page[:REPLAY_PAGE], len(page) > REPLAY_PAGE


def latest_messages(room_id: int) -> list[Message]:
    latest = Message.objects.filter(room_id=room_id).prefetch_related("attachments")
    return list(reversed(latest.order_by("-seq")[:HISTORY_PAGE]))


def last_seqs(room_ids: list[int]) -> dict[int, int]:
    return dict(Room.objects.filter(pk__in=room_ids).values_list("pk", "last_seq"))


def message_in_room(room: Room, seq) -> Message | None:
    return Message.objects.filter(room=room, seq=seq).first()


def members_by_handles(viewer: Viewer, handles: list[str]) -> tuple[list, list[str]]:
    """The active members with these handles the viewer may see, and the handles that name
    nobody (or somebody whose profile is hidden from the viewer: the same answer)."""
    found = filter_people_by_handles(viewer, handles)
    named = {user.username for user in found} | {user.public_handle for user in found}
    return found, sorted(set(handles) - named)


def people_to_write_to(viewer: Viewer, prefix: str, *, limit: int = 8) -> list:
    """Active members the viewer may see (and so write to), by the start of their handle or name
    (never their user name, which may be their e-mail's local part), themselves left out."""
    found = named_from(User.objects.filter(is_active=True).exclude(pk=viewer.user_id), prefix)
    found = filter_visible_users(viewer, found).select_related("profile__library")
    return list(found.order_by("profile__handle")[:limit])


def mention_candidates(viewer: Viewer, room: Room, prefix: str, *, limit: int = 8) -> list:
    """Whom the viewer may @mention in the room: the people a mention there tells (a group's
    members, a conversation's), if the viewer may see them, by the start of their handle or name
    (never their user name), themselves left out."""
    if room.kind == RoomKind.GROUP:
        people = User.objects.filter(memberships__group_id=room.group_id)
    else:
        people = User.objects.filter(chat_memberships__room=room)
    found = named_from(people.filter(is_active=True).exclude(pk=viewer.user_id), prefix)
    found = filter_visible_users(viewer, found).select_related("profile__library")
    return list(found.order_by("profile__handle")[:limit])


def room_members(room: Room, listed: Room | None = None) -> list[RoomMember]:
    """The room's members by handle; from `listed` (the same room from rooms_with_unread, its
    members already read) without a query."""
    if listed is not None:
        return sorted(listed.memberships.all(), key=lambda member: member.user.public_handle)
    return list(room.memberships.select_related("user__profile").order_by("user__profile__handle"))


def direct_room_of(user, other) -> Room | None:
    low, high = sorted([user.pk, other.pk])
    return Room.objects.filter(direct_key=f"{low}:{high}").first()


def readable_room_ids(viewer: Viewer, room_ids) -> set[int]:
    """Which of these rooms the viewer may still read (one query)."""
    rooms = filter_readable_rooms(viewer, Room.objects.filter(pk__in=list(room_ids)))
    return set(rooms.values_list("pk", flat=True))


def group_of_room(room_id: int) -> Group | None:
    room = Room.objects.select_related("group", "group__parent").filter(pk=room_id).first()
    return room.group if room else None
