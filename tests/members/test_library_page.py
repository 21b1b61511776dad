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
        library_name="MBP Konin",  # the zone's own wording; the link is what counts
        library=library,
        city="Konin",
    )
    # Same name and city, not linked to the registry entry: not this library's zone.
    ZonePageFactory(
        parent=index,
        title="Strefa Innowacji Gdzie Indziej",
        library_name=library.name,
        city="Konin",
    )
    page = client.get(f"/en/members/libraries/{library.pk}/").content.decode()
    assert "Anna Kowalska" in page
    assert "Jan Nowak" not in page
    assert "Strefa Innowacji Konin" in page
    assert "/zones/konin/" in page
    assert "Gdzie Indziej" not in page


def test_a_zone_that_is_not_published_is_not_shown(client, home):
    library = LibraryFactory(name="Biblioteka w Koninie", city="Konin")
    zone = ZonePageFactory(parent=make_zone_index(home), title="Strefa Szkic", library=library)
    zone.unpublish()
    assert "Strefa Szkic" not in client.get(f"/pl/members/libraries/{library.pk}/").content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_the_library_page_query_count_does_not_grow_with_its_members(
    client, home, django_assert_num_queries, count
):
    library = LibraryFactory(name="Biblioteka w Koninie", city="Konin")
    for _number in range(count):
        ProfileFactory(library=library).expertise.set(["robotyka"])
    ZonePageFactory(parent=make_zone_index(home), library=library)
    client.get(f"/pl/members/libraries/{library.pk}/")  # Wagtail caches the site's root paths
    # library, count, page of profiles, their expertise, the zone, the site for its link.
    with django_assert_num_queries(6):
        response = client.get(f"/pl/members/libraries/{library.pk}/")
    assert len(response.context["page_obj"].object_list) == min(count, 24)
