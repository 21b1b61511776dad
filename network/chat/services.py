"""Chat writes, shared by the HTTP views, the WebSocket consumer, the admin and seed_demo.

`send_message` is the one send flow, for the chat page's form and the socket's `send` frame
alike: rate limit, access, permission, post. The other writes leave authorising to their callers
(the chat part of network/groups/permissions.py). All keep the invariants: a message is stored
before it is broadcast, per-room sequence numbers follow commit order, and a resend with the same
client_id is acknowledged without being stored twice.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from members.models import Notification, NotificationKind, User
from members.selectors import mention_links
from members.services.notifications import notify
from network.attachments import services as attachment_services
from network.attachments.services import Choice
from network.chat import events as chat_events
from network.chat import presence as chat_presence
from network.core.live import send_on_commit, viewer_changed_on_commit
from network.core.markdown import render_markdown
from network.core.mentions import mentioned_handles
from network.core.paths import without_language
from network.core.rate_limit import allow
from network.core.search_words import folded_words
from network.core.text_rules import check_user_text
from network.core.viewer import Viewer
from network.groups.permissions import access_room, check_post_in_room
from network.models import Group, Message, ReadMarker, Room, RoomKind, RoomMember
from network.models.chat import MAX_BODY_CHARS, MAX_CONVERSATION_MEMBERS

MAX_CLIENT_ID_CHARS = 64
SEND_WINDOW_SECONDS = 5


@dataclass(frozen=True)
class PostResult:
    message: Message
    created: bool


def handle_of(user: User) -> str:
    """The handle a chat shows and mentions: the profile's (User.public_handle)."""
    return user.public_handle


def display_name(user: User) -> str:
    """The name a message is signed with: the member's public name, never their e-mail."""
    return user.public_name[:300]


def room_path(room_id: int) -> str:
    """The room's address without a language prefix: the site redirects by the reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("chat:room", kwargs={"room_id": room_id})
    return without_language(path)


def allow_send(*, user: User) -> bool:
    """Counts a send against the member's allowance: CHAT_SEND_LIMIT per SEND_WINDOW_SECONDS."""
    return allow(
        "chat", user.pk, limit=settings.CHAT_SEND_LIMIT, window_seconds=SEND_WINDOW_SECONDS
    )


def clean_body(body: str) -> str:
    check_user_text(body)
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a message first."), code="empty")
    if len(body) > MAX_BODY_CHARS:
        raise ValidationError(
            _("A message can be at most %(limit)d characters long.") % {"limit": MAX_BODY_CHARS},
            code="too_long",
        )
    return body


def render_body(author: User, body: str) -> SafeString:
    """A message's HTML: the one renderer, with the @mentions the author may reach as links. The
    composer's preview (render_preview) and every stored message go through it."""
    html = render_markdown(body, mention_links(author, body)).strip()
    return mark_safe(html)  # noqa: S308 - render_markdown's cleaned output, only stripped


def render_preview(*, author: User, body: str) -> SafeString:
    """What sending `body` would show; the same checks as sending (ValidationError)."""
    return render_body(author, clean_body(body))


def _clean_client_id(client_id: str) -> str:
    if not isinstance(client_id, str) or not 0 < len(client_id) <= MAX_CLIENT_ID_CHARS:
        raise ValidationError(_("The message has no valid client id."), code="bad_request")
    return client_id


class SendingTooFast(Exception):
    """The member has used up CHAT_SEND_LIMIT sends in the current window."""


def send_message(
    *,
    viewer: Viewer,
    room_id: int,
    body: str,
    client_id: str,
    attachments: Choice | None = None,
) -> PostResult:
    """A member sends a message: counted against their allowance first (so a flood costs no
    queries), then the room as access_room finds it (Http404, MfaRequired), then
    check_post_in_room (PermissionDenied), then post_message (ValidationError)."""
    if not allow_send(user=viewer.user):
        raise SendingTooFast(_("You are sending too fast; wait a moment and retry."))
    room = access_room(viewer, room_id)
    check_post_in_room(viewer, room)
    return post_message(
        room=room, author=viewer.user, body=body, client_id=client_id, attachments=attachments
    )


