import pytest
from django.urls import reverse
from django.utils import translation

from tests.members.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signing_in_on_the_english_site_makes_english_the_members_language(client):
    member = UserFactory(language="pl")
    with translation.override("en"):
        login = reverse("account_login")
    assert login.startswith("/en/")
    client.post(login, {"login": member.email, "password": PASSWORD})
    member.refresh_from_db()
    assert member.language == "en"


def test_switching_language_changes_a_members_language_and_nonsense_is_ignored(client):
    member = UserFactory(language="pl")
    client.force_login(member)
    response = client.post("/i18n/setlang/", {"language": "uk", "next": "/uk/"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "uk"
    response = client.post("/i18n/setlang/", {"language": "xx<script>", "next": "/pl/"})
    assert response.status_code in {302, 204}
    member.refresh_from_db()
    assert member.language == "uk"
