"""Extracting the interface texts afresh finds nothing untranslated or fuzzy.

The catalogues are copied to a temporary directory and ``makemessages`` runs there,
so a string added to the code or a template without a Hungarian and Slovenian
translation fails the suite even if nobody re-ran ``makemessages``.
"""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


SOURCES = ["config", "knowledge", "groups", "search", "site"]


@pytest.fixture(scope="module")
def extracted_catalogues(tmp_path_factory):
    """Catalogues after ``makemessages`` over a copy of the sources and translations."""
    copy = tmp_path_factory.mktemp("sources")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
            )
    previous = Path.cwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[copy / "site" / "locale"]):
            call_command("makemessages", locale=["hu", "sl"], verbosity=0)
    finally:
        os.chdir(previous)
    return {
        code: polib.pofile(str(copy / "site" / "locale" / code / "LC_MESSAGES" / "django.po"))
        for code in ("hu", "sl")
    }


@pytest.mark.parametrize("code", ["hu", "sl"])
def test_every_extracted_message_is_translated(extracted_catalogues, code):
    catalogue = extracted_catalogues[code]
    assert len(catalogue) > 100
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