@transaction.atomic
def post_message(
    *, room: Room, author: User, body: str, client_id: str, attachments: Choice | None = None
) -> PostResult:
    body = clean_body(body)
    client_id = _clean_client_id(client_id)
    # The row lock serialises writers of this room (SQLite serialises all writers), so sequence
    # numbers are handed out in commit order and a reader resuming "after N" never skips one.
    locked = Room.objects.select_for_update().get(pk=room.pk)
    existing = Message.objects.filter(room=locked, author=author, client_id=client_id).first()
    if existing is not None:
        return PostResult(existing, created=False)
    seq = locked.last_seq + 1
    Room.objects.filter(pk=locked.pk).update(last_seq=seq)
    room.last_seq = seq
    message = Message.objects.create(
        room=locked,
        seq=seq,
        author=author,
        author_name=display_name(author),
        author_handle=handle_of(author),
        client_id=client_id,
        body=body,
        body_html=render_body(author, body),
        search_words=folded_words(body),
    )
    if attachments is not None and attachments.ids:
        attachment_services.attach(user=author, choice=attachments, message=message)
    # The author has read what they wrote.
    RoomMember.objects.filter(room=locked, user=author).update(last_read_seq=seq)
    _notify_recipients(room=locked, message=message, author=author)
    send_on_commit([chat_events.room_group(locked.pk)], chat_events.message_frame(message))
    return PostResult(message, created=True)


def _notify_recipients(*, room: Room, message: Message, author: User) -> None:
    """A direct message or a mention tells members who are not in the room right now.

    Batched: while a member has an unread notification about this room, a new one is not made,
    so a burst of messages gives one notification (and one e-mail).
    """
    mentioned = mentioned_handles(message.body)
    if room.kind != RoomKind.DIRECT and not mentioned:
        return
    if room.kind == RoomKind.GROUP:
        # Only the group's own members read its room: nobody else can be told about it.
        people = User.objects.filter(memberships__group_id=room.group_id, is_active=True)
    else:
        people = User.objects.filter(chat_memberships__room=room)
    members = {member.pk: member for member in people.exclude(pk=author.pk)}
    online = chat_presence.online_user_ids(room.pk)
    url = room_path(room.pk)
    already = set(
        Notification.objects.filter(
            recipient__in=members, url=url, read_at__isnull=True
        ).values_list("recipient_id", flat=True)
    )
    waiting = [m for pk, m in members.items() if pk not in online and pk not in already]
    name = display_name(author)
    if room.kind == RoomKind.DIRECT:
        notify(
            recipients=waiting,
            kind=NotificationKind.DIRECT_MESSAGE,
            message="chat.direct",
            params={"name": name},
            url=url,
            actor=author,
        )
        return
    notify(
        # The profile handle; a user name typed by hand (older messages) still names its member.
        recipients=[m for m in waiting if {handle_of(m).lower(), m.username.lower()} & mentioned],
        kind=NotificationKind.MENTION,
        message="chat.mention",
        params={"name": name, "room": room.title},
        url=url,
        actor=author,
    )


@transaction.atomic
def edit_message(*, message: Message, body: str) -> Message:
    message.body = clean_body(body)
    message.body_html = render_body(message.author, message.body)
    message.search_words = folded_words(message.body)
    message.edited = timezone.now()
    message.save(update_fields=["body", "body_html", "search_words", "edited"])
    send_on_commit([chat_events.room_group(message.room_id)], chat_events.edited_frame(message))
    return message


@transaction.atomic
def delete_message(*, message: Message, by: User) -> Message:
    """Soft delete: the number stays taken, so the sequence has no holes for readers."""
    message.is_deleted = True
    message.deleted_at = timezone.now()
    message.deleted_by = by
    message.body = ""
    message.body_html = ""
    message.search_words = ""
    message.save(
        update_fields=[
            "is_deleted",
            "deleted_at",
            "deleted_by",
            "body",
            "body_html",
            "search_words",
        ]
    )
    attachment_services.delete_attachments(message=message)
    send_on_commit([chat_events.room_group(message.room_id)], chat_events.deleted_frame(message))
    return message


@transaction.atomic
def mark_read(*, room: Room, user: User, seq: int) -> bool:
    """Moves the member's read marker forward (never back); True when it moved."""
    seq = min(seq, Room.objects.values_list("last_seq", flat=True).get(pk=room.pk))
    if seq <= 0:
        return False
    if room.kind == RoomKind.GROUP:
        # Group rooms have no member rows: the marker row is made on the member's first read.
        moved = ReadMarker.objects.filter(room=room, user=user, last_read_seq__lt=seq).update(
            last_read_seq=seq
        )
        if not moved:
            _marker, moved = ReadMarker.objects.get_or_create(
                room=room, user=user, defaults={"last_read_seq": seq}
            )
    else:
        moved = RoomMember.objects.filter(room=room, user=user, last_read_seq__lt=seq).update(
            last_read_seq=seq
        )
    if not moved:
        return False
    # Reading the room answers its notifications, so the next message may notify again.
    Notification.objects.filter(
        recipient=user, url=room_path(room.pk), read_at__isnull=True
    ).update(read_at=timezone.now())
    send_on_commit(
        [chat_events.room_group(room.pk)], chat_events.read_frame(room.pk, handle_of(user), seq)
    )
    return True


