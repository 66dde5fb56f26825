"""Synonyms applied at query time, on every backend.

Editors' vocabulary differs from readers': a reader types ``volunteer`` in the
Hungarian library, or ``civil szervezet`` where a write-up says ``egyesület``. Each
group below names one idea in the three languages; a query word that is any form
of a group's word (compared after the language analysis, so ``önkéntesekkel``
counts as ``önkéntes``) may also be matched by the group's words in the language
being searched. So synonyms also bridge languages: ``volunteer`` finds Hungarian
pages about ``önkéntes``.

Expansion happens on the query only, never in the index, so changing the list needs
no reindexing. The list is the project's own and small on purpose; a glossary can
replace ``GROUPS``.
"""

from functools import cache
from itertools import islice, product

from wagtail.search.query import Or, PlainText

from search.analysis import analyser_for, words

GROUPS = [
    {
        "hu": ["önkéntes", "önkéntesség"],
        "sl": ["prostovoljec", "prostovoljstvo"],
        "en": ["volunteer", "volunteering"],
    },
    {
        "hu": ["közművelődés", "népművelés"],
        "sl": ["kultura"],
        "en": ["culture"],
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


MAX_VARIANTS = 8


def _key(word, language):
    return analyser_for(language).base_form(word)


@cache
def _lookup():
    """{(language, base form): group index} for every word of every group."""
    table = {}
    for number, group in enumerate(GROUPS):
        for language, terms in group.items():
            for term in terms:
                table[(language, _key(term, language))] = number
    return table


def synonyms(word, language):
    """Other words of ``language`` that may stand for ``word`` (any language's form)."""
    table = _lookup()
    for group_language in dict.fromkeys([language, "hu", "sl", "en"]):
        number = table.get((group_language, _key(word, group_language)))
        if number is not None:
            own = _key(word, language)
            terms = GROUPS[number].get(language, [])
            return [term for term in terms if _key(term, language) != own]
    return []


def expand(query, language, prepare):
    """A Wagtail query: every word required, where each word may be one of its synonyms.

    ``prepare(text, language)`` turns a word into what the backend should match
    (the database backends' analysed tokens, or text for Elasticsearch). Without
    synonyms this is one ``PlainText`` of all the words; with them, an ``Or`` of
    whole-query variants (at most ``MAX_VARIANTS``, the reader's own words first).
    Variants rather than ``And`` of ``Or``: SQLite's backend combines ``And``
    scores so that the best match sorts last, while one ``PlainText`` per variant
    keeps every backend's ranking right. Returns None when nothing is left.
    """
    choices = []
    for word in dict.fromkeys(words(query)):
        prepared = prepare(word, language)
        if not prepared:
            continue
        options = [prepared]
        for term in synonyms(word, language):
            term_prepared = prepare(term, language)
            if term_prepared and term_prepared not in options:
                options.append(term_prepared)
        choices.append(options)
    if not choices:
        return None
    variants = [" ".join(combination) for combination in islice(product(*choices), MAX_VARIANTS)]
    plain = [PlainText(variant, operator="and") for variant in variants]
    return plain[0] if len(plain) == 1 else Or(plain)
