"""The interface speaks Hungarian and Slovenian completely."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parent.parent / "site" / "locale"


@pytest.mark.parametrize("code", ["hu", "sl"])
def test_catalogue_has_no_untranslated_or_fuzzy_entries(code):
    catalogue = polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 100
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize(
    ("code", "expected"), [("hu", "Ugrás a tartalomra"), ("sl", "Preskoči na vsebino")]
)
def test_compiled_catalogue_is_used(code, expected):
    with translation.override(code):
        assert translation.gettext("Skip to content") == expected


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "1 minuta"), (2, "2 minuti"), (3, "3 minute"), (5, "5 minut")]
)
def test_slovenian_plurals_follow_the_four_forms(count, expected):
    with translation.override("sl"):
        text = translation.ngettext("%(minutes)s minute", "%(minutes)s minutes", count)
    assert text % {"minutes": count} == expected
