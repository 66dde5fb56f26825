"""Per-locale indexing: each object's text is analysed in its own language.

Registered with the library in ``SearchConfig.ready``; the database backends then
store analysed tokens, and the search page analyses queries with the same
analyser (``query_text``). With Elasticsearch the text goes in as written and the
per-language analysers of the Elasticsearch index do this work instead.
"""

from django.conf import settings

from search.analysis import analyser_for, fold


def language_of(obj):
    """The language of an object's locale (indexed querysets select the locale)."""
    if getattr(obj, "locale_id", None) is None:
        return settings.LANGUAGE_CODE
    return obj.locale.language_code


class LanguageAnalysis:
    """What ``knowledge.extensions.register_index_analysis`` expects."""

    def index_text(self, text, obj):
        return analyser_for(language_of(obj)).index_text(text)

    def autocomplete_text(self, text, obj):
        return fold(text)

    def query_text(self, query, language):
        return query_text(query, language)


def query_text(query, language):
    """A reader's query as the index holds it: base forms of its words, accents folded."""
    return analyser_for(language).query_text(query)


def uses_database_backend():
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return "elasticsearch" not in backend and "opensearch" not in backend
