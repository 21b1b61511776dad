"""Chat reads: room lists, history pages, replays. Callers pass rooms they may see."""

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from network.models import Message, Room, RoomMember
from network.permissions_chat import filter_rooms

HISTORY_PAGE = 50
REPLAY_BATCH = 200


def rooms_with_unread(user) -> QuerySet[Room]:
    """The member's rooms, most recently active first, each with `unread` and its members."""
    last_read = RoomMember.objects.filter(room=OuterRef(OuterRef("pk")), user=user).values(
        "last_read_seq"
    )[:1]
    unread = (
        Message.objects.filter(
            room=OuterRef("pk"), seq__gt=Coalesce(Subquery(last_read), 0), is_deleted=False
        )
        .exclude(author=user)
        .order_by()
        .values("room")
        .annotate(count=Count("pk"))
        .values("count")
    )
    members = Prefetch(
        "memberships", queryset=RoomMember.objects.select_related("user").order_by("user_id")
    )
    return (
        filter_rooms(user, Room.objects.all())
        .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0))
        .prefetch_related(members)
        .order_by("-last_seq", "-created")
    )


def room_label(room: Room, user) -> str:
    """A direct room is called after the other member; other rooms by their title."""
    if room.title:
        return room.title
    others = [m.user for m in room.memberships.all() if m.user_id != user.pk]
    return ", ".join(other.get_full_name() or other.username for other in others)


def history_page(room: Room, *, before: int | None = None) -> tuple[list[Message], bool]:
    """Up to HISTORY_PAGE messages before `before` (or the latest), oldest first; and whether
    older ones exist. One query."""
    messages = Message.objects.filter(room=room).order_by("-seq")
    if before is not None:
        messages = messages.filter(seq__lt=before)
    page = list(messages[: HISTORY_PAGE + 1])
    return list(reversed(page[:HISTORY_PAGE])), len(page) > HISTORY_PAGE


def messages_after(room_id: int, after: int, *, upto: int | None = None) -> list[Message]:
    """The next batch of messages after `after` in sequence order (deleted ones included)."""
    messages = Message.objects.filter(room_id=room_id, seq__gt=after).order_by("seq")
    if upto is not None:
        messages = messages.filter(seq__lte=upto)
    return list(messages[:REPLAY_BATCH])


def latest_messages(room_id: int) -> list[Message]:
    return list(reversed(Message.objects.filter(room_id=room_id).order_by("-seq")[:HISTORY_PAGE]))


def last_seqs(room_ids: list[int]) -> dict[int, int]:
    return dict(Room.objects.filter(pk__in=room_ids).values_list("pk", "last_seq"))


def message_in_room(room: Room, seq) -> Message | None:
    return Message.objects.filter(room=room, seq=seq).first()


def members_by_handles(handles: list[str]) -> tuple[list, list[str]]:
    """The active members with these handles, and the handles that name nobody."""
    found = list(get_user_model().objects.filter(is_active=True, username__in=handles))
    return found, sorted(set(handles) - {user.username for user in found})


def member_by_id_or_handle(value: str):
    users = get_user_model().objects.filter(is_active=True)
    if value.isdigit():
        return users.filter(pk=int(value)).first()
    return users.filter(username=value).first()


def room_members(room: Room) -> list[RoomMember]:
    return list(room.memberships.select_related("user").order_by("user__username"))


def direct_room_of(user, other) -> Room | None:
    low, high = sorted([user.pk, other.pk])
    return Room.objects.filter(direct_key=f"{low}:{high}").first()
