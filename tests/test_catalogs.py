"""Every interface string is translated into Polish and Ukrainian; compiled catalogs match."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = sorted(
    path
    for path in ROOT.glob("**/locale/*/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "var" not in path.parts
)


def test_every_app_has_polish_and_ukrainian_catalogs():
    languages = {(path.parents[3].name, path.parents[1].name) for path in CATALOGS}
    for owner in ("locale", "network", "members", "forum", "zones"):
        folder = ROOT.name if owner == "locale" else owner
        assert (folder, "pl") in languages, owner
        assert (folder, "uk") in languages, owner


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: str(path.relative_to(ROOT)))
def test_catalog_has_no_untranslated_or_fuzzy_entries(path):
    catalog = polib.pofile(str(path))
    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: str(path.relative_to(ROOT)))
def test_compiled_catalog_matches_its_source(path):
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(path))}
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(path.with_suffix(".mo")))
    }
    assert compiled == source, "run `make messages` to recompile"
