"""Elasticsearch with one analyser per language, for ``ELASTICSEARCH_URL``.

Wagtail's Elasticsearch backend analyses every document with the ``standard``
analyser, whatever its language. This backend keeps Wagtail's own fields (so the
admin's search still works) and adds, per language, fields that only the pages of
that language fill: ``_lang_hu`` holds all the searchable text of a Hungarian page,
``_lang_hu_boost_2_0`` the text of its boosted fields (the title), and each has a
``folded`` subfield. So each page is indexed with its own language's analysis, in
one index, and a query in a language is matched against that language's fields
only (``search_in_language``).

The analysers (``ANALYSIS``):

- Hungarian: Elasticsearch's built-in ``hungarian`` analyser; the ``folded``
  subfield folds accents *before* the Hungarian Snowball stemmer, so an accent-free
  query (``kozossegi``) meets ``közösségi``.
- English: the built-in ``english`` analyser, and the same folded variant.
- Slovenian: Elasticsearch has no Slovenian stemmer (its Snowball list stops at
  Serbian, which the project measured at recall 0.68 against lemmagen3's 0.96). So
  the text of Slovenian pages, and Slovenian queries, are lemmatised by the
  project's own analysis (``search.analysis``, lemmagen3) exactly as for the
  database backends, and the custom ``slovenian`` analyser only lowercases, drops
  Slovenian stop words and folds accents.

Autocomplete uses Wagtail's edge n-grams (accents folded at index time); queries
are folded the same way (``folding`` search analyser), so ``kozo`` and ``közö``
both complete ``közösségi``.
"""

from collections import defaultdict
from functools import partial

from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
)
from modelsearch.backends.elasticsearchbase import Field
from modelsearch.index import RelatedFields, SearchField

from knowledge.search_index import as_text
from search.analysis import analyser_for
from search.indexing import language_of

LANGUAGES = ("hu", "sl", "en")

# Words too common to help a Slovenian query (conjunctions, prepositions, pronouns).
SLOVENIAN_STOP_WORDS = [
    "in", "ali", "pa", "ter", "da", "ki", "je", "so", "biti", "se", "na", "v", "z", "s",
    "za", "od", "do", "po", "pri", "iz", "o", "k", "h", "ob", "med", "nad", "pod",
    "pred", "kot", "tudi", "ne", "ni", "to", "ta", "ti", "te", "tisti", "kateri",
    "ko", "če", "saj", "a", "ampak", "vendar", "njihov", "njegov", "njen",
]  # fmt: skip

ANALYSERS = {
    "hu": {"text": "hungarian", "folded": "hungarian_folded"},
    "en": {"text": "english", "folded": "english_folded"},
    "sl": {"text": "slovenian", "folded": "slovenian"},
}

ANALYSIS = {
    "filter": {
        "hungarian_stop": {"type": "stop", "stopwords": "_hungarian_"},
        "hungarian_stemmer": {"type": "stemmer", "language": "hungarian"},
        "english_stop": {"type": "stop", "stopwords": "_english_"},
        "english_stemmer": {"type": "stemmer", "language": "english"},
        "slovenian_stop": {"type": "stop", "stopwords": SLOVENIAN_STOP_WORDS},
    },
    "analyzer": {
        "hungarian_folded": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "hungarian_stop", "asciifolding", "hungarian_stemmer"],
        },
        "english_folded": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "english_stop", "asciifolding", "english_stemmer"],
        },
        "slovenian": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "slovenian_stop", "asciifolding"],
        },
        "folding": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding"],
        },
    },
}


def language_field(language, boost=None):
    """The per-language field holding a page's text (of one boost, or all of it)."""
    if boost is None:
        return f"_lang_{language}"
    return f"_lang_{language}_boost_" + str(float(boost)).replace(".", "_")


def prepare_text(text, language):
    """Text as the language's analyser expects it: Slovenian comes lemmatised."""
    if language == "sl":
        return analyser_for("sl").index_text(text)
    return text


def prepare_query(query, language):
    if language == "sl":
        return analyser_for("sl").query_text(query)
    return query


class LanguageMapping(Elasticsearch9Mapping):
    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": "folding",
    }

    def boosts(self):
        return sorted(
            {float(field.boost) for field in self._text_fields() if field.boost},
        )

    def _text_fields(self):
        return [
            field
            for field in self.model.get_search_fields()
            if isinstance(field, SearchField) and not isinstance(field, RelatedFields)
        ]

    def get_mapping(self):
        mapping = super().get_mapping()
        properties = mapping["properties"]
        for language in LANGUAGES:
            analysers = ANALYSERS[language]
            field_mapping = {
                "type": "text",
                "analyzer": analysers["text"],
                "fields": {"folded": {"type": "text", "analyzer": analysers["folded"]}},
            }
            properties[language_field(language)] = dict(field_mapping)
            for boost in self.boosts():
                properties[language_field(language, boost)] = dict(field_mapping)
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        language = language_of(obj)
        if language not in LANGUAGES:
            return document
        by_boost = defaultdict(list)
        for field in self._text_fields():
            text = prepare_text(as_text(field.get_value(obj)), language)
            if text:
                by_boost[None].append(text)
                if field.boost:
                    by_boost[float(field.boost)].append(text)
        for boost, texts in by_boost.items():
            document[language_field(language, boost)] = "\n".join(texts)
        return document


class LanguageQueryCompiler(Elasticsearch9SearchQueryCompiler):
    """Matches one language's fields (text and folded) when a language is given."""

    mapping_class = LanguageMapping

    def __init__(self, *args, language=None, **kwargs):
        self.language = language
        super().__init__(*args, **kwargs)

    def _remap_fields(self, fields):
        if self.language is None or fields:
            return super()._remap_fields(fields)
        remapped = []
        for boost in [None, *self.mapping.boosts()]:
            name = language_field(self.language, boost)
            remapped += [Field(name, boost or 1), Field(f"{name}.folded", boost or 1)]
        return remapped


class LanguageAutocompleteQueryCompiler(Elasticsearch9AutocompleteQueryCompiler):
    mapping_class = LanguageMapping


class SearchBackend(Elasticsearch9SearchBackend):
    mapping_class = LanguageMapping
    query_compiler_class = LanguageQueryCompiler
    autocomplete_query_compiler_class = LanguageAutocompleteQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        analysis = self.settings["settings"]["analysis"]
        for key, definitions in ANALYSIS.items():
            analysis.setdefault(key, {}).update(definitions)

    @staticmethod
    def prepare_query(text, language):
        return prepare_query(text, language)

    def search_in_language(self, query, queryset, language, **kwargs):
        """``search()`` against the fields of one language only.

        ``query`` is a string (prepared here) or a Wagtail query object built from
        prepared words (``search.synonyms.expand``).
        """
        if isinstance(query, str):
            query = prepare_query(query, language)
        compiler = partial(self.query_compiler_class, language=language)
        return self._search(compiler, query, queryset, **kwargs)
