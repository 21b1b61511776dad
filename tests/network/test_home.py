import pytest

from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

SKIP_LINK = {"pl": "Przejdź do treści", "en": "Skip to main content", "uk": "Перейти до змісту"}


@pytest.mark.parametrize("language", ["pl", "en", "uk"])
def test_home_page_renders_in_each_language_with_its_lang_attribute(client, home, language):
    response = client.get(f"/{language}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert SKIP_LINK[language] in html
    assert home.title in html


def test_bare_address_follows_the_browser_language(client, home):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="uk,en;q=0.5").url == "/uk/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB").url == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de").url == "/pl/"


def test_switching_the_language_keeps_the_page_and_is_remembered(client, home):
    response = client.post("/i18n/setlang/?next=/uk/", {"language": "uk"})
    assert response.status_code == 302
    assert response.url == "/uk/"
    assert SKIP_LINK["uk"] in client.get(response.url).content.decode()
    # The choice is kept: the bare address now opens in Ukrainian.
    assert client.get("/").url == "/uk/"


def test_pages_for_a_signed_in_member_are_never_stored_by_caches(client, home):
    assert "no-store" not in client.get("/pl/").get("Cache-Control", "")
    client.force_login(UserFactory())
    assert "no-store" in client.get("/pl/")["Cache-Control"]


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, home):
    policy = client.get("/pl/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_unknown_address_is_a_translated_404(client, home):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_admin_login_goes_to_the_site_login_page(client, home):
    response = client.get("/admin/login/", follow=True)
    assert response.redirect_chain[0] == ("/pl/accounts/login/", 302)
    assert response.status_code == 200


def test_django_admin_is_for_staff_only(client, home):
    client.force_login(UserFactory())
    assert client.get("/django-admin/").status_code == 302
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/django-admin/").status_code == 200
