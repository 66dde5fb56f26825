"""Synonyms applied at query time, on every backend.

Editors' vocabulary differs from readers': a reader types ``közösségi tér`` where
a method says ``közösségi színtér``, ``IKSZ`` for ``iskolai közösségi szolgálat``,
or ``volunteer`` in the Hungarian library. The wordings that stand for one idea
come from the domain glossary and a short base list (``search.synonym_table``).
A run of query words that is a wording of a concept (compared after the language
analysis, so ``közösségi terekben`` counts as ``közösségi tér``) may also be
matched by the concept's other wordings in the language being searched. The
run may be in another language: ``community space`` finds Hungarian pages about
``közösségi színtér``, so with ``lang=all`` each language is searched with its own
equivalents.

Expansion happens on the query only, never in the index, so a glossary change
needs no reindexing and applies from the next query. On Elasticsearch the
searched language's own equivalents are applied by the index's search analysers
(``search.backends.elasticsearch``), and only the bridges between languages are
expanded here.
"""

from itertools import islice, product

from wagtail.search.query import Or, PlainText

from search.analysis import words
from search.synonym_table import LANGUAGES, current, wording_key

MAX_VARIANTS = 8


def synonyms(word, language):
    """Other wordings of ``language`` that may stand for ``word`` (any language's form)."""
    query_words = words(word)
    if not query_words:
        return []
    table = current()
    match = table.longest_match(query_words, 0, _search_order(language))
    if match is None or match.end != len(query_words):
        return []
    own = wording_key(" ".join(query_words), language)
    return [
        wording
        for wording in table.wordings(match.concept, language)
        if wording_key(wording, language) != own
    ]


def _search_order(language):
    return list(dict.fromkeys([language, *LANGUAGES]))


def _slots(query_words, language, prepare, same_language):
    """The query as runs of words, each with the prepared texts that may stand for it."""
    table = current()
    order = _search_order(language)
    slots, position = [], 0
    while position < len(query_words):
        match = table.longest_match(query_words, position, order)
        end = match.end if match else position + 1
        own = prepare(" ".join(query_words[position:end]), language)
        options = [own] if own else []
        if match and (same_language or match.language != language):
            for wording in table.wordings(match.concept, language):
                prepared = prepare(wording, language)
                if prepared and prepared not in options:
                    options.append(prepared)
        if options:
            slots.append(_without_narrower(options))
        position = end
    return slots


def _without_narrower(options):
    """Drop alternatives that require every word of another one: they add no result.

    The reader's own words stay first whatever they are.
    """
    kept = options[:1]
    token_sets = [set(option.split()) for option in options]
    for index, option in enumerate(options[1:], start=1):
        if not any(
            other < token_sets[index] or (other == token_sets[index] and later < index)
            for later, other in enumerate(token_sets)
            if later != index
        ):
            kept.append(option)
    return kept


def expand(query, language, prepare, same_language=True):
    """A Wagtail query: every word required, where a run of words may be a synonym.

    ``prepare(text, language)`` turns words into what the backend should match
    (the database backends' analysed tokens, or text for Elasticsearch).
    ``same_language=False`` leaves the searched language's own equivalents to the
    backend and expands only wordings of other languages. Without
    synonyms this is one ``PlainText`` of all the words; with them, an ``Or`` of
    whole-query variants (at most ``MAX_VARIANTS``, the reader's own words first).
    Variants rather than ``And`` of ``Or``: SQLite's backend combines ``And``
    scores so that the best match sorts last, while one ``PlainText`` per variant
    keeps every backend's ranking right. Returns None when nothing is left.
    """
    choices = []
    for options in _slots(words(query), language, prepare, same_language):
        if options not in choices:
            choices.append(options)
    if not choices:
        return None
    variants = [" ".join(combination) for combination in islice(product(*choices), MAX_VARIANTS)]
    plain = [PlainText(variant, operator="and") for variant in dict.fromkeys(variants)]
    return plain[0] if len(plain) == 1 else Or(plain)
