"""Every page passes axe-core (WCAG 2.1 A and AA) in each language: adding a page is one line."""

import pytest

from members.models import Notification, NotificationKind
from network.demo import seed_site
from tests.e2e.conftest import assert_accessible

PAGES = [
    "/{lang}/",
    "/{lang}/accounts/login/",
    "/{lang}/no-such-page/",
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
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page, path, lang):
    seed_site()
    page.goto(path.format(lang=lang))
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
