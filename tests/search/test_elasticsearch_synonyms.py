"""Elasticsearch applies the glossary's synonyms at search time, from synonyms sets.

No server is needed: the backend's index settings, the rules of its synonyms
sets and the requests it makes are checked with a client that records them.
"""

import logging
from types import SimpleNamespace

import pytest
from wagtail.search.query import Or, PlainText

from knowledge.models import GlossaryTerm, KnowledgePage, MethodologyArticle
from search import backend_queries, tasks
from search.backends.elasticsearch import (
    LanguageIndex,
    LanguageMapping,
    SearchBackend,
    synonym_rules,
)


class RecordingClient:
    """What the backend asks of Elasticsearch, in order."""

    def __init__(self):
        self.requests = []
        self.synonyms = SimpleNamespace(put_synonym=self._record("put_synonym"))
        self.indices = SimpleNamespace(create=self._record("create_index"))

    def _record(self, name):
        def record(**kwargs):
            self.requests.append((name, kwargs))

        return record


@pytest.fixture
def backend():
    return SearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "test_"})


def test_search_analysers_end_with_the_languages_synonyms(backend):
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["filter"]["synonyms_hu"] == {
        "type": "synonym_graph",
        "synonyms_set": "test_synonyms_hu",
        "updateable": True,
        "lenient": True,
    }
    analysers = analysis["analyzer"]
    # The built-in hungarian analyser's steps, then the synonyms (stemmed like the query).
    assert analysers["hungarian_search"]["filter"] == [
        "lowercase",
        "hungarian_stop",
        "hungarian_stemmer",
        "synonyms_hu",
    ]
    assert analysers["hungarian_folded_search"]["filter"][-1] == "synonyms_hu"
    assert analysers["english_search"]["filter"][0] == "english_possessive_stemmer"
    assert analysers["english_folded_search"]["filter"][-1] == "synonyms_en"
    assert analysers["slovenian_search"]["filter"][:2] == ["lowercase", "synonyms_sl"]
    # Index analysers hold no synonyms: the documents never need reindexing for them.
    for name in ("hungarian_folded", "english_folded", "slovenian"):
        assert not any(step.startswith("synonyms_") for step in analysers[name]["filter"])


def test_language_fields_search_with_the_synonym_analysers():
    properties = LanguageMapping(MethodologyArticle).get_mapping()["properties"]
    hungarian = properties["_lang_hu"]
    assert (hungarian["analyzer"], hungarian["search_analyzer"]) == (
        "hungarian",
        "hungarian_search",
    )
    assert hungarian["fields"]["folded"]["search_analyzer"] == "hungarian_folded_search"
    assert properties["_lang_en_boost_2_0"]["search_analyzer"] == "english_search"
    assert properties["_lang_sl"]["fields"]["folded"]["search_analyzer"] == "slovenian_search"


@pytest.mark.django_db
def test_synonyms_sets_hold_the_glossary_in_each_language(import_glossary):
    import_glossary()
    hungarian = [rule["synonyms"] for rule in synonym_rules("hu")]
    assert "közösségi színtér, közösségi tér" in hungarian
    assert "iskolai közösségi szolgálat, iksz, közösségi szolgálat" in hungarian
    assert "fiatal, ifjúság" in hungarian  # the base list is there too
    # Slovenian rules are lemmatised and folded, as Slovenian queries are.
    assert "skupnosten prostor, prostor za skupnost" in [
        rule["synonyms"] for rule in synonym_rules("sl")
    ]
    assert "community space, community venue" in [rule["synonyms"] for rule in synonym_rules("en")]


@pytest.mark.django_db
def test_an_index_is_created_after_its_synonyms_sets(backend, import_glossary):
    import_glossary()
    backend.es = RecordingClient()
    LanguageIndex(backend, "test_knowledge_knowledgepage").put()

    requests = backend.es.requests
    assert [name for name, _body in requests] == [
        "put_synonym",
        "put_synonym",
        "put_synonym",
        "create_index",
    ]
    sets = {body["id"]: body["synonyms_set"] for name, body in requests[:3]}
    assert set(sets) == {"test_synonyms_hu", "test_synonyms_sl", "test_synonyms_en"}
    assert {"synonyms": "community space, community venue"} in sets["test_synonyms_en"]
    created = requests[3][1]
    assert created["index"] == "test_knowledge_knowledgepage"
    filters = created["settings"]["analysis"]["filter"]
    assert filters["synonyms_sl"]["synonyms_set"] == "test_synonyms_sl"


@pytest.fixture
def backend_with_synonyms(monkeypatch):
    """A search backend that applies synonyms itself, recording each update."""
    updates = []
    fake = SimpleNamespace(update_synonyms=lambda: updates.append("updated"))
    monkeypatch.setattr(tasks, "get_search_backend", lambda: fake)
    return updates


@pytest.mark.django_db
def test_saving_or_deleting_a_term_rewrites_the_sets_after_the_commit(
    backend_with_synonyms, locales, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        term = GlossaryTerm.objects.create(
            locale=locales["hu"], slug="village-museum", term="tájház", synonyms="falumúzeum"
        )
    assert backend_with_synonyms == ["updated"]
    with django_capture_on_commit_callbacks(execute=True):
        term.delete()
    assert backend_with_synonyms == ["updated", "updated"]


@pytest.mark.django_db
def test_a_failed_update_is_logged_and_the_term_still_saved(
    monkeypatch, locales, caplog, django_capture_on_commit_callbacks
):
    def refuse():
        raise ConnectionError("Elasticsearch is down")

    monkeypatch.setattr(
        tasks, "get_search_backend", lambda: SimpleNamespace(update_synonyms=refuse)
    )
    with (
        caplog.at_level(logging.ERROR, logger="search"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        GlossaryTerm.objects.create(locale=locales["hu"], slug="village-museum", term="tájház")
    assert GlossaryTerm.objects.filter(slug="village-museum").exists()
    assert "Could not update the search backend's synonyms" in caplog.text


class NoResults(list):
    def annotate_score(self, name):
        return self


@pytest.mark.django_db
def test_elasticsearch_is_asked_with_only_the_bridges_between_languages(
    monkeypatch, backend, locales, import_glossary
):
    import_glossary()
    asked = []

    def search_in_language(query, queryset, language, **kwargs):
        asked.append(query)
        return NoResults()

    backend.search_in_language = search_in_language
    monkeypatch.setattr(backend_queries, "get_search_backend", lambda: backend)
    pages = KnowledgePage.objects.live()

    backend_queries.matches(pages, "közösségi tér", locales["hu"].pk, "hu", 10)
    own_language = asked.pop()
    assert isinstance(own_language, PlainText)  # the index's synonyms do the rest
    assert own_language.query_string == "közösségi tér"

    backend_queries.matches(pages, "community space", locales["hu"].pk, "hu", 10)
    bridged = asked.pop()
    assert isinstance(bridged, Or)
    assert [item.query_string for item in bridged.subqueries] == [
        "community space",
        "közösségi színtér",
        "közösségi tér",
    ]
