"""Every page passes axe-core (WCAG 2.1 A and AA) in each language: adding a page is one line."""

import pytest

from network.demo import seed_site
from tests.e2e.conftest import assert_accessible

PAGES = [
    "/{lang}/",
    "/{lang}/accounts/login/",
    "/{lang}/no-such-page/",
]


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page, path, lang):
    seed_site()
    page.goto(path.format(lang=lang))
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)
