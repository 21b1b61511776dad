"""Editorial demo content in Polish with English and Ukrainian translations (sample texts).

Polish pages are created first; each translation is a copy made the way the admin's "Translate"
action makes it (`copy_for_translation`), then filled in and published. Idempotent: a page that
exists (by slug under its parent, or by translation) is left as it is.
"""

import json
from pathlib import Path

from django.db import transaction
from django.utils.dateparse import parse_date, parse_datetime
from wagtail.models import Locale, Page

from network.models import (
    CampaignPage,
    EventPage,
    FeaturedProgramme,
    HomePage,
    NewsArticlePage,
    NewsIndexPage,
    ProgrammeIndexPage,
    ProgrammePage,
    StandardPage,
)

LANGUAGES = ("pl", "en", "uk")
DATA = Path(__file__).with_name("content.json")


def _stream(fields: dict) -> dict:
    """Plain paragraphs (`body`) and heading/text pairs (`sections`) as StreamField data."""
    fields = dict(fields)
    if "body" in fields:
        fields["body"] = [{"type": "paragraph", "value": f"<p>{p}</p>"} for p in fields["body"]]
    if "sections" in fields:
        fields["body"] = [
            block
            for heading, text in fields.pop("sections")
            for block in (
                {"type": "heading", "value": heading},
                {"type": "paragraph", "value": f"<p>{text}</p>"},
            )
        ]
    return fields


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _fill(page: Page, fields: dict) -> None:
    for name, value in _stream(fields).items():
        if name == "tags":
            page.tags.set(value)
        else:
            setattr(page, name, value)


def seed_translated(parent: Page, model: type[Page], slug: str, texts: dict, **shared) -> dict:
    """A Polish page under `parent` and its English and Ukrainian translations, by language."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, locale=parent.locale, **shared)
        _fill(page, texts["pl"])
        parent.add_child(instance=page)
        _publish(page)
    pages = {"pl": page}
    for language in LANGUAGES[1:]:
        pages[language] = translate(page, language, texts[language])
    return pages


def translate(page: Page, language: str, fields: dict) -> Page:
    """The page's translation, copied the way the admin's "Translate" action copies it."""
    locale = Locale.objects.get(language_code=language)
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation.specific
    translation = page.copy_for_translation(locale)
    _fill(translation, fields)
    _publish(translation)
    return translation


def _shared(spec: dict) -> dict:
    """The fields all translations share, with dates parsed from the JSON file."""
    shared = dict(spec.get("shared", {}))
    for name in ("start_date", "end_date", "date"):
        if name in shared:
            shared[name] = parse_date(shared[name])
    for name in ("start", "end"):
        if name in shared:
            shared[name] = parse_datetime(shared[name])
    return shared


def _feature(home: Page, programmes: list) -> None:
    if not FeaturedProgramme.objects.filter(page=home).exists():
        for order, programme in enumerate(programmes):
            FeaturedProgramme.objects.create(page=home, programme=programme, sort_order=order)


@transaction.atomic
def seed_content(home: HomePage) -> dict:
    """All editorial pages in three languages; returns the Polish pages by slug."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    if not home.join_title:
        _fill(home, data["home"]["pl"])
        _publish(home)
    homes = {"pl": home}
    for language in LANGUAGES[1:]:
        homes[language] = translate(home, language, data["home"][language])

    pages: dict = {}
    sections = [
        (home, ProgrammeIndexPage, "programy", data["programme_index"]),
        (home, NewsIndexPage, "aktualnosci", data["news_index"]),
        (home, StandardPage, "o-sieciach", data["about_networks"]),
        (home, StandardPage, "deklaracja-dostepnosci", data["accessibility_statement"]),
    ]
    for parent, model, slug, texts in sections:
        pages[slug] = seed_translated(parent, model, slug, texts)["pl"]
    children = [
        (pages["programy"], ProgrammePage, data["programmes"]),
        (home, EventPage, data["events"]),
        (home, CampaignPage, data["campaigns"]),
        (pages["aktualnosci"], NewsArticlePage, data["news"]),
    ]
    for parent, model, specs in children:
        for spec in specs:
            pages[spec["slug"]] = seed_translated(
                parent, model, spec["slug"], spec, **_shared(spec)
            )["pl"]
    # Every language's home features the same programmes; each shows its own translation.
    for translated_home in homes.values():
        _feature(translated_home, [pages[slug] for slug in data["featured"]])
    return pages


# What the editors link to the foundation's pages once the forum and the zones exist: the forum
# category where a programme or campaign is discussed, the zone whose meetups an event lists, and
# the page each news article is about.
LINKS = {
    "biblioteki-dla-klimatu": {"forum_category": "biblioteki-dla-klimatu"},
    "noc-bibliotek": {"forum_category": "noc-bibliotek"},
    "festiwal-sektor-3-0": {"zone": "warszawa"},
}
ABOUT = {
    "zapisy-na-festiwal": "festiwal-sektor-3-0",
    "podsumowanie-nocy-bibliotek": "noc-bibliotek",
}


@transaction.atomic
def link_content() -> None:
    """Idempotent: every translation of a page gets the same links, published as a revision."""
    from forum.models import Category
    from zones.models import ZonePage

    def translations(slug: str):
        return Page.objects.filter(
            translation_key__in=Page.objects.filter(slug=slug).values("translation_key")
        ).specific()

    for slug, links in LINKS.items():
        category = Category.objects.filter(slug=links.get("forum_category", "")).first()
        zone = ZonePage.objects.filter(slug=links.get("zone", "")).order_by("pk").first()
        for page in translations(slug):
            if page.forum_category_id == getattr(category, "pk", None) and page.zone == zone:
                continue
            page.forum_category, page.zone = category, zone
            page.save_revision().publish()
    for slug, about in ABOUT.items():
        target = Page.objects.filter(slug=about).order_by("pk").first()
        for article in translations(slug):
            if target is not None and article.about_id != target.pk:
                article.about = target
                article.save_revision().publish()
