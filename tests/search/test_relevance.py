"""The relevance set runs against the demo library through the real search engine."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from knowledge.models import ImportedObject
from search.relevance import judge, load, precision_by_language

DEMO = Path(settings.BASE_DIR) / "demo" / "content.jsonl"

# Just under the figures in the README (ties between equally good matches may order
# differently in a fresh test database); a change that lowers one fails here.
FLOOR = {"hu": 0.6, "sl": 0.8, "en": 0.8}


def test_the_set_has_at_least_thirty_queries_over_three_languages():
    queries = load()
    assert len(queries) >= 30
    assert {item["language"] for item in queries} == {"hu", "sl", "en"}
    assert all(item["expected"] for item in queries)


@pytest.mark.django_db
def test_precision_at_3_per_language_on_the_demo_library():
    call_command("import_content", str(DEMO), verbosity=0)
    keys = set(ImportedObject.objects.values_list("key", flat=True))
    assert not {key for item in load() for key in item["expected"]} - keys

    judged = judge()
    scores = precision_by_language(judged)
    misses = [(item.language, item.query, item.top) for item in judged if item.precision_at_3 < 1]
    for language, floor in FLOOR.items():
        assert scores[language] >= floor, (scores, misses)
