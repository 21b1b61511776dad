from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language

from network.models.restrictions import without_view_restrictions

register = template.Library()

# Open Graph wants a territory with the language.
OG_LOCALES = {"pl": "pl_PL", "en": "en_GB", "uk": "uk_UA"}


def _translations(request, page) -> dict:
    """This page's live, public translations by language code (itself included), one query."""
    if page is None or not hasattr(page, "get_translations"):
        return {}
    cache = getattr(request, "_page_translations", {}) if request is not None else {}
    if page.pk not in cache:
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        pages = without_view_restrictions(translations)
        cache[page.pk] = {translation.locale.language_code: translation for translation in pages}
        if request is not None:
            request._page_translations = cache
    return cache[page.pk]


@register.simple_tag(takes_context=True)
def language_choices(context):
    """The interface languages, each with the address of this same page in that language.

    Where the page has no translation, the choice keeps the visitor on this page (served in its
    original language under the other language's prefix) with the interface in the new language.
    """
    request = context.get("request")
    translations = _translations(request, context.get("page"))
    current = get_language()
    path = request.get_full_path() if request else "/"
    choices = []
    for code, name in settings.LANGUAGES:
        translation = translations.get(code)
        url = translation.get_url(request) if translation is not None else translate_url(path, code)
        choices.append({"code": code, "name": name, "url": url, "current": code == current})
    return choices


@register.simple_tag(takes_context=True)
def page_alternates(context):
    """hreflang links: each live translation of the page, plus x-default (the default language)."""
    request = context.get("request")
    translations = _translations(request, context.get("page"))
    alternates = [
        {"hreflang": code, "url": translations[code].get_full_url(request)}
        for code, _name in settings.LANGUAGES
        if code in translations
    ]
    if settings.LANGUAGE_CODE in translations:
        default = translations[settings.LANGUAGE_CODE].get_full_url(request)
        alternates.append({"hreflang": "x-default", "url": default})
    return alternates


@register.simple_tag
def content_lang(page):
    """` lang="…"` for an element with the page's text when its language is not the interface's."""
    language = page_language(page)
    if language and language != get_language():
        return format_html(' lang="{}"', language)
    return ""


@register.filter
def page_language(page):
    locale = getattr(page, "locale", None)
    return locale.language_code if locale is not None else ""


@register.filter
def is_untranslated(page):
    """True when the page is shown in another language than the interface's (a fallback)."""
    language = page_language(page)
    return bool(language) and language != get_language()


@register.simple_tag
def page_description(page):
    """The meta description: the editor's search description, else the page's own summary."""
    if page is None:
        return ""
    for field in ("search_description", "summary", "intro"):
        text = strip_tags(str(getattr(page, field, "") or "")).strip()
        if text:
            return Truncator(" ".join(text.split())).chars(200)
    return ""


@register.simple_tag
def og_locale(language_code):
    return OG_LOCALES.get(language_code, language_code)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    page = context.get("page")
    if page is None or not hasattr(page, "get_full_url"):
        return ""
    return page.get_full_url(context.get("request")) or ""
