"""Staff switch accounts off and on in the Wagtail admin; every way ends the member's sessions."""

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return admin


def logged_in_elsewhere(user) -> Client:
    other = Client()
    other.force_login(user)
    session_key = other.session.session_key
    UserSession.objects.create(
        user=user,
        session_key=session_key,
        ip="127.0.0.1",
        user_agent="test",
        last_seen_at=timezone.now(),
    )
    return other


def has_live_session(user) -> bool:
    return UserSession.objects.filter(user=user).exists()


def test_staff_deactivate_a_member_from_the_profiles_list(client, staff):
    profile = ProfileFactory(display_name="Anna Kowalska")
    logged_in_elsewhere(profile.user)
    listing = client.get("/admin/snippets/members/profile/").content.decode()
    url = f"/admin/members/accounts/{profile.user_id}/deactivate/"
    assert url in listing
    assert client.get(url).status_code == 200
    response = client.post(url, {"next": "/admin/snippets/members/profile/"})
    assert response.status_code == 302
    profile.user.refresh_from_db()
    assert profile.user.is_active is False
    assert not has_live_session(profile.user)
    assert (
        f"/admin/members/accounts/{profile.user_id}/reactivate/"
        in client.get("/admin/snippets/members/profile/").content.decode()
    )
    client.post(f"/admin/members/accounts/{profile.user_id}/reactivate/")
    profile.user.refresh_from_db()
    assert profile.user.is_active is True


def user_form(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "password1": "",
        "password2": "",
        "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_unticking_active_in_the_user_form_ends_the_members_sessions(client, staff):
    member = UserFactory()
    logged_in_elsewhere(member)
    response = client.post(f"/admin/users/edit/{member.pk}/", user_form(member, is_active=None))
    assert response.status_code == 302, response.context["form"].errors
    member.refresh_from_db()
    assert member.is_active is False
    assert not has_live_session(member)
    client.post(f"/admin/users/edit/{member.pk}/", user_form(member))
    member.refresh_from_db()
    assert member.is_active is True


def test_the_bulk_action_ends_sessions_too(client, staff):
    member = UserFactory()
    logged_in_elsewhere(member)
    response = client.post(
        f"/admin/bulk/members/user/set_active_state/?id={member.pk}&next=/admin/users/",
        {"mark_as_active": "False"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active is False
    assert not has_live_session(member)


def test_an_erased_account_cannot_be_reactivated(client, staff):
    member = UserFactory(is_active=False, erased_at=timezone.now())
    client.post(f"/admin/members/accounts/{member.pk}/reactivate/")
    client.post(f"/admin/users/edit/{member.pk}/", user_form(member))
    client.post(
        f"/admin/bulk/members/user/set_active_state/?id={member.pk}&next=/admin/users/",
        {"mark_as_active": "True"},
    )
    member.refresh_from_db()
    assert member.is_active is False


def test_members_cannot_deactivate_accounts(client):
    client.force_login(UserFactory())
    target = UserFactory()
    response = client.post(f"/admin/members/accounts/{target.pk}/deactivate/")
    assert response.status_code in (302, 403)
    target.refresh_from_db()
    assert target.is_active is True


def test_staff_cannot_switch_their_own_account_off_here(client, staff):
    client.post(f"/admin/members/accounts/{staff.pk}/deactivate/")
    staff.refresh_from_db()
    assert staff.is_active is True
    assert Session.objects.exists()
