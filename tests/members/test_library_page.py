import pytest

from tests.members.profile_factories import LibraryFactory, ProfileFactory
from tests.zones.factories import ZonePageFactory, make_zone_index

pytestmark = pytest.mark.django_db


def test_the_library_page_lists_its_members_and_its_innovation_zone(client, home):
    library = LibraryFactory(name="Miejska Biblioteka Publiczna w Koninie", city="Konin")
    ProfileFactory(display_name="Anna Kowalska", library=library)
    ProfileFactory(display_name="Jan Nowak")
    index = make_zone_index(home)
    ZonePageFactory(
        parent=index,
        title="Strefa Innowacji Konin",
        slug="konin",
        library_name="miejska biblioteka publiczna w koninie",
        city="Konin",
    )
    ZonePageFactory(parent=index, title="Strefa Innowacji Gdzie Indziej", city="Konin")
    page = client.get(f"/en/members/libraries/{library.pk}/").content.decode()
    assert "Anna Kowalska" in page
    assert "Jan Nowak" not in page
    assert "Strefa Innowacji Konin" in page
    assert "/zones/konin/" in page
    assert "Gdzie Indziej" not in page


def test_a_zone_that_is_not_published_is_not_shown(client, home):
    library = LibraryFactory(name="Biblioteka w Koninie", city="Konin")
    zone = ZonePageFactory(
        parent=make_zone_index(home), title="Strefa Szkic", library_name=library.name, city="Konin"
    )
    zone.unpublish()
    assert "Strefa Szkic" not in client.get(f"/pl/members/libraries/{library.pk}/").content.decode()
