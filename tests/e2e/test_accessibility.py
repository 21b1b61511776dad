"""Every page passes axe-core (WCAG 2.1 A and AA) in each language: adding a page is one line."""

import pytest

from forum.demo import seed_forum
from forum.models import Topic
from network.demo import seed_site
from tests.e2e.conftest import assert_accessible

PAGES = [
    "/{lang}/",
    "/{lang}/accounts/login/",
    "/{lang}/no-such-page/",
    "/{lang}/forum/",
    "/{lang}/forum/c/noc-bibliotek/",
    "/{lang}/forum/t/{topic}/",
    "/{lang}/search/?q=biblioteki",
]


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page, path, lang):
    seed_site()
    seed_forum()
    topic = Topic.objects.order_by("pk").first()
    page.goto(path.format(lang=lang, topic=topic.pk))
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)
