"""The import benchmark's file is valid and imports into a sound tree in three languages.

Only the file is tested here: the benchmark's own runs (a database of their own, timings)
belong to ``make bench-import``, not to the suite.
"""

import pytest
from django.utils import translation
from wagtail.models import Page

from benchmarks.import_speed import write_file
from knowledge.importer import FileLines, run_import
from knowledge.models import KnowledgePage


@pytest.mark.django_db
def test_the_benchmark_file_imports_into_a_sound_tree(tmp_path, site_tree):
    path = tmp_path / "import.jsonl"
    counts = write_file(path, 160, seed=3)
    assert sum(counts.values()) == 160
    assert {"theme", "region", "institution", "programme", "group"} <= set(counts)
    assert {"method", "package", "writeup"} <= set(counts)

    with translation.override("en"):
        summary = run_import(FileLines(path))

    assert summary.total == summary.created.total() == 160
    assert Page.find_problems() == ([], [], [], [], [])
    pages = KnowledgePage.objects.filter(slug__isnull=False)
    assert set(pages.values_list("locale__language_code", flat=True)) == {"hu", "sl", "en"}
    translated = pages.filter(locale__language_code="sl").first()
    assert translated.get_translation_or_none(site_tree["hu"]["home"].locale) is not None
    with translation.override("en"):
        again = run_import(FileLines(path))
    assert again.unchanged.total() == 160
