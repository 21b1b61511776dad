import pytest

from members.models import Profile, ProfileLanguage
from members.selectors import MAX_SEARCH_RESULTS
from network.groups.services.memberships import add_member
from network.models import GroupKind, Membership
from tests.members.factories import UserFactory
from tests.members.profile_factories import LibraryFactory, ProfileFactory
from tests.network.factories import GroupFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def names(response):
    return [profile.display_name for profile in response.context["page_obj"].object_list]


@pytest.fixture
def colleagues():
    konin = LibraryFactory(name="Miejska Biblioteka Publiczna w Koninie", city="Konin")
    gdansk = LibraryFactory(
        name="Wojewódzka Biblioteka w Gdańsku", city="Gdańsk", voivodeship="pomorskie"
    )
    anna = ProfileFactory(
        display_name="Anna Kowalska",
        library=konin,
        city="Konin",
        expertise=["warsztaty klimatyczne"],
    )
    jan = ProfileFactory(
        display_name="Jan Nowak",
        library=gdansk,
        city="Gdańsk",
        voivodeship="pomorskie",
        expertise=["robotyka"],
    )
    ProfileLanguage.objects.create(profile=jan, code="uk")
    return anna, jan


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=kowalska", ["Anna Kowalska"]),
        ("q=Koninie", ["Anna Kowalska"]),
        ("q=gdańsk", ["Jan Nowak"]),
        ("q=klimat", ["Anna Kowalska"]),
        ("voivodeship=pomorskie", ["Jan Nowak"]),
        ("language=uk", ["Jan Nowak"]),
        ("sort=name", ["Anna Kowalska", "Jan Nowak"]),
        ("sort=recent", ["Jan Nowak", "Anna Kowalska"]),
        ("", ["Anna Kowalska", "Jan Nowak"]),
    ],
)
def test_the_directory_searches_filters_and_sorts(client, colleagues, query, expected):
    assert names(client.get(f"/pl/members/?{query}")) == expected


def test_each_card_lists_the_members_areas_of_expertise_in_order(client, colleagues):
    anna, _jan = colleagues
    anna.expertise.add("edukacja cyfrowa")
    html = client.get("/pl/members/?q=kowalska").content.decode()
    assert "<li>edukacja cyfrowa</li><li>warsztaty klimatyczne</li>" in html
    assert "<li>robotyka</li>" not in html


@pytest.mark.parametrize(
    "query", ["voivodeship=mars", "language=klingon", "sort=chaos", "q=" + "x" * 500]
)
def test_nonsense_filter_values_give_an_error_and_an_empty_result(client, colleagues, query):
    response = client.get(f"/en/members/?{query}")
    assert response.status_code == 200
    assert names(response) == []
    assert response.context["form"].errors


@pytest.mark.parametrize(("page", "expected"), [("abc", 1), ("-3", 1), ("0", 1), ("999", 2)])
def test_bad_page_numbers_show_the_first_or_the_last_page(client, page, expected):
    ProfileFactory.create_batch(30)
    response = client.get(f"/pl/members/?page={page}")
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected


def test_profiles_not_yet_completed_are_not_listed(client, colleagues):
    ProfileFactory(display_name="Nowy Członek", onboarded_at=None)
    assert "Nowy Członek" not in names(client.get("/pl/members/"))


