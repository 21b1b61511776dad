"""The directory's network and zone filters: only groups whose member list the viewer may see."""

import pytest

from network.groups.services.memberships import add_member
from network.models import GroupKind, Visibility
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory
from tests.network.factories import GroupFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def names(response):
    return [profile.display_name for profile in response.context["page_obj"].object_list]


def choices(response, field):
    return [value for value, _label in response.context["form"].fields[field].choices if value]


@pytest.fixture
def world():
    labib = NetworkFactory(slug="labib", name="LABIB")
    zones = NetworkFactory(slug="strefy-innowacji", name="Strefy Innowacji")
    konin = GroupFactory(kind=GroupKind.ZONE, parent=zones, slug="strefa-konin", name="Konin")
    secret = GroupFactory(
        parent=labib,
        kind=GroupKind.ZONE,
        slug="tajna",
        name="Tajna Strefa Zefir",
        visibility=Visibility.SECRET,
    )
    hidden_net = NetworkFactory(slug="rada", name="Rada Niejawna", visibility=Visibility.SECRET)
    anna = ProfileFactory(display_name="Anna Kowalska")
    jan = ProfileFactory(display_name="Jan Nowak")
    ProfileFactory(display_name="Ewa Zielińska")
    for group in (labib, konin, secret, hidden_net):
        add_member(user=anna.user, group=group)
    add_member(user=jan.user, group=labib)
    viewer = UserFactory()
    add_member(user=viewer, group=labib)
    return {
        "labib": labib,
        "konin": konin,
        "secret": secret,
        "hidden_net": hidden_net,
        "viewer": viewer,
        "anna": anna,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("network=labib", ["Anna Kowalska", "Jan Nowak"]),
        ("zone=strefa-konin", ["Anna Kowalska"]),
        ("network=labib&zone=strefa-konin", ["Anna Kowalska"]),
        ("network=labib&q=nowak", ["Jan Nowak"]),
    ],
)
def test_members_filter_by_network_and_zone(client, world, query, expected):
    client.force_login(world["viewer"])
    assert names(client.get(f"/pl/members/?{query}")) == expected


def test_the_choices_are_the_groups_whose_members_the_viewer_may_see(client, world):
    client.force_login(world["viewer"])
    response = client.get("/en/members/")
    assert choices(response, "network") == ["labib", "strefy-innowacji"]
    assert choices(response, "zone") == ["strefa-konin"]
    page = response.content.decode()
    assert "Tajna Strefa Zefir" not in page
    assert "Rada Niejawna" not in page


@pytest.mark.parametrize(
    ("query", "unknown"),
    [("zone=tajna", "zone=no-such-zone"), ("network=rada", "network=no-such-network")],
)
def test_a_secret_group_answers_like_one_that_does_not_exist(client, world, query, unknown):
    client.force_login(world["viewer"])
    secret = client.get(f"/en/members/?{query}")
    missing = client.get(f"/en/members/?{unknown}")
    assert names(secret) == names(missing) == []
    assert secret.status_code == missing.status_code == 200
    assert secret.context["form"].errors == missing.context["form"].errors
    body = secret.content.decode()
    assert "Anna Kowalska" not in body
    assert "Choose a" in body
    assert "tajna" not in body.split('id="directory-results"')[1]


def test_the_secret_groups_members_may_filter_by_it(client, world):
    client.force_login(world["anna"].user)
    assert names(client.get("/pl/members/?zone=tajna")) == ["Anna Kowalska"]


def test_anonymous_visitors_get_no_group_filters(client, world):
    response = client.get("/pl/members/?network=labib")
    assert names(response) == []
    assert response.context["form"].errors
    assert choices(response, "network") == []


def test_a_members_only_network_is_offered_to_its_members_only(client, world):
    world["labib"].visibility = Visibility.MEMBERS_ONLY
    world["labib"].save()
    client.force_login(UserFactory())
    assert "labib" not in choices(client.get("/pl/members/"), "network")
    client.force_login(world["viewer"])
    assert "labib" in choices(client.get("/pl/members/"), "network")


def test_the_filter_works_with_htmx(client, world):
    client.force_login(world["viewer"])
    html = client.get(
        "/pl/members/?zone=strefa-konin", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in html
    assert "Anna Kowalska" in html
    assert "Jan Nowak" not in html
