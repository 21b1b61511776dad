import pytest

from tests.members.factories import UserFactory
from tests.zones.factories import MeetupFactory, ZonePageFactory, make_zone_index


@pytest.fixture
def zone_index(home):
    return make_zone_index(home)


@pytest.fixture
def coordinator(db):
    return UserFactory()


@pytest.fixture
def zone(zone_index, coordinator):
    return ZonePageFactory(parent=zone_index, coordinators=[coordinator])


@pytest.fixture
def meetup(zone, coordinator):
    return MeetupFactory(zone=zone, organiser=coordinator, online_url="https://meet.example.org/x")
