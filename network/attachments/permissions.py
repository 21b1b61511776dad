"""Who may read an attachment: whoever may read a post or message that references it (decided
here, from that content, at each request), or its uploader while it is attached to nothing.

Anyone else gets the same 404 as for an attachment that does not exist.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from network.attachments.references import REFERENCES, TARGETS, register_reference, register_target
from network.groups import permissions as network_permissions
from network.models import Attachment, Message

MAX_ID = 2**63 - 1


def _id(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise Http404
    return value


def access_attachment(viewer, attachment_id) -> tuple[Attachment, bool]:
    """The attachment, and whether anonymous visitors may read it too (public caching)."""
    attachment = Attachment.objects.filter(pk=_id(attachment_id)).first()
    if attachment is None:
        raise Http404
    for reference in REFERENCES.values():
        content_id = getattr(attachment, f"{reference.field}_id")
        if content_id is not None:
            if not reference.readable(viewer, content_id):
                raise Http404
            return attachment, reference.public(content_id)
    if viewer.is_authenticated and attachment.uploader_id == viewer.user.pk:
        return attachment, False
    raise Http404


def check_upload_target(viewer, target: str) -> None:
    """May the viewer attach files to what `target` ("kind:key") names? Http404 when they may not
    see it, PermissionDenied with the reason when they may see but not write there."""
    if not viewer.is_authenticated:
        raise PermissionDenied(_("Log in to attach files."))
    kind, _sep, key = str(target).partition(":")
    check = TARGETS.get(kind)
    if check is None or not key:
        raise Http404
    check(viewer, key)


# Chat messages: readable by those who may read their room, while the message is not deleted.


def _message_readable(viewer, message_id: int) -> bool:
    room_id = (
        Message.objects.filter(pk=message_id, is_deleted=False)
        .values_list("room_id", flat=True)
        .first()
    )
    if room_id is None:
        return False
    try:
        network_permissions.access_room(viewer, room_id)
    except (Http404, PermissionDenied):
        return False
    return True


def _room_target(viewer, key: str) -> None:
    if not key.isdigit():
        raise Http404
    room = network_permissions.access_room(viewer, _id(int(key)))
    network_permissions.check_post_in_room(viewer, room)


register_reference("message", readable=_message_readable, public=lambda _message_id: False)
register_target("room", _room_target)
