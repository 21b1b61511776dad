import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.members.factories import UserFactory
from tests.members.profile_factories import LibraryFactory
from tests.zones.factories import MeetupFactory, ZonePageFactory
from zones.models import Voivodeship, ZonePage

pytestmark = pytest.mark.django_db


def zone_titles(response):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())


def test_zone_index_lists_every_live_zone_as_plain_html_beside_a_map_drawn_by_script(
    client, zone_index
):
    ZonePageFactory(parent=zone_index, title="Strefa Kraków", city="Kraków")
    ZonePageFactory(parent=zone_index, title="Strefa Gdańsk", city="Gdańsk")
    ZonePageFactory(parent=zone_index, title="Szkic", live=False)
    response = client.get("/pl/zones/")
    html = response.content.decode()
    assert response.status_code == 200
    # The list is the primary view: without JavaScript every zone is there, nearest data too.
    assert zone_titles(response) == ["Strefa Gdańsk", "Strefa Kraków"]
    assert 'data-lat="52.2297" data-lon="21.0122"' in html
    # The map is an enhancement, hidden until the script draws it; no inline script at all.
    assert 'id="zone-map"' in html
    assert re.search(r'<div class="zone-map" id="zone-map"[^>]*\bhidden\b', html)
    assert 'src="/static/vendor/leaflet/leaflet.js"' in html
    assert "<script>" not in html


def test_the_tile_server_is_a_setting(client, zone_index, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    ZonePageFactory(parent=zone_index)
    html = client.get("/pl/zones/").content.decode()
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html


def test_zones_are_filtered_by_voivodeship_and_by_resource(client, zone_index):
    ZonePageFactory(
        parent=zone_index,
        title="Strefa Katowice",
        voivodeship=Voivodeship.SLASKIE,
        resources=["drukarka 3D"],
    )
    ZonePageFactory(
        parent=zone_index,
        title="Strefa Gliwice",
        voivodeship=Voivodeship.SLASKIE,
        resources=["gogle VR"],
    )
    ZonePageFactory(
        parent=zone_index,
        title="Strefa Poznań",
        voivodeship=Voivodeship.WIELKOPOLSKIE,
        resources=["drukarka 3D"],
    )
    by_region = client.get("/pl/zones/", {"voivodeship": "slaskie"})
    assert sorted(zone_titles(by_region)) == ["Strefa Gliwice", "Strefa Katowice"]
    by_resource = client.get("/pl/zones/", {"resource": "drukarka-3d"})
    assert sorted(zone_titles(by_resource)) == ["Strefa Katowice", "Strefa Poznań"]
    both = client.get("/pl/zones/", {"voivodeship": "slaskie", "resource": "drukarka-3d"})
    assert zone_titles(both) == ["Strefa Katowice"]


def test_zones_are_sorted_by_distance_from_a_given_point(client, zone_index):
    ZonePageFactory(parent=zone_index, title="Gdańsk", latitude=54.352, longitude=18.6466)
    ZonePageFactory(parent=zone_index, title="Kraków", latitude=50.0647, longitude=19.945)
    ZonePageFactory(parent=zone_index, title="Warszawa", latitude=52.2297, longitude=21.0122)
    near_krakow = client.get("/pl/zones/", {"lat": "50.06", "lon": "19.94"})
    assert zone_titles(near_krakow) == ["Kraków", "Warszawa", "Gdańsk"]
    assert "km" in near_krakow.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"lat": "95", "lon": "20"},
        {"lat": "50", "lon": "-200"},
        {"lat": "50"},
        {"lat": "x", "lon": "y"},
        {"voivodeship": "bavaria"},
    ],
)
def test_bad_filters_are_a_client_error_with_the_reason_and_the_full_list(
    client, zone_index, query
):
    ZonePageFactory(parent=zone_index, title="Strefa")
    response = client.get("/en/zones/", query)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert zone_titles(response) == ["Strefa"]


