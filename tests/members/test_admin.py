import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from members.models import Library
from tests.members.factories import UserFactory
from tests.members.profile_factories import LibraryFactory, ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_staff_find_members_and_see_verification_and_mfa_status(staff_client):
    with_mfa = ProfileFactory(display_name="Anna Kowalska")
    TOTP.activate(with_mfa.user, generate_totp_secret())
    ProfileFactory(display_name="Jan Nowak")
    response = staff_client.get("/admin/snippets/members/profile/?q=kowalska")
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert [row.display_name for row in rows] == ["Anna Kowalska"]
    assert rows[0].email_verified is True
    assert rows[0].has_mfa is True
    page = response.content.decode()
    assert f"/admin/users/edit/{with_mfa.user_id}/" in page  # where staff deactivate the account
    inspect = staff_client.get(f"/admin/snippets/members/profile/inspect/{with_mfa.pk}/")
    assert inspect.status_code == 200


def test_staff_edit_a_profile(staff_client):
    profile = ProfileFactory()
    url = f"/admin/snippets/members/profile/edit/{profile.pk}/"
    assert staff_client.get(url).status_code == 200


def test_editors_see_proposed_libraries_and_approve_them(staff_client):
    proposed = LibraryFactory(status=Library.Status.PENDING, proposed_by=UserFactory())
    LibraryFactory()
    response = staff_client.get("/admin/snippets/members/library/?status=pending")
    assert list(response.context["object_list"]) == [proposed]
    response = staff_client.post(
        f"/admin/snippets/members/library/edit/{proposed.pk}/",
        {
            "name": proposed.name,
            "kind": proposed.kind,
            "city": proposed.city,
            "voivodeship": proposed.voivodeship,
            "status": "approved",
        },
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Library.Status.APPROVED


def test_members_cannot_open_the_members_admin(client):
    client.force_login(UserFactory())
    response = client.get("/admin/snippets/members/profile/")
    assert response.status_code in (302, 403)
