"""Asking the configured search backend, the same way for every backend.

The database backends hold text analysed by the project (``search.indexing``), so
the query is analysed the same way first (word by word, with its synonyms:
``search.synonyms``); Elasticsearch analyses per language and applies the
searched language's synonyms itself (``search.backends.elasticsearch``), so it
is given only the bridges from other languages. Backends can only filter on indexed
filter fields, not on the subqueries of the access rules, so every backend is
asked for live pages of one language, and what it returns is then narrowed in the
database to what the reader may see: access rules stay in one place
(``search.access``) and fail closed.
"""

from wagtail.search.backends import get_search_backend

from knowledge.models import KnowledgePage
from search.indexing import query_text
from search.synonyms import expand


def _readable(found, pages):
    allowed = set(pages.filter(pk__in=[page.pk for page in found]).values_list("pk", flat=True))
    return [page for page in found if page.pk in allowed]


def matches(pages, query, locale_id, language, limit):
    """Pages of one language matching every word of ``query``, best first, with ``_score``."""
    backend = get_search_backend()
    candidates = KnowledgePage.objects.live().filter(locale_id=locale_id)
    if hasattr(backend, "search_in_language"):
        search_query = expand(
            query,
            language,
            backend.prepare_query,
            same_language=not getattr(backend, "expands_synonyms_itself", False),
        )
        if search_query is None:
            return []
        results = backend.search_in_language(search_query, candidates, language)
    else:
        search_query = expand(query, language, query_text)
        if search_query is None:
            return []
        results = candidates.search(search_query, order_by_relevance=True)
    return _readable(list(results.annotate_score("_score")[:limit]), pages)


def completions(pages, words, locale, limit):
    """Pages of ``locale`` whose autocomplete text starts like every one of ``words``."""
    candidates = KnowledgePage.objects.live().filter(locale_id=locale.pk)
    found = list(candidates.autocomplete(" ".join(words), operator="and")[: limit * 4])
    return _readable(found, pages)[:limit]
