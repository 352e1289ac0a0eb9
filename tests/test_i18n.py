"""Everything a user sees exists in Kazakh and Russian (English is the source language)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from aqyl.core.translations import LOCALE_DIR

SOURCE = LOCALE_DIR.parent


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_catalog_is_complete(language: str) -> None:
    catalog = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in catalog if not e.translated() and not e.obsolete]
    fuzzy = [e.msgid for e in catalog if "fuzzy" in e.flags]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_placeholders_survive_translation(language: str) -> None:
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    catalog = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    for entry in catalog:
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert set(pattern.findall(text)) <= set(pattern.findall(
                entry.msgid + entry.msgid_plural)), entry.msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (make test "
                    "installs it)")
def test_catalogs_cover_every_string_in_the_source(tmp_path: Path) -> None:
    """Re-extract messages from the code and templates: none may be missing from the .po."""
    work = tmp_path / "aqyl"
    shutil.copytree(SOURCE, work, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (work / "locale").mkdir()
    subprocess.run(
        ["django-admin", "makemessages", "-l", "kk", "--no-location", "-i", "migrations/*"],
        cwd=work, check=True, capture_output=True,
        env={"PATH": str(Path(shutil.which("xgettext") or "").parent) + ":" +
             str(Path(__import__("sys").executable).parent)},
    )
    extracted = {e.msgid for e in polib.pofile(str(work / "locale/kk/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(LOCALE_DIR / "kk/LC_MESSAGES/django.po"))
                 if not e.obsolete}
    missing = sorted(extracted - committed)
    assert not missing, f"run makemessages and translate: {missing}"
