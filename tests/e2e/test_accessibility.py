"""Every page passes axe-core (WCAG 2.1 A and AA) in each language: adding a page is one line."""

import pytest

from network.demo import seed_site
from network.demo_content import seed_content
from network.models import ProgrammePage
from tests.e2e.conftest import assert_accessible

PAGES = [
    "/{lang}/",
    "/{lang}/accounts/login/",
    "/{lang}/no-such-page/",
    "/{lang}/programy/",
    "/{lang}/programy/sektor-3-0/",
    "/{lang}/festiwal-sektor-3-0/",
    "/{lang}/noc-bibliotek/",
    "/{lang}/aktualnosci/",
    "/{lang}/aktualnosci/zapisy-na-festiwal/",
    "/{lang}/deklaracja-dostepnosci/",
    "/{lang}/o-sieciach/",
]


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_pages_have_no_accessibility_violations(page, lang):
    # Seeding the content takes seconds: once per language, then every page is checked.
    seed_content(seed_site())
    failures = []
    for path in PAGES:
        page.goto(path.format(lang=lang))
        try:
            assert page.locator("html").get_attribute("lang") == lang
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{path.format(lang=lang)}: {error}")
    assert failures == [], "\n\n".join(failures)


def test_page_shown_in_its_original_language_is_accessible(page):
    pages = seed_content(seed_site())
    untranslated = pages["programy"].add_child(
        instance=ProgrammePage(title="Tylko po polsku", slug="tylko-po-polsku", summary="Opis.")
    )
    untranslated.save_revision().publish()
    page.goto("/uk/programy/tylko-po-polsku/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("h1").get_attribute("lang") == "pl"
    assert_accessible(page)
