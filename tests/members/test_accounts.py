import re

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
from django.core.cache import cache

from members.models import Profile, User
from network.core.viewer import viewer_for
from tests.email_files import read_emails
from tests.members.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
STRONG = "Biblioteka-w-Koninie-2026"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth counts attempts in the cache; each test starts with none.
    cache.clear()


@pytest.fixture(autouse=True)
def mail_files(settings, mail_folder):
    # Django's test set-up swaps in the in-memory backend; these tests read real files, as a
    # person would under var/mail/.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def read_link(mail_folder, pattern):
    texts = [path.read_text() for path in sorted(mail_folder.iterdir())]
    links = re.findall(r"https?://testserver(/\S+)", "\n".join(texts))
    return next(link for link in links if re.search(pattern, link))


def test_a_new_member_signs_up_verifies_the_email_and_completes_the_profile(client, mail_folder):
    response = client.post(
        "/pl/accounts/signup/",
        {"email": "Ewa.Nowak@Example.org", "password1": STRONG, "password2": STRONG},
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="ewa.nowak@example.org")
    # The profile exists from the start, with a neutral handle: nothing public is made of the
    # e-mail address until the member chooses their handle and name.
    assert user.profile.handle.startswith("member-")
    assert "ewa" not in user.profile.handle
    assert user.public_name == user.profile.handle
    assert user.profile.onboarded_at is None
    assert not viewer_for(user).email_verified

    link = read_link(mail_folder, r"/accounts/confirm-email/")
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/pl/members/welcome/"
    assert viewer_for(user).email_verified

    response = client.post(
        "/pl/members/welcome/",
        {"display_name": "Ewa Nowak", "handle": "ewa", "voivodeship": "wielkopolskie"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/pl/members/ewa/"
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.voivodeship) == ("Ewa Nowak", "wielkopolskie")
    assert profile.onboarded_at is not None
    assert "Ewa Nowak" in client.get("/pl/members/ewa/").content.decode()


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("pl", "Potwierdź swój adres e-mail"),
        ("uk", "Підтвердьте свою адресу електронної пошти"),
        ("en", "Confirm your e-mail address"),
    ],
)
def test_the_verification_email_has_a_plain_subject_in_the_members_language(
    client, mail_folder, language, subject
):
    client.post(
        f"/{language}/accounts/signup/",
        {"email": "ola@example.org", "password1": STRONG, "password2": STRONG},
    )
    (message,) = read_emails(mail_folder)
    # A long encoded subject is folded onto the next line; unfolding leaves a leading space.
    assert message["Subject"].strip() == subject


def test_an_unverified_member_cannot_log_in_before_confirming(client, mail_folder):
    client.post(
        "/pl/accounts/signup/",
        {"email": "ola@example.org", "password1": STRONG, "password2": STRONG},
    )
    client.logout()
    response = client.post("/pl/accounts/login/", {"login": "ola@example.org", "password": STRONG})
    assert response["Location"] == "/pl/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_a_duplicate_sign_up_makes_no_account_and_tells_only_the_owner(client, mail_folder):
    UserFactory(email="zajety@example.org")
    response = client.post(
        "/pl/accounts/signup/",
        {"email": "ZAJETY@example.org", "password1": STRONG, "password2": STRONG},
    )
    # The answer is the same as for a new address, so nobody learns who has an account.
    assert response["Location"] == "/pl/accounts/confirm-email/"
    assert User.objects.count() == 1
    assert Profile.objects.count() == 0
    mail = "\n".join(path.read_text() for path in mail_folder.iterdir())
    assert "zajety@example.org" in mail


def test_sign_up_refuses_a_weak_password_in_the_users_language(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "nowy@example.org", "password1": "12345", "password2": "12345"},
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    assert not User.objects.exists()
    response = client.post(
        "/pl/accounts/signup/",
        {"email": "nowy@example.org", "password1": "12345", "password2": "12345"},
    )
    assert "To hasło jest za krótkie" in response.content.decode()


def test_a_member_with_totp_needs_the_code_to_log_in(client):
    user = UserFactory()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = client.post("/pl/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/pl/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session

    wrong = client.post("/pl/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    counter = next(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(secret, counter))
    response = client.post("/pl/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_member_logs_in_with_a_code_sent_by_email(client, mail_folder):
    user = UserFactory()
    response = client.post("/pl/accounts/login/code/", {"email": user.email})
    assert response.status_code == 302
    mail = "\n".join(path.read_text() for path in mail_folder.iterdir())
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail, re.MULTILINE).group(1)
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_repeated_failed_log_ins_are_rate_limited(client):
    user = UserFactory()
    for _attempt in range(5):
        client.post("/pl/accounts/login/", {"login": user.email, "password": "wrong-password"})
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/admin/login/?next=/admin/", "/django-admin/login/?next=/x/"])
def test_both_admin_log_ins_go_through_the_site_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/pl/accounts/login/?next=")


def test_the_wagtail_admin_sends_anonymous_visitors_to_the_site_log_in(client):
    response = client.get("/admin/")
    assert response["Location"] == "/pl/accounts/login/?next=/admin/"


def test_the_account_pages_are_translated(client):
    assert "Zaloguj się" in client.get("/pl/accounts/login/").content.decode()
    assert "Увійти" in client.get("/uk/accounts/login/").content.decode()
    assert "Sign In" in client.get("/en/accounts/login/").content.decode()


def test_a_signed_in_member_can_reach_password_email_and_mfa_pages(client):
    client.force_login(UserFactory())
    for path in [
        "/pl/accounts/email/",
        "/pl/accounts/password/change/",
        "/pl/accounts/2fa/",
    ]:
        assert client.get(path).status_code == 200, path


def test_password_reset_sends_a_link_that_sets_a_new_password(client, mail_folder):
    user = UserFactory()
    client.post("/pl/accounts/password/reset/", {"email": user.email})
    link = read_link(mail_folder, r"/accounts/password/reset/key/")
    response = client.get(link)
    assert response.status_code == 302
    response = client.post(response["Location"], {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(STRONG)


def test_posting_needs_a_verified_email(db):
    user = UserFactory()
    assert viewer_for(user).email_verified
    EmailAddress.objects.filter(user=user).update(verified=False)
    assert not viewer_for(user).email_verified
    assert not Authenticator.objects.exists()
