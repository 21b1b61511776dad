import json
import re
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import Page, PageViewRestriction

from network.demo.content import DATA, seed_content
from network.demo.site import seed_site
from network.models import NewsArticlePage, ProgrammePage

pytestmark = pytest.mark.django_db

TEXTS = json.loads(DATA.read_text(encoding="utf-8"))
LANGUAGES = ["pl", "en", "uk"]


def title(section: str, slug: str | None, language: str) -> str:
    if slug is None:
        return TEXTS[section][language]["title"]
    return next(spec for spec in TEXTS[section] if spec["slug"] == slug)[language]["title"]


PAGES = [
    ("/{lang}/", "home", None),
    ("/{lang}/programy/", "programme_index", None),
    ("/{lang}/programy/sektor-3-0/", "programmes", "sektor-3-0"),
    ("/{lang}/festiwal-sektor-3-0/", "events", "festiwal-sektor-3-0"),
    ("/{lang}/noc-bibliotek/", "campaigns", "noc-bibliotek"),
    ("/{lang}/aktualnosci/", "news_index", None),
    ("/{lang}/aktualnosci/zapisy-na-festiwal/", "news", "zapisy-na-festiwal"),
    ("/{lang}/o-sieciach/", "about_networks", None),
    ("/{lang}/deklaracja-dostepnosci/", "accessibility_statement", None),
]


@pytest.fixture
def content(db):
    return seed_content(seed_site())


def html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_type_renders_in_each_language(client, content, language):
    for path, section, slug in PAGES:
        page = html(client, path.format(lang=language))
        assert f'<html lang="{language}">' in page
        assert escape(title(section, slug, language)) in page, path
        # A translated page is all in the interface's language: nothing is marked as another.
        assert " lang=" not in page.split("</header>")[1], path


def test_programme_index_filters_by_status(client, content):
    finished = html(client, "/en/programy/?status=finished")
    assert "Library Development Programme" in finished
    assert "Sector 3.0" not in finished
    ongoing = html(client, "/en/programy/?status=ongoing")
    assert "Sector 3.0" in ongoing
    assert "Library Development Programme" not in ongoing
    everything = html(client, "/en/programy/?status=nonsense")
    assert "Sector 3.0" in everything
    assert "Library Development Programme" in everything


def test_listings_leave_out_drafts_and_restricted_pages(client, content):
    restricted = ProgrammePage.objects.get(locale__language_code="en", slug="sektor-3-0")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    draft = ProgrammePage.objects.get(locale__language_code="en", slug="jak-rozmawiac")
    draft.unpublish()
    page = html(client, "/en/programy/")
    assert "Sector 3.0" not in page
    assert "How to Talk?" not in page
    assert "Library for All" in page
    home = html(client, "/en/")
    assert "Sector 3.0</a>" not in home


def test_home_shows_featured_programmes_and_news_in_its_language(client, content):
    page = html(client, "/uk/")
    assert "Бібліотека для всіх" in page
    assert "Відкрито реєстрацію на Фестиваль Сектор 3.0" in page
    assert "Biblioteka dla Wszystkich" not in page


def test_news_index_filters_by_tag(client, content):
    page = html(client, "/en/aktualnosci/?tag=campaigns")
    assert "Night of Libraries: a summary" in page
    assert "New Innovation Zones" not in page


def test_event_dates_are_written_in_the_visitors_language(client, content):
    dates = {"pl": "20 maja 2027", "en": "20 May 2027", "uk": "20 травня 2027"}
    for language, date in dates.items():
        assert date in html(client, f"/{language}/festiwal-sektor-3-0/")


def switcher_targets(page: str) -> dict:
    buttons = re.findall(
        r'value="(\w\w)" lang="\w\w"\s+formaction="/i18n/setlang/\?next=([^"]+)"', page
    )
    return {code: unquote(url) for code, url in buttons}


def test_language_switcher_keeps_the_visitor_on_the_translated_page(client, content):
    targets = switcher_targets(html(client, "/en/programy/sektor-3-0/"))
    assert targets == {
        "pl": "/pl/programy/sektor-3-0/",
        "en": "/en/programy/sektor-3-0/",
        "uk": "/uk/programy/sektor-3-0/",
    }
    assert "Сектор 3.0" in html(client, targets["uk"])


