from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_choices(context):
    """The interface languages, each with the address of this same page in that language."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    choices = []
    for code, name in settings.LANGUAGES:
        url = request.get_full_path() if request else "/"
        translation = _page_translation(page, code)
        url = translation.url if translation is not None else translate_url(url, code)
        choices.append({"code": code, "name": name, "url": url, "current": code == current})
    return choices


def _page_translation(page, language_code):
    if page is None or not hasattr(page, "get_translations"):
        return None
    if page.locale.language_code == language_code:
        return page
    return page.get_translations().live().filter(locale__language_code=language_code).first()
