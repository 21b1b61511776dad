import pytest
from django.http import Http404

from members.models import Library, Profile
from members.permissions import access_profile
from members.services.accounts import create_member
from network.groups.membership import memberships_for
from tests.members.factories import UserFactory
from tests.members.profile_factories import LibraryFactory, ProfileFactory
from tests.network.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db
V = Profile.Visibility


@pytest.fixture
def viewers():
    from django.contrib.auth.models import AnonymousUser

    return {
        "anonymous": AnonymousUser(),
        "member": UserFactory(),
        "staff": UserFactory(is_staff=True),
    }


@pytest.mark.parametrize(
    ("visibility", "seen_by"),
    [
        (V.PUBLIC, {"anonymous", "member", "network_colleague", "staff", "owner"}),
        (V.MEMBERS, {"member", "network_colleague", "staff", "owner"}),
        (V.NETWORKS, {"network_colleague", "staff", "owner"}),
    ],
)
def test_each_visibility_setting_shows_the_profile_to_exactly_the_right_people(
    client, viewers, visibility, seen_by
):
    profile = ProfileFactory(visibility=visibility)
    viewers["owner"] = profile.user
    # Shares a network with the owner; "member" belongs to another network.
    labib, other = NetworkFactory(), NetworkFactory()
    MembershipFactory(user=profile.user, group=labib)
    viewers["network_colleague"] = MembershipFactory(group=labib).user
    MembershipFactory(user=viewers["member"], group=other)
    for name, viewer in viewers.items():
        if viewer.is_authenticated:
            client.force_login(viewer)
        else:
            client.logout()
        status = client.get(f"/pl/members/{profile.handle}/").status_code
        assert status == (200 if name in seen_by else 404), name
        listed = client.get("/pl/members/").context["page_obj"].object_list
        assert (profile in listed) == (name in seen_by), name


def test_a_hidden_profile_and_an_unknown_handle_give_the_same_404(viewers):
    hidden = ProfileFactory(visibility=V.MEMBERS)
    for handle in (hidden.handle, "nobody-here"):
        with pytest.raises(Http404):
            access_profile(memberships_for(viewers["anonymous"]), handle)


def test_a_deactivated_members_profile_is_gone_for_everyone_but_staff(viewers):
    profile = ProfileFactory(user=UserFactory(is_active=False))
    with pytest.raises(Http404):
        access_profile(memberships_for(viewers["member"]), profile.handle)
    assert access_profile(memberships_for(viewers["staff"]), profile.handle) == profile


def test_the_email_is_shown_only_when_the_member_chose_so(client, viewers):
    hidden = ProfileFactory(show_email=False)
    shown = ProfileFactory(show_email=True)
    client.force_login(viewers["member"])
    assert hidden.user.email not in client.get(f"/pl/members/{hidden.handle}/").content.decode()
    assert shown.user.email in client.get(f"/pl/members/{shown.handle}/").content.decode()


def test_the_bio_is_rendered_through_the_sanitiser(client):
    profile = ProfileFactory(bio="**Klimat** <script>alert(1)</script> [x](javascript:alert(1))")
    page = client.get(f"/pl/members/{profile.handle}/").content.decode()
    assert "<strong>Klimat</strong>" in page
    assert "<script>alert" not in page
    assert 'href="javascript' not in page


def edit_data(profile, **changes):
    data = {
        "display_name": profile.display_name,
        "handle": profile.handle,
        "library": "",
        "voivodeship": "mazowieckie",
        "position": "dyrektorka",
        "city": "Płock",
        "bio": "O mnie",
        "expertise": "warsztaty klimatyczne, robotyka",
        "languages": ["pl", "uk"],
        "website": "https://example.org",
        "visibility": "members",
    }
    data.update(changes)
    return data


def test_the_owner_edits_the_profile(client):
    profile = ProfileFactory()
    library = LibraryFactory()
    client.force_login(profile.user)
    response = client.post(
        "/pl/members/me/edit/", edit_data(profile, handle="nowy-adres", library=library.pk)
    )
    assert response.status_code == 302
    assert response["Location"] == "/pl/members/nowy-adres/"
    profile.refresh_from_db()
    assert (profile.library, profile.city, profile.visibility) == (library, "Płock", V.MEMBERS)
    assert sorted(profile.expertise.names()) == ["robotyka", "warsztaty klimatyczne"]
    assert sorted(profile.languages.values_list("code", flat=True)) == ["pl", "uk"]


@pytest.mark.parametrize("handle", ["admin", "welcome", "Zła Nazwa", "a", "-abc"])
def test_a_reserved_or_malformed_handle_is_refused(client, handle):
    profile = ProfileFactory()
    client.force_login(profile.user)
    response = client.post("/en/members/me/edit/", edit_data(profile, handle=handle))
    assert response.status_code == 200
    assert response.context["form"].errors["handle"]
    profile.refresh_from_db()
    assert profile.handle != handle


def test_a_taken_handle_is_refused_with_a_translated_error(client):
    taken = ProfileFactory(handle="zajety")
    profile = ProfileFactory()
    client.force_login(profile.user)
    response = client.post("/pl/members/me/edit/", edit_data(profile, handle=taken.handle))
    assert "Ten identyfikator jest już zajęty" in response.content.decode()


def test_the_edit_page_needs_a_log_in_and_onboarding_comes_first(client):
    assert client.get("/pl/members/me/edit/")["Location"].startswith("/pl/accounts/login/")
    user = UserFactory()
    client.force_login(user)
    assert client.get("/pl/members/me/edit/")["Location"] == "/pl/members/welcome/"
    assert client.get("/pl/members/welcome/").status_code == 200


def test_a_member_proposes_a_missing_library_and_may_choose_it_while_it_waits(client):
    profile = ProfileFactory()
    client.force_login(profile.user)
    response = client.post(
        "/pl/members/libraries/propose/",
        {
            "name": "Gminna Biblioteka Publiczna w Kłodawie",
            "kind": "public",
            "voivodeship": "wielkopolskie",
            "city": "Kłodawa",
            "next": "/pl/members/me/edit/",
        },
    )
    assert response["Location"] == "/pl/members/me/edit/"
    library = Library.objects.get(city="Kłodawa")
    assert (library.status, library.proposed_by) == (Library.Status.PENDING, profile.user)
    response = client.post("/pl/members/me/edit/", edit_data(profile, library=library.pk))
    assert response.status_code == 302
    # Nobody else can choose it until an editor approves it.
    other = ProfileFactory()
    client.force_login(other.user)
    response = client.post("/pl/members/me/edit/", edit_data(other, library=library.pk))
    assert response.context["form"].errors["library"]
    # Its page appears only once approved.
    assert client.get(f"/pl/members/libraries/{library.pk}/").status_code == 404


def test_a_library_page_lists_its_visible_members(client):
    library = LibraryFactory()
    public = ProfileFactory(library=library)
    members_only = ProfileFactory(library=library, visibility=V.MEMBERS)
    page = client.get(f"/pl/members/libraries/{library.pk}/").content.decode()
    assert public.display_name in page
    assert members_only.display_name not in page


def test_create_member_sets_up_a_complete_profile_with_a_handle_from_the_name(db):
    user = create_member(email="l.k@example.org", password="long-enough-pass-42", name="Łucja Kot")
    assert user.profile.handle == "lucja-kot"
    assert user.profile.display_name == "Łucja Kot"
    assert user.profile.onboarded_at is not None
    second = create_member(
        email="lk2@example.org", password="long-enough-pass-42", name="Łucja Kot"
    )
    assert second.profile.handle == "lucja-kot-2"
