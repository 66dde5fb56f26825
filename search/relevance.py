"""The relevance set: readers' queries with the library items that should come first.

Each query of ``tests/search/data/relevance.json`` is run through the search
engine itself (``search.engine.run``, as an anonymous reader of that language, no
filters) over the demo library (``demo/content.jsonl``). Expected items are named
by their import keys. Precision@3 is the share of the first three results that
are expected, out of at most three: a query with one expected item scores 1.0 when
that item is among the first three (dividing by 3 would cap it at 0.33).
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, get_page_models

from knowledge.listing import LibraryFilter
from knowledge.models import ImportedObject
from search import engine

RELEVANCE_SET = Path(settings.BASE_DIR) / "tests" / "search" / "data" / "relevance.json"


@dataclass
class Judged:
    language: str
    query: str
    expected: list
    top: list  # import keys (or "#pk") of the first three results

    @property
    def precision_at_3(self):
        hits = sum(1 for key in self.top if key in self.expected)
        return hits / min(3, len(self.expected))


def load(path=RELEVANCE_SET):
    return json.loads(Path(path).read_text(encoding="utf-8"))["queries"]


def judge(queries=None):
    """Every query of the set with its first three results."""
    queries = queries if queries is not None else load()
    page_types = ContentType.objects.get_for_models(*get_page_models()).values()
    imported_pages = ImportedObject.objects.filter(content_type__in=page_types)
    keys_by_pk = dict(imported_pages.values_list("object_id", "key"))
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    judged = []
    for item in queries:
        language = item["language"]
        no_filters = LibraryFilter(locale=locales[language])
        outcome = engine.run(item["query"], AnonymousUser(), language, language, no_filters)
        top = [keys_by_pk.get(hit.pk, f"#{hit.pk}") for hit in outcome.hits[:3]]
        judged.append(Judged(item["language"], item["query"], item["expected"], top))
    return judged


def precision_by_language(judged):
    totals = {}
    for item in judged:
        totals.setdefault(item.language, []).append(item.precision_at_3)
    return {language: sum(values) / len(values) for language, values in totals.items()}
