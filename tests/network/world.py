"""The fixture world of the access tests: a public network with a page, a members-only group,
a public open group and a secret group with its own members, plus one person per role."""

from dataclasses import dataclass

from members.models import Profile
from network.chat.services import ensure_group_room
from network.groups.services.invitations import invite_to_group
from network.groups.services.memberships import add_member, join_group
from network.models import (
    Group,
    JoinPolicy,
    JoinRequest,
    NetworkIndexPage,
    NetworkPage,
    Role,
    Visibility,
)
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory
from tests.network.factories import GroupFactory, NetworkFactory

# Names that only the secret group's members (and staff) may ever read.
SECRET_NAME = "Tajna Rada Dyrektorów Zefir"
SECRET_DESCRIPTION = "Opis tajnej rady: budżet Kwiatkowo"
DIRECTOR_NAME = ("Bożydar", "Sekretny")


@dataclass
class World:
    network: Group
    members_only: Group
    public_group: Group
    secret: Group
    outsider: object
    member: object
    moderator: object
    staff: object
    director: object
    page: NetworkPage
    applicant: object
    join_request: JoinRequest
    invitation_token: str

    @property
    def private_texts(self) -> list[str]:
        # The slug is left out: a 404 page may echo the address the visitor typed.
        return [SECRET_NAME, SECRET_DESCRIPTION, DIRECTOR_NAME[1]]


def build_world(home) -> World:
    network = NetworkFactory(slug="siec", name="Sieć Otwarta")
    members_only = GroupFactory(
        parent=network,
        slug="tylko-czlonkowie",
        name="Grupa dla członków",
        visibility=Visibility.MEMBERS_ONLY,
        join_policy=JoinPolicy.REQUEST,
    )
    public_group = GroupFactory(parent=network, slug="otwarta", name="Grupa otwarta")
    secret = GroupFactory(
        parent=network,
        slug="zefir",
        name=SECRET_NAME,
        description=SECRET_DESCRIPTION,
        visibility=Visibility.SECRET,
        join_policy=JoinPolicy.INVITATION,
    )
    outsider = UserFactory(first_name="Olga", last_name="Obca")
    member = UserFactory(first_name="Marek", last_name="Członkowski")
    moderator = UserFactory(first_name="Monika", last_name="Moderska")
    staff = UserFactory(
        first_name="Stefan", last_name="Redakcyjny", is_staff=True, is_superuser=True
    )
    director = UserFactory(first_name=DIRECTOR_NAME[0], last_name=DIRECTOR_NAME[1])
    # The director shows their profile only to colleagues of their networks (they have none but
    # the secret group): a name that must not reach the directory or a profile page for others.
    ProfileFactory(
        user=director,
        handle="dyrektor",
        display_name=" ".join(DIRECTOR_NAME),
        visibility=Profile.Visibility.NETWORKS,
    )
    ProfileFactory(user=member, handle="marek", display_name="Marek Członkowski")
    for user, group, role in [
        (member, network, Role.MEMBER),
        (member, members_only, Role.MEMBER),
        (member, public_group, Role.MEMBER),
        (moderator, network, Role.MODERATOR),
        (moderator, members_only, Role.ADMIN),
        (director, secret, Role.ADMIN),
    ]:
        add_member(user=user, group=group, role=role)
    # Every network and group has its chat room (`group.room`).
    for group in [network, members_only, public_group, secret]:
        ensure_group_room(group=group)
    # A pending invitation to the secret group and a pending request to the members-only one.
    _invitation, token = invite_to_group(
        group=secret, email="zaproszona@example.org", invited_by=director
    )
    applicant = UserFactory(first_name="Adam", last_name="Aplikant")
    add_member(user=applicant, group=network)
    join_request = join_group(user=applicant, group=members_only)
    index = home.add_child(instance=NetworkIndexPage(title="Sieci", slug="networks"))
    page = index.add_child(
        instance=NetworkPage(title=network.name, slug=network.slug, network=network)
    )
    return World(
        network=network,
        members_only=members_only,
        public_group=public_group,
        secret=secret,
        outsider=outsider,
        member=member,
        moderator=moderator,
        staff=staff,
        director=director,
        page=page,
        applicant=applicant,
        join_request=join_request,
        invitation_token=token,
    )
