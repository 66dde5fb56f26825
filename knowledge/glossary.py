"""The domain glossary as the rest of the site uses it: equivalents and synonyms.

The terms themselves are ``GlossaryTerm`` snippets, one per language and concept,
joined by ``translation_key``. Machine translation passes the equivalents to DeepL
as a glossary; search widens queries with ``concepts`` (the library never imports
search: search reads this module and listens for saved terms).
"""

from wagtail.models import Locale

from knowledge.models import GlossaryTerm


def terms_in(locale):
    """The glossary of one language, alphabetically."""
    return GlossaryTerm.objects.filter(locale=locale).order_by("term")


def _forms(term):
    return [term.term, *term.synonym_list]


def equivalents(source_locale, target_locale):
    """Pairs ``(source wording, target term)`` for every concept in both languages.

    Every synonym of the source term maps to the target's preferred term, so that a
    translation uses one consistent word for each concept. Longer wordings come
    first: "iskolai közösségi szolgálat" must win over "közösségi".
    """
    targets = {
        term.translation_key: term.term
        for term in GlossaryTerm.objects.filter(locale=target_locale).only(
            "translation_key", "term"
        )
    }
    pairs = {}
    for term in GlossaryTerm.objects.filter(
        locale=source_locale, translation_key__in=list(targets)
    ).only("translation_key", "term", "synonyms"):
        for wording in _forms(term):
            pairs.setdefault(wording.casefold(), (wording, targets[term.translation_key]))
    return sorted(pairs.values(), key=lambda pair: (-len(pair[0]), pair[0].casefold()))


def concepts():
    """Every concept as ``{language code: [term, *synonyms]}``, in slug order.

    One query. The preferred term comes first in each language; a concept may lack
    a language that has not been translated yet.
    """
    by_concept = {}
    rows = GlossaryTerm.objects.select_related("locale").order_by("slug", "locale__language_code")
    for entry in rows.only("translation_key", "term", "synonyms", "slug", "locale__language_code"):
        forms = by_concept.setdefault(entry.translation_key, {})
        forms[entry.locale.language_code] = _forms(entry)
    return list(by_concept.values())


def synonyms(term, locale):
    """Other wordings of ``term`` in ``locale``'s glossary (not the term itself).

    ``locale`` is a Locale or a language code. Matching ignores case; an unknown
    term has no synonyms.
    """
    if isinstance(locale, str):
        locale = Locale.objects.filter(language_code=locale).first()
        if locale is None:
            return []
    wanted = term.strip().casefold()
    if not wanted:
        return []
    for entry in terms_in(locale).only("term", "synonyms"):
        forms = _forms(entry)
        if wanted in (form.casefold() for form in forms):
            return [form for form in forms if form.casefold() != wanted]
    return []
