"""Asking the configured search backend, the same way for every backend.

The database backends hold text analysed by the project (``search.indexing``), so
the query is analysed the same way first (word by word, with its synonyms:
``search.synonyms``); Elasticsearch analyses per language and applies the
searched language's synonyms itself (``search.backends.elasticsearch``), so it
is given only the bridges from other languages. Backends can only filter on indexed
filter fields, not on the subqueries of the access rules, so every backend is
asked for live pages of one language, and what it returns is then narrowed to what
the reader may see: access rules stay in one place (``search.access``) and fail
closed.

On the database backends only the three columns a search needs are read
(``Match``), so a search never loads the body of hundreds of pages. Unranked
matches (``ranked=False``) skip the relevance computation; the search page counts
other languages' matches that way.
"""

from typing import NamedTuple

from wagtail.search.backends import get_search_backend

from knowledge.models import KnowledgePage
from knowledge.value_lists import AnyOf
from search.indexing import query_text
from search.synonyms import expand


class Match(NamedTuple):
    """One page a query found: what filters, facets and folding by work need."""

    pk: int
    translation_key: object
    content_type_id: int


def _search(query, candidates, language, ranked):
    """The backend's results for ``query`` over ``candidates``, or None if it has no words."""
    backend = get_search_backend()
    if hasattr(backend, "search_in_language"):
        search_query = expand(
            query,
            language,
            backend.prepare_query,
            same_language=not getattr(backend, "expands_synonyms_itself", False),
        )
        if search_query is None:
            return None
        return backend.search_in_language(
            search_query, candidates, language, order_by_relevance=ranked
        )
    search_query = expand(query, language, query_text)
    if search_query is None:
        return None
    return candidates.search(search_query, order_by_relevance=ranked)


def _readable(pks, pages):
    """Which of ``pks`` the reader may see (``pages``)."""
    return set(pages.filter(AnyOf("pk", pks)).values_list("pk", flat=True))


def _found(query, locale_id, language, limit, ranked):
    """Up to ``limit`` rows of ``Match._fields`` from the backend, readable or not."""
    backend = get_search_backend()
    if hasattr(backend, "documents_matching"):  # PostgreSQL: one table, words per language
        search_query = expand(query, language, query_text)
        if search_query is None:
            return []
        return backend.documents_matching(search_query, language, limit, ranked)
    candidates = KnowledgePage.objects.live().filter(locale_id=locale_id)
    results = _search(query, candidates, language, ranked)
    if results is None:
        return []
    if hasattr(results, "get_queryset"):  # a database backend's: a queryset underneath
        return list(results.get_queryset().values_list(*Match._fields)[:limit])
    return [tuple(getattr(page, name) for name in Match._fields) for page in results[:limit]]


def matches_by_language(pages, query, languages_by_id, limit, ranked_languages):
    """``{language: [Match]}``: readable pages of each language matching every word of
    ``query``, best first in ``ranked_languages``; one readability check for all."""
    found = {
        language: _found(query, locale_id, language, limit, language in ranked_languages)
        for locale_id, language in languages_by_id.items()
    }
    allowed = _readable([row[0] for rows in found.values() for row in rows], pages)
    return {
        language: [Match(*row) for row in rows if row[0] in allowed]
        for language, rows in found.items()
    }


def matches(pages, query, locale_id, language, limit, ranked=True):
    """Readable pages of one language matching every word of ``query`` (``Match``es),
    best first when ``ranked``."""
    ranked_languages = {language} if ranked else set()
    found = matches_by_language(pages, query, {locale_id: language}, limit, ranked_languages)
    return found[language]


def completions(pages, words, locale, limit):
    """Pages of ``locale`` whose autocomplete text holds ``words``, the last one as a prefix."""
    # Only what a suggestion shows and links: the rows ranked are narrow, not whole pages.
    shown = ("title", "url_path", "content_type_id", "locale_id", "path", "depth")
    backend = get_search_backend()
    if hasattr(backend, "documents_completing"):  # PostgreSQL: ids first, then readable pages
        order = backend.documents_completing(words, locale.language_code, limit * 4)
        readable = pages.filter(AnyOf("pk", order)).only(*shown).in_bulk()
        return [readable[pk] for pk in order if pk in readable][:limit]
    candidates = KnowledgePage.objects.live().filter(locale_id=locale.pk).only(*shown)
    found = list(candidates.autocomplete(" ".join(words), operator="and")[: limit * 4])
    allowed = _readable([page.pk for page in found], pages)
    return [page for page in found if page.pk in allowed][:limit]
