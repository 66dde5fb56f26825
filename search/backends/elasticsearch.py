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

Synonyms: each language field has a search analyser (``hungarian_search``, …):
the index analyser's steps, then a ``synonym_graph`` filter whose rules come from
a synonyms set of that language (``<prefix>synonyms_hu``), one rule per concept
of the glossary and base list (``search.synonym_table``), so a query for
``közösségi tér`` also matches ``közösségi színtér`` as one multi-word term. The
filter is ``updateable`` and search-time only, so the indexed documents never
hold synonyms: the sets are written before an index is created and again after
every glossary change (``update_synonyms``, through ``search.tasks``), and
Elasticsearch reloads the search analysers that use a set when it changes, with
no reindexing and no closing of the index (synonyms sets need Elasticsearch 8.10
or later). Because the filter follows the stemmer, its rules are stemmed like
the query. Bridges between languages (``community space`` in the Hungarian
fields) cannot live in one language's analyser; ``search.synonyms.expand`` adds
those to the query (``expands_synonyms_itself`` tells it to leave the rest).
"""

from collections import defaultdict
from functools import partial

from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Index,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
)
from modelsearch.backends.elasticsearchbase import Field
from modelsearch.index import RelatedFields, SearchField

from knowledge.search_index import as_text
from search import synonym_table
from search.analysis import analyser_for, words
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
    "hu": {
        "text": "hungarian",
        "folded": "hungarian_folded",
        "text_search": "hungarian_search",
        "folded_search": "hungarian_folded_search",
    },
    "en": {
        "text": "english",
        "folded": "english_folded",
        "text_search": "english_search",
        "folded_search": "english_folded_search",
    },
    "sl": {
        "text": "slovenian",
        "folded": "slovenian",
        "text_search": "slovenian_search",
        "folded_search": "slovenian_search",
    },
}

ANALYSIS = {
    "filter": {
        "hungarian_stop": {"type": "stop", "stopwords": "_hungarian_"},
        "hungarian_stemmer": {"type": "stemmer", "language": "hungarian"},
        "english_stop": {"type": "stop", "stopwords": "_english_"},
        "english_stemmer": {"type": "stemmer", "language": "english"},
        "english_possessive_stemmer": {"type": "stemmer", "language": "possessive_english"},
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


# Search analysers: the index analyser's steps (Elasticsearch's built-in ``hungarian``
# and ``english`` analysers spelt out), then the language's synonyms. Slovenian rules
# arrive lemmatised and folded, like Slovenian queries; they are matched before the
# stop words go, which keeps terms such as "prostor za skupnost" whole.
SEARCH_ANALYSERS = {
    "hungarian_search": ["lowercase", "hungarian_stop", "hungarian_stemmer", "synonyms_hu"],
    "hungarian_folded_search": [
        "lowercase",
        "hungarian_stop",
        "asciifolding",
        "hungarian_stemmer",
        "synonyms_hu",
    ],
    "english_search": [
        "english_possessive_stemmer",
        "lowercase",
        "english_stop",
        "english_stemmer",
        "synonyms_en",
    ],
    "english_folded_search": [
        "lowercase",
        "english_stop",
        "asciifolding",
        "english_stemmer",
        "synonyms_en",
    ],
    "slovenian_search": ["lowercase", "synonyms_sl", "slovenian_stop", "asciifolding"],
}


def synonym_analysis(index_prefix):
    """The synonym filters and search analysers, reading the sets of ``index_prefix``."""
    filters = {
        f"synonyms_{language}": {
            "type": "synonym_graph",
            "synonyms_set": synonyms_set_id(index_prefix, language),
            "updateable": True,
            # A rule the analysis cannot parse (a stop word inside a term) is skipped,
            # not fatal to the whole set.
            "lenient": True,
        }
        for language in LANGUAGES
    }
    analysers = {
        name: {"type": "custom", "tokenizer": "standard", "filter": steps}
        for name, steps in SEARCH_ANALYSERS.items()
    }
    return {"filter": filters, "analyzer": analysers}


def synonyms_set_id(index_prefix, language):
    return f"{index_prefix}synonyms_{language}"


def synonym_rules(language, table=None):
    """The rules of a language's synonyms set: the wordings of each concept, equivalent.

    Slovenian wordings are lemmatised here, as Slovenian text and queries are;
    the others go as words and Elasticsearch's analysis stems them.
    """
    table = table or synonym_table.current()
    rules = []
    for concept in table.concepts:
        wordings = [rule_text(wording, language) for wording in concept.get(language, [])]
        distinct = list(dict.fromkeys(wording for wording in wordings if wording))
        if len(distinct) > 1:
            rules.append({"synonyms": ", ".join(distinct)})
    return rules


def rule_text(wording, language):
    if language == "sl":
        return analyser_for("sl").query_text(wording)
    return " ".join(words(wording))


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
                "search_analyzer": analysers["text_search"],
                "fields": {
                    "folded": {
                        "type": "text",
                        "analyzer": analysers["folded"],
                        "search_analyzer": analysers["folded_search"],
                    }
                },
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


class LanguageIndex(Elasticsearch9Index):
    """An index whose synonyms sets exist before it does (its analysers read them)."""

    def put(self):
        self.backend.update_synonyms()
        super().put()


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
    index_class = LanguageIndex
    query_compiler_class = LanguageQueryCompiler
    autocomplete_query_compiler_class = LanguageAutocompleteQueryCompiler
    # The searched language's synonyms are the index's business (see above).
    expands_synonyms_itself = True

    def __init__(self, params):
        super().__init__(params)
        analysis = self.settings["settings"]["analysis"]
        for definitions in (ANALYSIS, synonym_analysis(self.index_prefix)):
            for key, entries in definitions.items():
                analysis.setdefault(key, {}).update(entries)

    def update_synonyms(self):
        """Write every language's synonyms set from the glossary as it is now.

        Elasticsearch reloads the search analysers of every index that uses a set
        when it is written, so the change applies to the next query.
        """
        table = synonym_table.current()
        for language in LANGUAGES:
            self.es.synonyms.put_synonym(
                id=synonyms_set_id(self.index_prefix, language),
                synonyms_set=synonym_rules(language, table),
            )

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
