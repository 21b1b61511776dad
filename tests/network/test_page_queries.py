"""The site's Wagtail pages (home, a zone, the networks and a network) cost a fixed number of
queries, for visitors and for members, however much they list; and finding the page in fewer
queries keeps Wagtail's rules: view restrictions, drafts, the parent for breadcrumbs."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from network.models import Membership, Visibility
from tests.members.factories import UserFactory
from tests.zones.factories import MeetupFactory, ZonePageFactory, make_zone_index
from zones.models import Meetup

pytestmark = pytest.mark.django_db

# The page's own share: routing (site, page, its fields), the view-restriction check, the
# language switcher and what the page lists. A member's pages add the layout's own queries
# (their account, memberships, notification count) and fit under the same limit.
LIMIT = 12


def count(client, path: str) -> int:
    client.get(path)  # warms Wagtail's site root paths, as on any running site
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def meetups(zone, number: int) -> None:
    for days in range(number):
        MeetupFactory(zone=zone, start=timezone.now() + timedelta(days=days + 1))
        MeetupFactory(zone=zone, start=timezone.now() - timedelta(days=days + 1))


@pytest.fixture
def zones(home):
    index = make_zone_index(home)
    return [ZonePageFactory(parent=index, coordinators=[UserFactory()]) for _ in range(2)]


@pytest.mark.parametrize("member", [False, True], ids=["visitor", "member"])
def test_the_home_page_costs_the_same_queries_whatever_it_lists(
    client, zones, member, django_assert_num_queries
):
    if member:
        client.force_login(UserFactory())
    meetups(zones[0], 1)
    few = count(client, "/pl/")
    assert few <= LIMIT
    meetups(zones[1], 6)
    with django_assert_num_queries(few):
        client.get("/pl/")


@pytest.mark.parametrize("member", [False, True], ids=["visitor", "member"])
def test_a_zone_page_costs_the_same_queries_whatever_it_lists(
    client, zones, member, django_assert_num_queries
):
    zone = zones[0]
    if member:
        client.force_login(UserFactory())
    meetups(zone, 1)
    few = count(client, zone.url)
    assert few <= LIMIT
    meetups(zone, 8)
    zone.coordinators.create(user=UserFactory())
    zone.save_revision().publish()
    with django_assert_num_queries(few):
        response = client.get(zone.url)
    html = response.content.decode()
    assert all(meetup.title in html for meetup in Meetup.objects.filter(zone=zone))
    # The breadcrumb leads to the zone list, its parent.
    assert 'href="/pl/zones/"' in html


@pytest.mark.parametrize("member", [False, True], ids=["visitor", "member"])
def test_the_networks_and_a_network_cost_the_same_queries_for_many_members(
    client, world, member, django_assert_num_queries
):
    if member:
        client.force_login(world.member)
    index, network = count(client, "/pl/networks/"), count(client, "/pl/networks/siec/")
    assert index <= LIMIT
    assert network <= LIMIT
    for _ in range(10):
        Membership.objects.create(user=UserFactory(), group=world.network)
    with django_assert_num_queries(index):
        client.get("/pl/networks/")
    with django_assert_num_queries(network):
        client.get("/pl/networks/siec/")


def test_a_page_under_a_restricted_section_still_asks_visitors_to_log_in(client, zones):
    zone = zones[0]
    PageViewRestriction.objects.create(
        page=zone.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(zone.url)
    assert response.status_code == 302
    assert "login" in response.url
    client.force_login(UserFactory())
    assert client.get(zone.url).status_code == 200


def test_a_page_taken_offline_is_not_found(client, zones):
    draft, shown = zones
    address = draft.url
    assert client.get(address).status_code == 200
    draft.unpublish()
    assert client.get(address).status_code == 404
    assert client.get(shown.url).status_code == 200


def test_a_secret_networks_page_is_not_found_for_outsiders_and_shown_to_its_members(client, world):
    world.network.visibility = Visibility.SECRET
    world.network.save()
    assert client.get("/pl/networks/siec/").status_code == 404
    client.force_login(world.outsider)
    assert client.get("/pl/networks/siec/").status_code == 404
    client.force_login(world.member)
    assert client.get("/pl/networks/siec/").status_code == 200
