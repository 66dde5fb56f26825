"""Which wordings stand for one idea, in hu, sl and en: the glossary and a base list.

Two sources, merged into one table of concepts:

- the domain glossary (``knowledge.glossary.concepts``): a concept's term and
  synonyms in each language, edited by editors at runtime;
- ``BASE_GROUPS``, the project's own short list of everyday words that are not
  glossary terms (young people, the elderly, libraries, villages, festivals…).

A base group that shares a wording with a glossary concept (``önkéntesség``,
``NGO``) is joined to it, so nothing of either is lost. The base list once also
had ``közművelődés / kultura / culture``; the glossary's ``community-culture``
replaced it, because ``culture`` alone would widen ``community culture`` to every
text about culture.

Wordings are compared after the language analysis (``search.analysis``), word by
word, each word as written or without accents, so ``közösségi terekben`` and
``kozossegi ter`` are both the glossary's ``közösségi tér``.

The table is built from one query, kept in Django's cache under a version token
that a saved or deleted glossary term replaces (``glossary_changed``, connected
in ``search.signals``), and memoised per process for ``FRESH_SECONDS``. With a
shared cache (``REDIS_URL``) every process sees a change at the next query; with
the per-process memory cache, the process that saved sees it at once and the
others within ``FRESH_SECONDS``.
"""

import threading
import time
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from knowledge.glossary import concepts as glossary_concepts
from search.analysis import analyser_for, fold, words

LANGUAGES = ("hu", "sl", "en")

BASE_GROUPS = [
    {
        "hu": ["önkéntes", "önkéntesség"],
        "sl": ["prostovoljec", "prostovoljstvo"],
        "en": ["volunteer", "volunteering"],
    },
    {
        "hu": ["fesztivál", "ünnep", "ünnepség"],
        "sl": ["festival", "praznik"],
        "en": ["festival", "celebration"],
    },
    {
        "hu": ["fiatal", "ifjúság", "ifjúsági"],
        "sl": ["mladi", "mladina"],
        "en": ["youth", "young"],
    },
    {
        "hu": ["idős", "nyugdíjas", "szépkorú"],
        "sl": ["starejši", "upokojenec"],
        "en": ["elderly", "senior"],
    },
    {
        "hu": ["egyesület", "civil"],
        "sl": ["društvo", "nevladna"],
        "en": ["association", "ngo"],
    },
    {
        "hu": ["könyvtár"],
        "sl": ["knjižnica"],
        "en": ["library"],
    },
    {
        "hu": ["falu", "község"],
        "sl": ["vas", "podeželje"],
        "en": ["village", "rural"],
    },
]

VERSION_KEY = "search:synonyms:version"
FRESH_SECONDS = 60


def word_forms(word, language):
    """The base forms a word may take in the index: as written and without accents."""
    analyser = analyser_for(language)
    return frozenset({analyser.base_form(word), analyser.base_form(fold(word))})


def wording_key(wording, language):
    """A wording as the analysis sees it, for telling wordings apart."""
    analyser = analyser_for(language)
    return tuple(analyser.base_form(word) for word in words(wording))


@dataclass(frozen=True)
class Match:
    """Words ``start`` to ``end`` of a query are a wording of ``concept`` in ``language``."""

    start: int
    end: int
    concept: int
    language: str


class SynonymTable:
    """Concepts (``{language: [wordings]}``) and an index to find them in a query."""

    def __init__(self, groups):
        self.concepts = _merge(groups)
        # {language: {a first word's form: [(forms of each word, concept number)]}}
        self._starts = {language: {} for language in LANGUAGES}
        for number, concept in enumerate(self.concepts):
            for language, wordings in concept.items():
                for wording in wordings:
                    forms = tuple(word_forms(word, language) for word in words(wording))
                    if not forms:
                        continue
                    for form in forms[0]:
                        self._starts[language].setdefault(form, []).append((forms, number))

    def wordings(self, concept, language):
        return self.concepts[concept].get(language, [])

    def longest_match(self, query_words, start, languages):
        """The longest wording that begins at ``query_words[start]``, or None.

        ``languages`` are tried in order; between equally long wordings the first
        language wins, so the searched language goes first.
        """
        best = None
        for language in languages:
            starts = self._starts.get(language, {})
            forms_here = word_forms(query_words[start], language)
            candidates = {entry for form in forms_here for entry in starts.get(form, ())}
            for forms, concept in candidates:
                end = start + len(forms)
                if end > len(query_words) or (best and end <= best.end):
                    continue
                if all(
                    forms[offset] & word_forms(query_words[start + offset], language)
                    for offset in range(len(forms))
                ):
                    best = Match(start, end, concept, language)
        return best


def _merge(groups):
    """Join groups that share a wording in one language; keep each wording once."""
    parent = list(range(len(groups)))

    def root(number):
        while parent[number] != number:
            parent[number] = parent[parent[number]]
            number = parent[number]
        return number

    owner = {}
    for number, group in enumerate(groups):
        for language, wordings in group.items():
            for wording in wordings:
                key = (language, wording_key(wording, language))
                if not key[1]:
                    continue
                if key in owner:
                    parent[root(number)] = root(owner[key])
                else:
                    owner[key] = number
    merged, seen = {}, set()
    for number, group in enumerate(groups):
        concept = merged.setdefault(root(number), {})
        for language, wordings in group.items():
            for wording in wordings:
                key = (root(number), language, wording_key(wording, language))
                if key[2] and key not in seen:
                    seen.add(key)
                    concept.setdefault(language, []).append(wording.strip())
    return [concept for concept in merged.values() if concept]


def build():
    """The table from the glossary as it is now, then the base list."""
    return SynonymTable([*glossary_concepts(), *BASE_GROUPS])


def glossary_changed(**kwargs):
    """A glossary term was saved or deleted: the next query builds the table again.

    The version changes at once (this process, this transaction) and again after
    the commit, so a table built by another request before the commit is not kept.
    """
    _bump_version()
    transaction.on_commit(_bump_version)


def _bump_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _version():
    """A random token rather than a counter: a cleared cache never repeats an old one."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


_memo = threading.local()


def current():
    """The table for this query: from the process, else the shared cache, else built."""
    version = _version()
    memo = getattr(_memo, "entry", None)
    if memo is not None and memo[0] == version and memo[1] > time.monotonic():
        return memo[2]
    key = f"search:synonyms:{version}"
    table = cache.get(key)
    if table is None:
        table = build()
        cache.set(key, table, FRESH_SECONDS)
    _memo.entry = (version, time.monotonic() + FRESH_SECONDS, table)
    return table
