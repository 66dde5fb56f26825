"""Synonyms at query time: same idea, other word or other language, on every backend.

These use the base list only (no glossary terms in the database); the glossary's
part is in ``test_glossary_synonyms.py``.
"""

import pytest
from wagtail.search.query import Or, PlainText

from knowledge.models import KnowledgePage
from search.backend_queries import matches
from search.backends.elasticsearch import SearchBackend
from search.indexing import query_text
from search.synonyms import MAX_VARIANTS, expand, synonyms

# The synonym table is read from the glossary (here empty) and the base list.
pytestmark = pytest.mark.django_db


def test_any_form_of_a_word_gives_the_groups_words_in_the_searched_language():
    assert synonyms("volunteer", "hu") == ["önkéntes", "önkéntesség"]
    assert synonyms("önkéntesekkel", "hu") == ["önkéntesség"]  # its own base form left out
    # "volunteering" has the same English base form as "volunteer", so it is kept once.
    assert synonyms("prostovoljci", "en") == ["volunteer"]
    assert synonyms("könyvtárban", "sl") == ["knjižnica"]
    assert synonyms("workshop", "hu") == []


def test_expanded_query_requires_every_word_and_accepts_any_synonym():
    query = expand("volunteer nap", "hu", query_text)
    assert isinstance(query, Or)
    assert [item.query_string for item in query.subqueries] == [
        "volunteer nap",
        "onkentes nap",
        "onkentesseg nap",
    ]
    assert all(item.operator == "and" for item in query.subqueries)
    plain = expand("Kemencék körül", "hu", query_text)
    assert isinstance(plain, PlainText) and plain.query_string == "kemence kor"
    assert expand("!!! ...", "hu", query_text) is None


def test_elasticsearch_gets_the_words_as_written_except_lemmatised_slovenian():
    hungarian = expand("volunteer", "hu", SearchBackend.prepare_query)
    assert [item.query_string for item in hungarian.subqueries] == [
        "volunteer",
        "önkéntes",
        "önkéntesség",
    ]
    slovenian = expand("prostovoljcev", "sl", SearchBackend.prepare_query)
    assert [item.query_string for item in slovenian.subqueries] == [
        "prostovoljec",
        "prostovoljstvo",
    ]


def test_a_backend_with_its_own_synonyms_gets_only_the_bridges_between_languages():
    own_language = expand("prostovoljcev", "sl", SearchBackend.prepare_query, same_language=False)
    assert isinstance(own_language, PlainText) and own_language.query_string == "prostovoljec"
    bridged = expand("volunteer", "sl", SearchBackend.prepare_query, same_language=False)
    assert [item.query_string for item in bridged.subqueries] == [
        "volunteer",
        "prostovoljec",
        "prostovoljstvo",
    ]


def test_variants_are_capped():
    query = expand("önkéntes fesztivál ifjúsági idős", "hu", query_text)
    assert len(query.subqueries) == MAX_VARIANTS
    assert query.subqueries[0].query_string == query_text("önkéntes fesztivál ifjúsági idős", "hu")


@pytest.mark.parametrize(
    ("language", "query", "title_key"),
    [
        ("hu", "volunteer", "package"),  # English word, Hungarian pages
        ("hu", "önkéntesség múzeum", "package"),
        ("sl", "volunteers", "festival_sl"),
        ("en", "önkéntesekkel", "festival_en"),
        ("en", "celebration partners", "festival_en"),
    ],
)
def test_synonyms_find_pages_on_the_database_backend(library, locales, language, query, title_key):
    pages = KnowledgePage.objects.live()
    found = matches(pages, query, locales[language].pk, language, 50)
    assert library[title_key].pk in {page.pk for page in found}


def test_every_word_is_still_required(library, locales):
    found = matches(KnowledgePage.objects.live(), "volunteer zebra", locales["hu"].pk, "hu", 50)
    assert found == []


def test_synonyms_reach_the_search_page(client, library):
    response = client.get("/hu/search/", {"q": "volunteers"})
    assert library["package"].title in response.content.decode()
