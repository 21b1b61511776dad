"""Language-aware words for search, shared by the forum, the member directory and chat rooms:
the same normalisation for stored documents and queries.

Stock PostgreSQL has no Polish or Ukrainian dictionaries, so words are lemmatised here (simplemma,
Polish, Ukrainian and English), then folded to ASCII-ish lowercase without diacritics. A document
keeps both the folded word and its folded lemma, so "bibliotekach" and "biblioteka" meet on
"biblioteka", and "zrodla" typed without diacritics meets "źródła" on its folded form.
"""

import re
import unicodedata
from functools import lru_cache
from html import unescape

import simplemma
from django.db.models import Q
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

LANGUAGES = ("pl", "uk", "en")
WORD = re.compile(r"\w+", re.UNICODE)
# Letters that Unicode does not decompose into base + accent.
_EXTRA_FOLDS = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss", "ø": "o", "đ": "d"})
MAX_QUERY_TERMS = 8


def fold(word: str) -> str:
    word = word.translate(_EXTRA_FOLDS).lower()
    # Cyrillic "й" and "ї" are letters of their own: decompose only Latin accents.
    decomposed = unicodedata.normalize("NFD", word)
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and kept[-1] < "\u0250":
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def load_dictionaries() -> None:
    """Load the lemmatiser's dictionaries now (seconds, and hundreds of MB) rather than in the
    first search request: before gunicorn forks (`--preload`) its workers share them."""
    simplemma.lemmatize("biblioteka", lang=LANGUAGES)


@lru_cache(maxsize=50_000)
def word_forms(word: str) -> frozenset[str]:
    """The folded forms a word is found by: itself and its lemma."""
    lower = word.lower()
    lemma = simplemma.lemmatize(lower, lang=LANGUAGES)
    return frozenset({fold(lower), fold(lemma)})


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if not w.isdigit() or len(w) > 1]


def search_document(*texts: str) -> str:
    """The words of the texts as a space-separated, normalised document (stored per post)."""
    forms: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for word in words(text):
            for form in sorted(word_forms(word)):
                if form not in seen:
                    seen.add(form)
                    forms.append(form)
    return " ".join(forms)


def folded_words(text: str) -> str:
    """The words of `text` folded, once each, between spaces (" a b "), without their lemmas: no
    dictionaries are needed, so Daphne, which stores chat messages, never loads them. Matched
    with `starts_of_words` and a query's forms (which carry the lemma), "granty" still finds
    "grantów" by the lemma's start, "grant"."""
    return " " + " ".join(dict.fromkeys(fold(word) for word in words(text))) + " "


def query_terms(query: str) -> list[frozenset[str]]:
    """One set of alternative forms per query word; a match needs every word (any of its forms)."""
    terms = []
    for word in words(query)[:MAX_QUERY_TERMS]:
        forms = word_forms(word)
        if forms not in terms:
            terms.append(forms)
    return terms


def starts_of_words(field: str, terms: list[frozenset[str]]) -> Q:
    """A filter on a text field of forms between spaces (" a b "): every term starts one of its
    words in any of its forms, so "Kowal" finds "Kowalska" and "granty" finds "grantów"."""
    found = Q()
    for forms in terms:
        any_form = Q()
        for form in forms:
            any_form |= Q(**{f"{field}__contains": f" {form}"})
        found &= any_form
    return found


def highlight(html: str, terms: list[frozenset[str]], *, length: int = 240) -> SafeString:
    """A plain-text excerpt of `html` around the first match, matched words in <mark>."""
    text = " ".join(unescape(strip_tags(html)).split())
    wanted = set().union(*terms) if terms else set()
    matches = [m for m in WORD.finditer(text) if word_forms(m.group()) & wanted]
    start = max(0, matches[0].start() - length // 3) if matches else 0
    end = min(len(text), start + length)
    pieces: list[str] = []
    cursor = start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        pieces.append(escape(text[cursor : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        cursor = match.end()
    pieces.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped
