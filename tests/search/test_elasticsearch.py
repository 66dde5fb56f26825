"""The Elasticsearch backend: per-language analysers, fields and queries.

The first tests need no server: Wagtail's backend objects build the index
settings, mappings, documents and query bodies without a connection. The tests
marked ``elasticsearch`` index the three-language library in a live cluster and
are skipped unless ``ELASTICSEARCH_URL`` is set.
"""

import os

import pytest
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from knowledge.extensions import index_analysis, register_index_analysis
from knowledge.models import KnowledgePage, MethodologyArticle
from search.backends.elasticsearch import (
    LanguageMapping,
    LanguageQueryCompiler,
    SearchBackend,
    language_field,
)


@pytest.fixture
def plain_index_text():
    """With Elasticsearch the library's fields give text as written (no app analysis)."""
    previous = index_analysis()
    register_index_analysis(None)
    yield
    register_index_analysis(previous)


@pytest.fixture
def backend():
    return SearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "test_"})


def test_settings_define_an_analyser_per_language(backend):
    analysis = backend.settings["settings"]["analysis"]
    analysers = analysis["analyzer"]
    # Wagtail's own n-gram analysers stay.
    assert {"edgengram_analyzer", "ngram_analyzer"} <= set(analysers)
    assert analysers["hungarian_folded"]["filter"] == [
        "lowercase",
        "hungarian_stop",
        "asciifolding",
        "hungarian_stemmer",
    ]
    assert analysers["english_folded"]["filter"][-1] == "english_stemmer"
    slovenian = analysers["slovenian"]
    assert slovenian["type"] == "custom"
    assert "asciifolding" in slovenian["filter"]
    assert "in" in analysis["filter"]["slovenian_stop"]["stopwords"]
    assert analysis["filter"]["hungarian_stemmer"] == {"type": "stemmer", "language": "hungarian"}


def test_mapping_has_per_language_fields_with_built_in_and_folded_analysers():
    properties = LanguageMapping(MethodologyArticle).get_mapping()["properties"]
    assert properties["_lang_hu"]["analyzer"] == "hungarian"  # Elasticsearch's built-in one
    assert properties["_lang_hu"]["fields"]["folded"]["analyzer"] == "hungarian_folded"
    assert properties["_lang_en"]["analyzer"] == "english"
    assert properties["_lang_sl"]["analyzer"] == "slovenian"
    # The title's boost has its own field per language.
    assert properties["_lang_hu_boost_2_0"]["fields"]["folded"]["analyzer"] == "hungarian_folded"
    # Autocomplete: edge n-grams folded at index time, the query folded too.
    assert properties["_edgengrams"]["analyzer"] == "edgengram_analyzer"
    assert properties["_edgengrams"]["search_analyzer"] == "folding"
    # Wagtail's own fields are still there for the admin's search.
    assert "_all_text" in properties
    assert "locale_id_filter" in properties


@pytest.mark.django_db
def test_each_page_fills_only_its_own_language_fields(library, plain_index_text):
    mapping = LanguageMapping(MethodologyArticle)
    hungarian = mapping.get_document(library["festival"].specific)
    slovenian = mapping.get_document(library["festival_sl"].specific)
    english = mapping.get_document(library["festival_en"].specific)

    assert "önkéntesekkel" in hungarian["_lang_hu"]  # as written: Elasticsearch analyses it
    assert hungarian["_lang_hu_boost_2_0"].startswith("Helyi ünnep")
    assert not {"_lang_sl", "_lang_en"} & set(hungarian)

    # Slovenian arrives lemmatised by the project's analysis (no Slovenian stemmer in ES).
    assert "prostovoljec" in slovenian["_lang_sl"].split()
    assert "prostovoljci" not in slovenian["_lang_sl"].split()
    assert not {"_lang_hu", "_lang_en"} & set(slovenian)

    assert "volunteers" in english["_lang_en"]
    assert english["_lang_en_boost_2_0"] == "Building a local festival together with partners"


@pytest.mark.django_db
def test_query_matches_the_language_fields_text_and_folded():
    compiler = LanguageQueryCompiler(
        KnowledgePage.objects.live(), "kozossegi", operator="and", language="hu"
    )
    query = compiler.get_query()
    match = query["bool"]["must"]["multi_match"]
    assert match["query"] == "kozossegi"
    assert match["operator"] == "and"
    assert set(match["fields"]) == {
        "_lang_hu",
        "_lang_hu.folded",
        "_lang_hu_boost_2_0^2.0",
        "_lang_hu_boost_2_0.folded^2.0",
    }
    assert query["bool"]["filter"][0] == {
        "match": {"_django_content_type": "knowledge.KnowledgePage"}
    }


@pytest.mark.django_db
def test_without_a_language_the_query_is_wagtails_own():
    compiler = LanguageQueryCompiler(KnowledgePage.objects.all(), "tata", operator="and")
    fields = compiler.get_query()["bool"]["must"]["multi_match"]["fields"]
    assert "_all_text" in fields
    assert not any(name.startswith("_lang_") for name in fields)


@pytest.mark.django_db
def test_slovenian_queries_are_lemmatised_before_they_are_sent(backend):
    results = backend.search_in_language(
        "prostovoljcev", KnowledgePage.objects.live(), "sl", operator="and"
    )
    query = results.query_compiler.get_query()
    assert query["bool"]["must"]["multi_match"]["query"] == "prostovoljec"
    assert "_lang_sl.folded" in query["bool"]["must"]["multi_match"]["fields"]


def test_language_field_names():
    assert language_field("sl") == "_lang_sl"
    assert language_field("en", 2) == "_lang_en_boost_2_0"


# Live tests -----------------------------------------------------------------------------

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
live = pytest.mark.skipif(not ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL is not set")


@pytest.fixture
def live_backend(plain_index_text):
    backends = {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": "kapcsolodasok_test_",
            "TIMEOUT": 10,
        }
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        backend = get_search_backend()
        index = backend.get_index_for_model(KnowledgePage)
        index.reset()
        yield backend
        index.delete()


@pytest.mark.elasticsearch
@live
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "query", "title_key"),
    [
        ("hu", "önkéntesekkel", "festival"),
        ("hu", "kozossegi partnerek", "festival"),
        ("hu", "ünnepek", "festival"),
        ("sl", "prostovoljcev", "festival_sl"),
        ("sl", "praznikov", "festival_sl"),
        ("sl", "nacrtovanja", "festival_sl"),
        ("en", "volunteering", "festival_en"),
        ("en", "celebrations", "festival_en"),
    ],
)
def test_live_inflected_and_accent_free_queries(live_backend, library, language, query, title_key):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    live_backend.get_index_for_model(KnowledgePage).refresh()
    pages = KnowledgePage.objects.live().filter(locale__language_code=language)
    found = {page.title for page in live_backend.search_in_language(query, pages, language)}
    assert library[title_key].title in found
    other = "en" if language != "en" else "hu"
    other_pages = KnowledgePage.objects.live().filter(locale__language_code=other)
    assert library[title_key].title not in {
        page.title for page in live_backend.search_in_language(query, other_pages, other)
    }