@transaction.atomic
def open_direct_room(*, user: User, other: User) -> tuple[Room, bool]:
    """The one direct room of two members, created the first time; (room, created)."""
    if other.pk == user.pk:
        raise ValidationError(_("You cannot start a conversation with yourself."), code="self")
    low, high = sorted([user.pk, other.pk])
    room, created = Room.objects.get_or_create(
        direct_key=f"{low}:{high}", defaults={"kind": RoomKind.DIRECT, "created_by": user}
    )
    if created:
        RoomMember.objects.bulk_create(
            [RoomMember(room=room, user=user), RoomMember(room=room, user=other)]
        )
    return room, created


def _check_size(count: int) -> None:
    if count > MAX_CONVERSATION_MEMBERS:
        raise ValidationError(
            _("A conversation can have at most %(limit)d members.")
            % {"limit": MAX_CONVERSATION_MEMBERS},
            code="too_many_members",
        )


@transaction.atomic
def start_conversation(*, starter: User, title: str, members: list[User]) -> Room:
    """With one other person and no title: the direct room of the two (made the first time).
    Otherwise a new conversation, named after its other members when it has no title."""
    title = title.strip()
    people = {starter.pk: starter} | {member.pk: member for member in members}
    others = [person for pk, person in people.items() if pk != starter.pk]
    if not others:
        raise ValidationError(_("Add at least one other member."), code="too_few_members")
    if len(others) == 1 and not title:
        return open_direct_room(user=starter, other=others[0])[0]
    _check_size(len(people))
    title = title or ", ".join(sorted(person.public_name for person in others))
    room = Room.objects.create(kind=RoomKind.CONVERSATION, title=title[:120], created_by=starter)
    RoomMember.objects.bulk_create([RoomMember(room=room, user=user) for user in people.values()])
    return room


@transaction.atomic
def add_room_members(*, room: Room, users: list[User]) -> list[User]:
    locked = Room.objects.select_for_update().get(pk=room.pk)
    present = set(RoomMember.objects.filter(room=locked).values_list("user_id", flat=True))
    new = {user.pk: user for user in users if user.pk not in present}
    _check_size(len(present) + len(new))
    # Joining members start unread from now, not from the room's whole history.
    RoomMember.objects.bulk_create(
        [RoomMember(room=locked, user=user, last_read_seq=locked.last_seq) for user in new.values()]
    )
    return list(new.values())


@transaction.atomic
def remove_room_member(*, room: Room, user: User) -> None:
    """Removes (or lets leave) a member; their open sockets drop the room within a second."""
    RoomMember.objects.filter(room=room, user=user).delete()
    viewer_changed_on_commit(user.pk)


@transaction.atomic
def leave_all_rooms(*, user: User) -> None:
    """For account erasure: the member leaves every conversation (their open sockets drop the
    rooms) and their read markers go. Their messages stay, shown under the name snapshot."""
    for room in Room.objects.filter(memberships__user=user):
        remove_room_member(room=room, user=user)
    ReadMarker.objects.filter(user=user).delete()


@transaction.atomic
def ensure_group_room(*, group: Group) -> Room:
    """The one room of a network, group or zone, made the first time; its title follows the
    group's name. Called wherever groups are made (admin, seed, zones)."""
    title = group.name[:120]
    room, created = Room.objects.get_or_create(
        group=group, defaults={"kind": RoomKind.GROUP, "title": title}
    )
    if not created and room.title != title:
        room.title = title
        room.save(update_fields=["title"])
    return room


def group_membership_ended(*, group: Group, user: User) -> None:
    """Called by the membership services when a member leaves or is removed from `group`.

    Every open socket of the member recomputes its memberships (the ones computed at connect are
    stale now) and drops each room it may no longer read, with an `error {code: "removed"}`
    frame; the event leaves after commit, so the sockets see the membership already gone.
    """
    ReadMarker.objects.filter(room__group=group, user=user).delete()
    memberships_changed(user)


def memberships_changed(user: User) -> None:
    """Every open socket of `user` rebuilds its viewer after this transaction commits."""
    viewer_changed_on_commit(user.pk)
