from network.models.attachments import Attachment, AttachmentKind
from network.models.chat import Message, ReadMarker, Room, RoomKind, RoomMember
from network.models.content import *  # noqa: F403  (the editorial page types, see content.__all__)
from network.models.legal import LegalKind, LegalPage
from network.models.networks import *  # noqa: F403  (names listed in its __all__)
from network.models.pages import HomePage, StandardPage

__all__ = [
    "Attachment",
    "AttachmentKind",
    "HomePage",
    "LegalKind",
    "LegalPage",
    "Message",
    "ReadMarker",
    "Room",
    "RoomKind",
    "RoomMember",
    "StandardPage",
]
