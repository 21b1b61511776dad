import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from members.models import Profile
from network.models import NetworkIndexPage, NetworkPage
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory
from tests.network.factories import MembershipFactory, NetworkFactory
from tests.zones.factories import MeetupFactory, ZonePageFactory
from tests.zones.test_community import publish_sync
from zones.demo import seed_zones_network
from zones.services.community import ZONES_NETWORK_SLUG
from zones.services.meetups import cancel_meetup

pytestmark = pytest.mark.django_db

ZONES_PAGE = f"/pl/networks/{ZONES_NETWORK_SLUG}/"


def group_page(group):
    return f"/pl/networks/{group.parent.slug}/groups/{group.slug}/"


@pytest.fixture
def zones_network(home, zone_index):
    return seed_zones_network(home)


@pytest.fixture
def two_zones(zones_network, zone_index):
    first = publish_sync(ZonePageFactory(parent=zone_index, title="Strefa Pierwsza"))
    second = publish_sync(ZonePageFactory(parent=zone_index, title="Strefa Druga"))
    return first, second


def meetup_list(response) -> str:
    return re.search(r'<ul class="meetup-list">.*?</ul>', response.content.decode(), re.S).group()


def network_page_for(home, network):
    index = NetworkIndexPage.objects.child_of(home).first() or home.add_child(
        instance=NetworkIndexPage(title="Sieci", slug="networks")
    )
    page = NetworkPage(title=network.name, slug=network.slug, network=network)
    return index.add_child(instance=page)


def test_the_innovation_zones_page_lists_upcoming_meetups_of_all_its_zones(client, two_zones):
    first, second = two_zones
    MeetupFactory(zone=first, title="Spotkanie w pierwszej")
    MeetupFactory(zone=second, title="Spotkanie w drugiej")
    cancel_meetup(meetup=MeetupFactory(zone=second, title="Odwołane"), actor=None)
    past = timezone.now() - timedelta(days=3)
    MeetupFactory(zone=first, title="Dawne", start=past, end=past + timedelta(hours=1))
    html = client.get(ZONES_PAGE).content.decode()
    assert "Spotkanie w pierwszej" in html
    assert "Spotkanie w drugiej" in html
    assert "Odwołane" not in html
    assert "Dawne" not in html
    # The page itself comes from the demo: its intro leads to the map of the zones.
    assert 'href="/pl/zones/"' in html


def test_a_zone_communitys_page_lists_that_zones_meetups_and_links_to_the_zone(client, two_zones):
    first, second = two_zones
    MeetupFactory(zone=first, title="Spotkanie w pierwszej")
    MeetupFactory(zone=second, title="Spotkanie w drugiej")
    html = client.get(group_page(first.group)).content.decode()
    assert "Spotkanie w pierwszej" in html
    assert "Spotkanie w drugiej" not in html
    assert f'href="{first.url}"' in html


def test_a_zone_communitys_page_links_to_the_zone_in_the_visitors_language(
    client, two_zones, zone_index
):
    first, _second = two_zones
    english = Locale.objects.get(language_code="en")
    zone_index.copy_for_translation(english, copy_parents=True).save_revision().publish()
    translation = first.copy_for_translation(english)
    translation.save_revision().publish()
    publish_sync(translation)
    html = client.get(group_page(first.group).replace("/pl/", "/en/")).content.decode()
    assert f'href="/en/zones/{first.slug}/"' in html


def test_meetup_lists_name_the_zone_in_the_visitors_language(client, two_zones, zone_index):
    first, second = two_zones
    MeetupFactory(zone=first, title="Spotkanie w pierwszej")
    MeetupFactory(zone=second, title="Spotkanie w drugiej")
    english = Locale.objects.get(language_code="en")
    zone_index.copy_for_translation(english, copy_parents=True).save_revision().publish()
    translation = first.copy_for_translation(english)
    translation.title = "First Zone"
    translation.save_revision().publish()
    listed = meetup_list(client.get(ZONES_PAGE.replace("/pl/", "/en/")))
    assert "First Zone" in listed
    assert "Strefa Pierwsza" not in listed
    # A zone not translated yet keeps its own name.
    assert "Strefa Druga" in listed
    assert "Strefa Pierwsza" in meetup_list(client.get(ZONES_PAGE))


def test_meetups_of_a_zone_under_a_view_restriction_are_not_listed(client, two_zones):
    first, second = two_zones
    MeetupFactory(zone=first, title="Widoczne")
    MeetupFactory(zone=second, title="Ukryte")
    PageViewRestriction.objects.create(page=second, restriction_type=PageViewRestriction.LOGIN)
    html = client.get(ZONES_PAGE).content.decode()
    assert "Widoczne" in html
    assert "Ukryte" not in html
    assert "Ukryte" not in client.get(group_page(second.group)).content.decode()


def test_a_network_lists_meetups_organised_by_members_whom_the_viewer_may_see_listed(
    client, home, zone
):
    labib = NetworkFactory(slug="labib", name="LABIB")
    network_page_for(home, labib)
    organiser = ProfileFactory().user
    MembershipFactory(user=organiser, group=labib)
    hidden = ProfileFactory(visibility=Profile.Visibility.NETWORKS).user
    MembershipFactory(user=hidden, group=labib)
    MeetupFactory(zone=zone, organiser=organiser, title="Od członkini LABIB")
    MeetupFactory(zone=zone, organiser=hidden, title="Od ukrytego członka")
    MeetupFactory(zone=zone, organiser=UserFactory(), title="Od kogoś spoza sieci")
    # Anonymous visitors do not see who belongs to the network, so not whose meetups these are.
    assert "Od członkini LABIB" not in client.get("/pl/networks/labib/").content.decode()
    client.force_login(UserFactory())
    html = client.get("/pl/networks/labib/").content.decode()
    assert "Od członkini LABIB" in html
    assert "Od ukrytego członka" not in html
    assert "Od kogoś spoza sieci" not in html


def test_network_and_zone_community_pages_make_the_same_queries_for_more_meetups(
    client, two_zones, zone_index
):
    first, second = two_zones
    MeetupFactory(zone=first)
    MeetupFactory(zone=second)
    client.force_login(UserFactory())
    pages = [ZONES_PAGE, group_page(first.group)]
    for page in pages:
        client.get(page)
    counts = {}
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            client.get(page)
        counts[page] = len(queries.captured_queries)
    for _ in range(4):
        MeetupFactory(zone=first)
        MeetupFactory(zone=second)
        publish_sync(ZonePageFactory(parent=zone_index))
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
        assert response.status_code == 200
        assert len(queries.captured_queries) == counts[page], page