def test_zone_index_query_count_does_not_grow_with_the_number_of_zones(
    client, zone_index, django_assert_num_queries
):
    def zones(count):
        for _ in range(count):
            ZonePageFactory(parent=zone_index, resources=["robotyka", "laptopy"])

    zones(2)
    client.get("/pl/zones/")  # warms the site root paths cache, as any running site has it
    with CaptureQueriesContext(connection) as few:
        client.get("/pl/zones/")
    zones(8)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/pl/zones/", {"resource": "robotyka"})
    assert len(zone_titles(response)) == 10
    # 2 are the zones' own (the zones, their tags: the filter's choices come from them); the
    # rest are Wagtail's routing and view-restriction check and the site's language switcher.
    assert len(few.captured_queries) <= 12


def test_a_zone_under_a_view_restriction_is_not_listed(client, zone_index):
    ZonePageFactory(parent=zone_index, title="Otwarta")
    hidden = ZonePageFactory(parent=zone_index, title="Tylko dla zalogowanych")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    assert zone_titles(client.get("/pl/zones/")) == ["Otwarta"]


def test_a_zone_linked_to_the_registry_links_to_its_librarys_page(client, zone):
    html = client.get(zone.url).content.decode()
    assert "/members/libraries/" not in html
    library = LibraryFactory(name=zone.library_name, city=zone.city)
    zone.library = library
    zone.save_revision().publish()
    html = client.get(zone.url).content.decode()
    assert f'<a href="/pl/members/libraries/{library.pk}/">{zone.library_name}</a>' in html


def test_zone_page_shows_where_and_when_upcoming_meetups_and_the_archive(client, zone, coordinator):
    MeetupFactory(zone=zone, title="Warsztaty druku 3D")
    past_start = timezone.now() - timedelta(days=30)
    MeetupFactory(
        zone=zone, title="Dawne spotkanie", start=past_start, end=past_start + timedelta(hours=2)
    )
    response = client.get(zone.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert zone.library_name in html
    assert str(coordinator) in html
    upcoming, archive = html.split(
        "Past meetups" if "Past meetups" in html else "Minione spotkania"
    )
    assert "Warsztaty druku 3D" in upcoming
    assert "Dawne spotkanie" in archive
    assert f"/calendar/zones/{zone.pk}.ics" in html


def test_only_coordinators_and_editors_see_the_link_to_announce_a_meetup(client, zone, coordinator):
    announce = f"/pl/meetups/new/{zone.pk}/"
    assert announce not in client.get(zone.url).content.decode()
    client.force_login(UserFactory())
    assert announce not in client.get(zone.url).content.decode()
    client.force_login(coordinator)
    assert announce in client.get(zone.url).content.decode()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert announce in client.get(zone.url).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("latitude", 91, "less than or equal to 90"),
        ("longitude", -181, "greater than or equal to -180"),
        ("latitude", 40.0, "Zones are in Poland"),
        ("longitude", 30.5, "Zones are in Poland"),
    ],
)
def test_coordinates_out_of_range_are_refused_with_a_clear_message(
    zone, field, value, message, settings
):
    settings.LANGUAGE_CODE = "en"
    setattr(zone, field, value)
    with pytest.raises(ValidationError) as error:
        zone.full_clean()
    assert message in " ".join(error.value.message_dict[field])
    zone.refresh_from_db()
    assert ZonePage.objects.get(pk=zone.pk).latitude == 52.2297


def test_filtering_keeps_the_visitors_language(client, zone_index):
    ZonePageFactory(parent=zone_index)
    html = client.get("/uk/zones/", {"voivodeship": "mazowieckie"}).content.decode()
    assert 'action="/uk/zones/"' in html
    assert 'href="/uk/zones/">' in html


def test_the_resource_filter_offers_what_the_listed_zones_offer(client, zone_index):
    ZonePageFactory(parent=zone_index, resources=["robotyka", "laptopy"])
    hidden = ZonePageFactory(parent=zone_index, resources=["tajny sprzęt"])
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    form = client.get("/pl/zones/").context["filter_form"]
    assert form.fields["resource"].choices[1:] == [("laptopy", "laptopy"), ("robotyka", "robotyka")]
