"""Measuring language analysis on the relevance set in ``tests/search/data``.

A text matches a query when, after analysis, it holds every word of the query
(the search page combines words with AND). For each candidate reducer and
language we count the expected texts found (recall) and the found texts that
were expected (precision). ``python manage.py measure_analysis`` prints the table
that the README records.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from search.analysis import Analyser, lemmagen, simplemma_lemmatiser, snowball

RELEVANCE_SET = Path(settings.BASE_DIR) / "tests" / "search" / "data" / "analysis_relevance.json"


def _fold_only():
    return lambda word: word


CANDIDATES = {
    "fold only (no reduction)": dict.fromkeys(("hu", "sl", "en"), _fold_only),
    "Snowball (PyStemmer)": {
        "hu": lambda: snowball("hungarian"),
        "en": lambda: snowball("english"),
        # Snowball has no Slovenian; Serbian is the nearest South Slavic stemmer.
        "sl": lambda: snowball("serbian"),
    },
    "simplemma": {
        lang: (lambda lang=lang: simplemma_lemmatiser(lang)) for lang in ("hu", "sl", "en")
    },
    "simplemma (greedy)": {
        lang: (lambda lang=lang: simplemma_lemmatiser(lang, greedy=True))
        for lang in ("hu", "sl", "en")
    },
    "lemmagen3": {lang: (lambda lang=lang: lemmagen(lang)) for lang in ("hu", "sl", "en")},
}


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    relevant_found: int = 0
    perfect_queries: int = 0
    queries: int = 0

    @property
    def recall(self):
        return self.relevant_found / self.expected if self.expected else 1.0

    @property
    def precision(self):
        return self.relevant_found / self.found if self.found else 0.0


def load_relevance_set(path=RELEVANCE_SET):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def matches(analyser, texts, query):
    """Ids of the texts that hold every analysed word of ``query``."""
    wanted = set(analyser.query_tokens(query))
    if not wanted:
        return set()
    return {
        text_id for text_id, text in texts.items() if wanted <= set(analyser.index_tokens(text))
    }


def score(analyser, language_set):
    result = Score()
    for item in language_set["queries"]:
        expected = set(item["expected"])
        found = matches(analyser, language_set["texts"], item["q"])
        result.queries += 1
        result.expected += len(expected)
        result.found += len(found)
        result.relevant_found += len(expected & found)
        result.perfect_queries += found == expected
    return result


def compare(candidates=CANDIDATES, relevance_set=None):
    """``{candidate: {language: Score}}`` for every candidate and language of the set."""
    relevance_set = relevance_set or load_relevance_set()
    table = {}
    for name, reducers in candidates.items():
        table[name] = {}
        for language, factory in reducers.items():
            analyser = Analyser(language, factory())
            table[name][language] = score(analyser, relevance_set[language])
    return table