def test_page_without_translation_is_shown_in_its_language_under_the_interface_language(
    client, content
):
    index = content["programy"]
    only_polish = index.add_child(
        instance=ProgrammePage(title="Tylko po polsku", slug="tylko-po-polsku", summary="Opis.")
    )
    only_polish.save_revision().publish()

    page = html(client, "/en/programy/tylko-po-polsku/")
    assert '<html lang="en">' in page
    assert '<h1 lang="pl">Tylko po polsku</h1>' in page
    assert "not available in your language yet" in page
    assert "Skip to main content" in page
    # Every language is still offered; the missing ones keep the visitor on this page.
    assert switcher_targets(page) == {
        "pl": "/pl/programy/tylko-po-polsku/",
        "en": "/en/programy/tylko-po-polsku/",
        "uk": "/uk/programy/tylko-po-polsku/",
    }
    # The original stays the canonical address; no hreflang claims an English version.
    assert '<link rel="canonical" href="http://localhost/pl/programy/tylko-po-polsku/">' in page
    assert 'hreflang="en"' not in page
    assert client.get("/en/programy/no-such-programme/").status_code == 404


def test_translated_page_has_canonical_hreflang_and_open_graph_tags(client, content):
    page = html(client, "/uk/aktualnosci/zapisy-na-festiwal/")
    assert (
        '<link rel="canonical" href="http://localhost/uk/aktualnosci/zapisy-na-festiwal/">' in page
    )
    for code in LANGUAGES:
        url = f"http://localhost/{code}/aktualnosci/zapisy-na-festiwal/"
        assert f'<link rel="alternate" hreflang="{code}" href="{url}">' in page
    assert (
        '<link rel="alternate" hreflang="x-default" '
        'href="http://localhost/pl/aktualnosci/zapisy-na-festiwal/">' in page
    )
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:locale" content="uk_UA">' in page
    assert '<meta name="description" content="Зареєструйтеся та оберіть воркшопи.">' in page


def test_sitemap_lists_live_public_pages_of_every_language(client, content):
    restricted = ProgrammePage.objects.get(locale__language_code="uk", slug="sektor-3-0")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    NewsArticlePage.objects.get(locale__language_code="en", slug="zapisy-na-festiwal").unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    sitemap = response.content.decode()
    for code in LANGUAGES:
        assert f"<loc>http://localhost/{code}/</loc>" in sitemap
        assert f"<loc>http://localhost/{code}/programy/biblioteka-dla-wszystkich/</loc>" in sitemap
    assert "/uk/programy/sektor-3-0/" not in sitemap
    assert "/en/aktualnosci/zapisy-na-festiwal/" not in sitemap
    assert sitemap.count("<loc>") == Page.objects.live().public().exclude(depth=1).count()


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("path", "parent_slug", "model", "fields"),
    [
        ("/pl/programy/", "programy", ProgrammePage, {"summary": "Opis."}),
        (
            "/pl/aktualnosci/",
            "aktualnosci",
            NewsArticlePage,
            {"summary": "Opis.", "date": "2026-01-01"},
        ),
    ],
)
def test_index_query_count_does_not_grow_with_its_pages(
    client, content, django_assert_num_queries, path, parent_slug, model, fields
):
    client.get(path)  # warm the site root paths cache
    expected = queries(client, path)
    parent = content[parent_slug]
    for number in range(4):
        child = parent.add_child(
            instance=model(title=f"Extra {number}", slug=f"extra-{number}", **fields)
        )
        if model is NewsArticlePage:
            child.tags.add("extra", f"tag-{number}")
            child.save()
        child.save_revision().publish()
    with django_assert_num_queries(expected):
        client.get(path)


def test_editors_can_edit_each_page_type_and_translate_it_in_the_admin(client, content):
    from tests.members.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for slug in ("programy", "sektor-3-0", "festiwal-sektor-3-0", "noc-bibliotek"):
        assert client.get(f"/admin/pages/{content[slug].pk}/edit/").status_code == 200, slug
    for slug in ("aktualnosci", "zapisy-na-festiwal", "deklaracja-dostepnosci"):
        assert client.get(f"/admin/pages/{content[slug].pk}/edit/").status_code == 200, slug
    home = content["programy"].get_parent()
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    translate = client.get(f"/admin/translation/submit/page/{content['sektor-3-0'].pk}/")
    assert translate.status_code == 200
