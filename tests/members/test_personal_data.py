import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.usersessions.models import UserSession
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from members.models import Notification, NotificationKind, NotificationPreference, Profile
from members.services.notifications import notify
from members.services.personal_data import erase_account, export_personal_data
from network.core.live import CLOSE_ACCOUNT_CLOSED
from tests.members.factories import UserFactory
from tests.members.live import close_code, in_thread, log_in, open_socket, reauthenticate
from tests.members.profile_factories import ProfileFactory


def tell(recipient, actor=None):
    notify(
        recipients=[recipient],
        kind=NotificationKind.MENTION,
        message="chat.direct",
        params={"name": f"A note for {recipient.email}"},
        actor=actor,
    )


@pytest.mark.django_db
def test_export_holds_the_members_data_and_nobody_elses():
    member, other = UserFactory(), UserFactory()
    tell(member, actor=other)
    tell(other, actor=member)
    NotificationPreference.objects.create(user=member, kind="reply", delivery="off")
    NotificationPreference.objects.create(user=other, kind="reply", delivery="email")

    UserProfile.objects.create(user=other, current_time_zone="Europe/Kyiv")

    data = export_personal_data(member)

    assert data["account"]["email"] == member.email
    assert [a["email"] for a in data["email_addresses"]] == [member.email]
    assert [n["title"] for n in data["notifications"]["notifications"]] == [
        f"A note for {member.email} wysyła Ci wiadomość"
    ]
    assert data["notifications"]["preferences"]["reply"] == "off"
    assert data["admin_preferences"] is None
    text = json.dumps(data)
    assert other.email not in text
    assert other.last_name not in text
    assert "Europe/Kyiv" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["personal_data", "personal_data_download", "personal_data_erase"])
def test_personal_data_pages_ask_anonymous_visitors_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


@pytest.mark.django_db
def test_erasing_asks_to_confirm_the_password_first(client):
    member = UserFactory()
    client.force_login(member)
    response = client.post(reverse("personal_data_erase"), {"confirm": "on"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    member.refresh_from_db()
    assert member.erased_at is None


@pytest.mark.django_db
def test_erasing_without_ticking_the_confirmation_changes_nothing(client):
    member = UserFactory()
    client.force_login(member)
    reauthenticate(client)
    response = client.post(reverse("personal_data_erase"), {})
    assert response.status_code == 200
    assert "To pole jest wymagane" in response.content.decode()
    member.refresh_from_db()
    assert member.erased_at is None
    assert member.is_active


@pytest.mark.django_db(transaction=True)
async def test_erasing_removes_personal_data_ends_sessions_and_closes_sockets():
    member, other = await in_thread(UserFactory)(), await in_thread(UserFactory)()
    old_email, old_last_name = member.email, member.last_name
    await in_thread(tell)(member, actor=other)
    await in_thread(tell)(other, actor=member)
    await in_thread(UserProfile.objects.create)(user=member, current_time_zone="Europe/Warsaw")
    here, there = await in_thread(log_in)(member), await in_thread(log_in)(member)
    here_socket, there_socket = await open_socket(here), await open_socket(there)

    await in_thread(reauthenticate)(here)
    response = await in_thread(here.post)(reverse("personal_data_erase"), {"confirm": "on"})

    assert response.status_code == 302
    assert await close_code(here_socket) == CLOSE_ACCOUNT_CLOSED
    assert await close_code(there_socket) == CLOSE_ACCOUNT_CLOSED
    await in_thread(assert_erased)(member, old_email, old_last_name, other)
    assert (await in_thread(there.get)(reverse("notifications"))).status_code == 302
    assert (await in_thread(here.get)(reverse("notifications"))).status_code == 302


def assert_erased(member, old_email, old_last_name, other):
    member.refresh_from_db()
    assert member.erased_at is not None
    assert not member.is_active
    assert not member.has_usable_password()
    assert member.email.endswith(".invalid")
    assert old_email not in member.email
    assert old_email not in member.username
    assert (member.first_name, member.last_name) == ("", "")
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not EmailAddress.objects.filter(email=old_email).exists()
    assert not Notification.objects.filter(recipient=member).exists()
    assert not UserSession.objects.filter(user=member).exists()
    assert not UserProfile.objects.filter(user=member).exists()
    # What the member did for others stays, shown as by a deleted member.
    note = Notification.objects.get(recipient=other)
    assert note.actor == member
    with translation.override("en"):
        assert note.actor.public_name == "Deleted member"
    assert old_last_name not in note.actor.public_name


@pytest.mark.django_db
def test_a_member_with_two_factor_authentication_can_confirm_erasing_with_a_code(client):
    member = UserFactory()
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    client.force_login(member)

    response = client.post(reverse("personal_data_erase"), {"confirm": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.erased_at is None

    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    client.post(reverse("mfa_reauthenticate"), {"code": code})
    response = client.post(reverse("personal_data_erase"), {"confirm": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.erased_at is not None
    assert not Authenticator.objects.filter(user=member).exists()


@pytest.mark.django_db
def test_export_and_erase_cover_the_profile():
    mine, theirs = ProfileFactory(bio="Warsztaty klimatyczne"), ProfileFactory(bio="Robotyka")
    mine.expertise.set(["klimat"])

    data = export_personal_data(mine.user)
    assert data["profile"]["handle"] == mine.handle
    assert data["profile"]["expertise"] == ["klimat"]
    assert theirs.handle not in json.dumps(data)

    erase_account(user=mine.user)
    assert not Profile.objects.filter(pk=mine.pk).exists()
    assert Profile.objects.filter(pk=theirs.pk).exists()
