"""Every page passes axe-core (WCAG 2.1 A and AA) in each language: adding a page is one line."""

import pytest

from network.demo import seed_site
from tests.e2e.conftest import assert_accessible
from tests.zones.factories import seed_zone_pages

PAGES = [
    "/{lang}/",
    "/{lang}/accounts/login/",
    "/{lang}/no-such-page/",
    "/{lang}/zones/",
    "/{lang}/zones/warszawa/",
    "/{lang}/meetups/{meetup}/",
]


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page, path, lang):
    home = seed_site()
    values = {"lang": lang}
    if "/zones/" in path or "{meetup}" in path:
        values["meetup"] = seed_zone_pages(home).pk
    page.goto(path.format(**values))
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)
