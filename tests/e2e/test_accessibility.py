"""Every page passes axe-core (WCAG 2.1 A and AA) in each language: adding a page is one line.

A line is a path, or (path, e-mail) for a page seen signed in as that demo member.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from members.models import Notification, NotificationKind
from network.demo import seed, seed_site
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

# The same, signed in as a member (who has read and unread notifications).
MEMBER_PAGES = [
    "/{lang}/notifications/",
    "/{lang}/notifications/settings/",
    "/{lang}/account/data/",
    "/{lang}/account/data/delete/",
    "/{lang}/accounts/sessions/",
    "/{lang}/accounts/reauthenticate/",
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


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_member_page_has_no_accessibility_violations(member_page, path, lang):
    seed_site()
    for read_at in (None, "2026-01-01T00:00:00Z"):
        Notification.objects.create(
            recipient=member_page.member,
            kind=NotificationKind.MENTION,
            title="Wspomniano o Tobie w wątku o warsztatach klimatycznych",
            url="/pl/",
            read_at=read_at,
        )
    member_page.goto(path.format(lang=lang))
    assert member_page.url.endswith(path.format(lang=lang)), "redirected away"
    assert member_page.locator("html").get_attribute("lang") == lang
    assert_accessible(member_page)