def test_htmx_gets_only_the_results_region_and_the_page_works_without_it(client, colleagues):
    partial = client.get("/pl/members/?q=nowak", headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html
    assert "Jan Nowak" in html
    assert "HX-Request" in partial["Vary"]
    full = client.get("/pl/members/?q=nowak").content.decode()
    assert "<html" in full
    assert 'method="get"' in full


def make_profiles(count):
    libraries = LibraryFactory.create_batch(3)
    for number in range(count):
        ProfileFactory(
            library=libraries[number % 3],
            visibility=Profile.Visibility.MEMBERS,
            expertise=[f"temat {number % 5}", "biblioteki"],
        )


@pytest.mark.parametrize("count", [10, 100])
@pytest.mark.parametrize("filters", ["", "&network=siec&zone=strefa&language=pl"])
def test_the_directory_query_count_does_not_grow_with_the_members_listed(
    client, django_assert_num_queries, count, filters
):
    make_profiles(count)
    network = NetworkFactory(slug="siec")
    zone = GroupFactory(kind=GroupKind.ZONE, parent=NetworkFactory(), slug="strefa")
    profiles = list(Profile.objects.all())
    Membership.objects.bulk_create(
        Membership(user_id=profile.user_id, group=group)
        for profile in profiles
        for group in (network, zone)
    )
    ProfileLanguage.objects.bulk_create(
        ProfileLanguage(profile=profile, code="pl") for profile in profiles
    )
    viewer = UserFactory()
    add_member(user=viewer, group=network)
    client.force_login(viewer)
    # user (the session comes from the cache), the viewer's memberships, the
    # networks and zones to filter by, count, page of profiles (with libraries), their expertise
    # tags, the library and expertise facets, and the unread notification count in the header.
    with django_assert_num_queries(9):
        response = client.get(f"/pl/members/?q=temat{filters}")
    assert len(response.context["page_obj"].object_list) == min(count, 24)


def test_a_search_matching_more_than_the_cap_says_more_than(client):
    konin = LibraryFactory(name="Biblioteka w Koninie", city="Konin")
    ProfileFactory.create_batch(MAX_SEARCH_RESULTS + 1, library=konin)
    ProfileFactory(library=konin, visibility=Profile.Visibility.MEMBERS)  # not counted: hidden
    response = client.get("/pl/members/?q=konin")
    assert f"ponad {MAX_SEARCH_RESULTS}" in response.content.decode()
    assert response.context["page_obj"].paginator.num_pages == MAX_SEARCH_RESULTS // 24
    # The facets count the members the search's pages list.
    library = response.context["facets"]["library"][0]
    assert (library.label, library.count) == ("Biblioteka w Koninie", MAX_SEARCH_RESULTS)
    # Browsing without a search word still counts, and reaches, every member.
    browsing = client.get("/pl/members/").context
    assert browsing["page_obj"].paginator.count == MAX_SEARCH_RESULTS + 1
    assert browsing["facets"]["library"][0].count == MAX_SEARCH_RESULTS + 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Wroclaw", ["Ewa Lis"]),
        ("wrocław", ["Ewa Lis"]),
        ("granty", ["Ewa Lis"]),
        ("grantów", ["Ewa Lis"]),
        ("lwow", ["Ołena Kowal"]),
        ("Kowal", ["Ołena Kowal"]),
        ("Wroclaw granty", ["Ewa Lis"]),
        ("Wroclaw robotyka", []),
    ],
)
def test_the_directory_search_folds_diacritics_and_word_forms(client, query, expected):
    wroclaw = LibraryFactory(name="Biblioteka Miejska we Wrocławiu", city="Wrocław")
    ProfileFactory(display_name="Ewa Lis", library=wroclaw, expertise=["pozyskiwanie grantów"])
    ProfileFactory(display_name="Ołena Kowal", city="Lwów", expertise=["robotyka"])
    assert names(client.get("/pl/members/", {"q": query})) == expected


def test_libraries_and_areas_of_expertise_are_filters_with_counts(client, colleagues):
    anna, _jan = colleagues
    ProfileFactory(display_name="Ewa Lis", library=anna.library, expertise=["robotyka"])
    response = client.get("/pl/members/")
    facets = response.context["facets"]
    assert [(f.label, f.count) for f in facets["library"]] == [
        ("Miejska Biblioteka Publiczna w Koninie", 2),
        ("Wojewódzka Biblioteka w Gdańsku", 1),
    ]
    assert [(f.label, f.count) for f in facets["expertise"]] == [
        ("robotyka", 2),
        ("warsztaty klimatyczne", 1),
    ]
    html = response.content.decode()
    assert f"?library={anna.library_id}" in html
    assert '<details class="facets fold-on-phone"' in html
    chosen = client.get("/pl/members/", {"library": anna.library_id, "expertise": "robotyka"})
    assert names(chosen) == ["Ewa Lis"]
    # The chosen filters stay in the search form while the member types another word.
    assert f'name="library" value="{anna.library_id}"' in chosen.content.decode()


@pytest.mark.parametrize(
    "query", ["library=abc", "library=-1", "library=99999999999", "expertise=a b"]
)
def test_nonsense_facet_values_give_an_error_and_not_a_500(client, colleagues, query):
    response = client.get(f"/pl/members/?{query}")
    assert response.status_code == 200
    assert names(response) == []
    assert "z listy" in response.content.decode()  # "Choose … from the list", in Polish


def test_a_renamed_library_finds_its_members_by_the_new_name(client, colleagues):
    anna, _jan = colleagues
    library = anna.library
    library.name, library.city = "Biblioteka Publiczna Miasta Konina", "Konin-Chorzeń"
    library.save()
    assert names(client.get("/pl/members/?q=Miasta")) == ["Anna Kowalska"]
    assert names(client.get("/pl/members/?q=Chorzeń")) == ["Anna Kowalska"]
    assert names(client.get("/pl/members/?q=Miejska")) == []


def test_an_unknown_library_or_area_finds_nobody(client, colleagues):
    assert names(client.get("/pl/members/?library=424242")) == []
    assert names(client.get("/pl/members/?expertise=nic-takiego")) == []
