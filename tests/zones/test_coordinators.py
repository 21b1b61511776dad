import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Page

from members.models import Library
from tests.members.factories import UserFactory
from tests.members.profile_factories import LibraryFactory
from tests.zones.factories import MeetupFactory, ZonePageFactory
from zones.models import ZoneCoordinator, ZonePage
from zones.services.coordinators import sync_zone_coordinators
from zones.services.meetups import cancel_meetup

pytestmark = pytest.mark.django_db


def test_coordinators_may_edit_and_publish_their_own_zone_page_only(zone_index, coordinator):
    own = ZonePageFactory(parent=zone_index, coordinators=[coordinator])
    other = ZonePageFactory(parent=zone_index)
    sync_zone_coordinators(zone=own)
    sync_zone_coordinators(zone=other)
    coordinator.refresh_from_db()
    assert own.permissions_for_user(coordinator).can_edit()
    assert own.permissions_for_user(coordinator).can_publish()
    assert not other.permissions_for_user(coordinator).can_edit()
    assert not zone_index.permissions_for_user(coordinator).can_edit()


def test_a_removed_coordinator_loses_the_rights(zone, coordinator):
    sync_zone_coordinators(zone=zone)
    ZoneCoordinator.objects.filter(page=zone).delete()
    sync_zone_coordinators(zone=zone)
    assert not Page.objects.get(pk=zone.pk).permissions_for_user(coordinator).can_edit()


def test_a_coordinator_opens_their_page_in_the_admin_and_not_another(
    client, zone_index, coordinator
):
    own = ZonePageFactory(parent=zone_index, coordinators=[coordinator])
    other = ZonePageFactory(parent=zone_index)
    sync_zone_coordinators(zone=own)
    client.force_login(coordinator)
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code in (302, 403)


def test_publishing_a_zone_in_the_admin_gives_its_coordinators_their_rights(client, zone):
    newcomer = UserFactory()
    editor = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(editor)
    data = admin_form_data(zone, added=[newcomer])
    # Publishing from the admin runs the after_publish_page hook.
    response = client.post(f"/admin/pages/{zone.pk}/edit/", {**data, "action-publish": "publish"})
    assert response.status_code == 302
    assert zone.permissions_for_user(newcomer).can_edit()


def test_naming_the_same_coordinator_twice_is_a_form_error(client, zone, coordinator):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = admin_form_data(zone, added=[coordinator])
    response = client.post(f"/admin/pages/{zone.pk}/edit/", {**data, "action-publish": "publish"})
    assert response.status_code == 200
    assert zone.coordinators.count() == 1


def test_an_editor_links_the_zone_to_an_approved_library_of_the_registry(client, zone):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "biblioteka w rejestrze" in client.get(f"/admin/pages/{zone.pk}/edit/").text.lower()
    pending = LibraryFactory(status=Library.Status.PENDING)
    data = {**admin_form_data(zone), "library": str(pending.pk), "action-publish": "publish"}
    assert client.post(f"/admin/pages/{zone.pk}/edit/", data).status_code == 200
    assert ZonePage.objects.get(pk=zone.pk).library is None
    approved = LibraryFactory()
    data["library"] = str(approved.pk)
    assert client.post(f"/admin/pages/{zone.pk}/edit/", data).status_code == 302
    assert ZonePage.objects.get(pk=zone.pk).library == approved


def admin_form_data(zone, added=()):
    """The zone's admin form as saved, plus a new coordinator row for each user in `added`."""
    # The rows already saved carry their ids, as the admin's form sends them.
    coordinators = list(zone.coordinators.all())
    data = {
        "title": zone.title,
        "slug": zone.slug,
        "library_name": zone.library_name,
        "library": str(zone.library_id or ""),
        "intro": "",
        "address": zone.address,
        "postal_code": zone.postal_code,
        "city": zone.city,
        "voivodeship": zone.voivodeship,
        "latitude": str(zone.latitude),
        "longitude": str(zone.longitude),
        "opening_hours": "",
        "email": "",
        "phone": "",
        "website": "",
        "body-count": "0",
        "resources": "",
        "coordinators-TOTAL_FORMS": str(len(coordinators) + len(added)),
        "coordinators-INITIAL_FORMS": str(sum(1 for c in coordinators if c.pk)),
        "coordinators-MIN_NUM_FORMS": "0",
        "coordinators-MAX_NUM_FORMS": "1000",
    }
    for number, coordinator in enumerate(coordinators):
        data[f"coordinators-{number}-user"] = str(coordinator.user_id)
        data[f"coordinators-{number}-ORDER"] = str(number + 1)
        data[f"coordinators-{number}-DELETE"] = ""
        data[f"coordinators-{number}-id"] = str(coordinator.pk or "")
    for number, user in enumerate(added, start=len(coordinators)):
        data[f"coordinators-{number}-user"] = str(user.pk)
        data[f"coordinators-{number}-ORDER"] = str(number + 1)
        data[f"coordinators-{number}-DELETE"] = ""
        data[f"coordinators-{number}-id"] = ""
    return data


def test_upcoming_meetups_for_the_home_page_skip_cancelled_and_hidden_zones(zone_index, zone):
    hidden_zone = ZonePageFactory(parent=zone_index)
    MeetupFactory(zone=zone, title="Otwarte spotkanie")
    cancel_meetup(meetup=MeetupFactory(zone=zone, title="Odwołane"), actor=None)
    MeetupFactory(zone=hidden_zone, title="W szkicu")
    hidden_zone.unpublish()
    request = RequestFactory().get("/pl/")
    request.user = UserFactory()
    html = Template('{% include "zones/includes/upcoming_meetups.html" with limit=3 %}').render(
        Context({"request": request})
    )
    assert "Otwarte spotkanie" in html
    assert "Odwołane" not in html
    assert "W szkicu" not in html
