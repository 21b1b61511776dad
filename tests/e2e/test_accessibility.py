"""Every page passes axe-core (WCAG 2.1 A and AA) in each language: adding a page is one line."""

import pytest
from django.test import Client

from network.demo import seed_site
from tests.e2e.conftest import assert_accessible
from tests.members.factories import UserFactory
from tests.members.profile_factories import LibraryFactory, ProfileFactory

PAGES = [
    "/{lang}/",
    "/{lang}/accounts/login/",
    "/{lang}/accounts/login/code/",
    "/{lang}/accounts/signup/",
    "/{lang}/accounts/password/reset/",
    "/{lang}/members/",
    "/{lang}/members/?q=klimat&voivodeship=mars",
    "/{lang}/members/anna-kowalska/",
    "/{lang}/no-such-page/",
]
# Pages for a signed-in member whose profile is complete.
MEMBER_PAGES = [
    "/{lang}/members/me/edit/",
    "/{lang}/members/libraries/propose/",
    "/{lang}/accounts/email/",
    "/{lang}/accounts/password/change/",
    "/{lang}/accounts/2fa/",
]


def seed_profile():
    library = LibraryFactory(name="Miejska Biblioteka Publiczna w Koninie")
    profile = ProfileFactory(
        handle="anna-kowalska",
        display_name="Anna Kowalska",
        library=library,
        position="dyrektorka",
        city="Konin",
        bio="Prowadzę **warsztaty klimatyczne**. [Strona](https://example.org)",
        website="https://example.org",
        show_email=True,
    )
    profile.expertise.set(["warsztaty klimatyczne", "robotyka"])
    return profile


def log_in(page, live_server_url, user):
    """Sign the browser in by handing it a session made on the server side."""
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server_url}])


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page, path, lang):
    seed_site()
    seed_profile()
    page.goto(path.format(lang=lang))
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_member_page_has_no_accessibility_violations(page, live_server_url, path, lang):
    seed_site()
    log_in(page, live_server_url, seed_profile().user)
    response = page.goto(path.format(lang=lang))
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_onboarding_has_no_accessibility_violations(page, live_server_url, lang):
    seed_site()
    log_in(page, live_server_url, UserFactory())
    page.goto(f"/{lang}/members/welcome/")
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_the_directory_filters_live_and_the_form_errors_are_announced(page):
    seed_site()
    seed_profile()
    ProfileFactory(display_name="Jan Nowak", city="Gdańsk")
    page.goto("/pl/members/")
    page.get_by_label("Szukaj po nazwisku, bibliotece, miejscowości lub specjalizacji").fill(
        "klimat"
    )
    page.wait_for_url("**/members/?q=klimat**")
    results = page.locator("#directory-results")
    assert results.get_by_text("Anna Kowalska").count() == 1
    assert results.get_by_text("Jan Nowak").count() == 0
    assert_accessible(page)
