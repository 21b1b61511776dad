import factory

from network.models import Room, RoomKind, RoomMember
from tests.members.factories import UserFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    kind = RoomKind.CONVERSATION
    title = factory.Sequence(lambda n: f"Rozmowa {n}")
    created_by = factory.SubFactory(UserFactory)
    # A group room belongs to a network, group or zone; other rooms to none.
    group = factory.Maybe(
        factory.LazyAttribute(lambda room: room.kind == RoomKind.GROUP),
        yes_declaration=factory.SubFactory("tests.network.factories.GroupFactory"),
        no_declaration=None,
    )


class RoomMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoomMember

    room = factory.SubFactory(RoomFactory)
    user = factory.SubFactory(UserFactory)


def conversation(*users, title="Kongres bibliotek"):
    """A group conversation whose members are `users` (the first one started it)."""
    room = RoomFactory(title=title, created_by=users[0])
    for user in users:
        RoomMemberFactory(room=room, user=user)
    return room
