"""What networks, groups and chat hold about a member, for "download my data" and erasure.

Imported by NetworkConfig.ready(); the registry is members.services.personal_data. On erase chat
messages keep their number (the others in the room answered them) and are removed like a deleted
message, shown as by a deleted member, like forum posts (docs/decisions.md).
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from members.services.personal_data import deleted_member_name, iso, register
from network.attachments.services import delete_uploads_of, stored_full_file
from network.chat.services import leave_all_rooms
from network.groups.services.memberships import leave_group
from network.models import (
    Attachment,
    Invitation,
    JoinRequest,
    Membership,
    MembershipEvent,
    Message,
    ReadMarker,
    Room,
    RoomMember,
)


def _room(room: Room) -> dict:
    return {"id": room.pk, "kind": room.kind, "title": room.title or None}


def export_chat_rooms(user) -> dict:
    return {
        "conversations": [
            {**_room(m.room), "joined": iso(m.joined), "read_up_to": m.last_read_seq}
            for m in RoomMember.objects.filter(user_id=user.pk)
            .select_related("room")
            .order_by("pk")
        ],
        "group_rooms_read": [
            {**_room(m.room), "read_up_to": m.last_read_seq}
            for m in ReadMarker.objects.filter(user_id=user.pk)
            .select_related("room")
            .order_by("pk")
        ],
        "started": [
            {**_room(room), "created": iso(room.created)}
            for room in Room.objects.filter(created_by_id=user.pk).order_by("pk")
        ],
    }


def erase_chat_rooms(user) -> None:
    leave_all_rooms(user=user)
    Room.objects.filter(created_by_id=user.pk).update(created_by=None)


def export_chat_messages(user) -> list[dict]:
    """Every message the member sent, in every room and conversation (deleted ones too)."""
    return [
        {
            "room": message.room_id,
            "number": message.seq,
            "sent": iso(message.created),
            "edited": iso(message.edited),
            "deleted": message.is_deleted,
            "body": message.body,
        }
        for message in Message.objects.filter(author_id=user.pk).order_by("room_id", "seq")
    ]


def erase_chat_authorship(user) -> None:
    """What network.chat.services.delete_message stores, for all of them at once.

    No "deleted" frame per message: a prolific member would hold the request for thousands of
    broadcasts. Open pages show the change when they reload or resubscribe (the replay sends
    deleted messages as "deleted").
    """
    messages = Message.objects.filter(author_id=user.pk)
    messages.filter(is_deleted=False).update(
        is_deleted=True, deleted_at=timezone.now(), deleted_by=user
    )
    messages.update(
        author_name=deleted_member_name(), author_handle="", body="", body_html="", search_words=""
    )


def _attachments_of(user):
    return Attachment.objects.filter(uploader_id=user.pk).order_by("pk")


def _archive_path(attachment: Attachment) -> str:
    return f"files/attachments/{attachment.pk}-{attachment.name}"


def export_attachments(user) -> list[dict]:
    """The member's files: where each is attached, and its name in the download."""
    return [
        {
            "name": a.name,
            "type": a.content_type,
            "size": a.size,
            "uploaded": iso(a.created),
            "forum_post": a.post_id,
            "chat_message": a.message_id,
            "alternative_text": a.alt_text,
            "caption": a.caption,
            "file": _archive_path(a),
        }
        for a in _attachments_of(user)
    ]


def attachment_files(user):
    """The full size of each file (metadata already stripped from images), opened lazily."""
    for attachment in _attachments_of(user):
        stored = stored_full_file(attachment)
        if stored is not None:
            yield _archive_path(attachment), stored


def erase_attachments(user) -> None:
    # Their bytes leave storage once the erasure commits (network.attachments.receivers).
    delete_uploads_of(user=user)


def export_memberships(user) -> dict:
    return {
        "memberships": [
            {"group": m.group.name, "kind": m.group.kind, "role": m.role, "joined": iso(m.joined)}
            for m in Membership.objects.filter(user_id=user.pk).select_related("group")
        ],
        "join_requests": [
            {
                "group": r.group.name,
                "message": r.message,
                "status": r.status,
                "reason": r.reason,
                "created": iso(r.created),
                "decided": iso(r.decided_at),
            }
            for r in JoinRequest.objects.filter(user_id=user.pk).select_related("group")
        ],
        "history": [
            {"group": e.group.name, "action": e.action, "when": iso(e.created)}
            for e in MembershipEvent.objects.filter(Q(target_id=user.pk) | Q(actor_id=user.pk))
            .select_related("group")
            .order_by("pk")
        ],
    }


@transaction.atomic
def erase_memberships(user) -> None:
    for membership in Membership.objects.filter(user_id=user.pk).select_related("group"):
        leave_group(user=user, group=membership.group)
    # A request's message and the manager's reason are about the member; the request goes.
    JoinRequest.objects.filter(user_id=user.pk).delete()
    # The change log stays (who managed the group, when), its rows pointing at the erased account.


def export_invitations(user) -> dict:
    return {
        "sent": [
            {
                "group": i.group.name,
                "role": i.role,
                "created": iso(i.created),
                "used": iso(i.used_at),
            }
            for i in Invitation.objects.filter(invited_by_id=user.pk).select_related("group")
        ],
        "accepted": [
            {"group": i.group.name, "used": iso(i.used_at)}
            for i in Invitation.objects.filter(used_by_id=user.pk).select_related("group")
        ],
    }


def erase_invitations(user) -> None:
    # The address the member used to be invited at is theirs; other invitations they sent stay.
    Invitation.objects.filter(used_by_id=user.pk).update(email="", used_by=None)


register(
    (Room, RoomMember, ReadMarker), "chat/rooms", export=export_chat_rooms, erase=erase_chat_rooms
)
register(Message, "chat/messages", export=export_chat_messages, erase=erase_chat_authorship)
register(
    (Membership, JoinRequest, MembershipEvent),
    "network/memberships",
    export=export_memberships,
    erase=erase_memberships,
)
register(
    Attachment,
    "attachments",
    export=export_attachments,
    erase=erase_attachments,
    files=attachment_files,
)
register(Invitation, "network/invitations", export=export_invitations, erase=erase_invitations)
