"""Every page passes axe-core (WCAG 2.1 A and AA) in each language: adding a page is one line.

A line is a path, or (path, e-mail) for a page seen signed in as that demo member.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from network.demo import seed
from tests.e2e.conftest import assert_accessible

PAGES = [
    "/{lang}/",
    "/{lang}/accounts/login/",
    "/{lang}/no-such-page/",
    "/{lang}/networks/",
    "/{lang}/networks/labib/",
    ("/{lang}/networks/labib/groups/labib-klimat/", "anna.kowalska@example.org"),
    ("/{lang}/networks/labib/groups/labib-innowacje/manage/", "anna.kowalska@example.org"),
    # The board requires 2FA: its member without it sees the page asking to set it up.
    ("/{lang}/networks/inicjatywy/groups/inicjatywy-zarzad/", "piotr.zielinski@example.org"),
]


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
@pytest.mark.parametrize("entry", PAGES, ids=str)
def test_page_has_no_accessibility_violations(page, live_server_url, entry, lang):
    seed()
    path, email = entry if isinstance(entry, tuple) else (entry, None)
    if email:
        client = Client()
        client.force_login(get_user_model().objects.get(email=email))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server_url}]
        )
    page.goto(path.format(lang=lang))
    # Not redirected (to the login page): the page itself is what axe checks.
    assert page.url.endswith(path.format(lang=lang))
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)
