from network.models.chat import Message, Room, RoomKind, RoomMember
from network.models.pages import HomePage, StandardPage

__all__ = ["HomePage", "Message", "Room", "RoomKind", "RoomMember", "StandardPage"]
