"""PostgreSQL's per-language documents: in step with the pages, matched per language, and
never a way round the access rules."""

import importlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import Or, PlainText

from knowledge.models import KnowledgePage
from search.access import searchable_pages
from search.backend_queries import completions, matches
from search.indexing import query_text
from search.models import PageDocument
from tests.factories import MethodologyArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite's search uses its own full-text table"
    ),
]


def document_of(page):
    return PageDocument.objects.get(pk=page.pk)


def found_titles(query, locale, ranked=True):
    pages = searchable_pages(AnonymousUser())
    rows = matches(pages, query, locale.pk, locale.language_code, 50, ranked=ranked)
    titles = dict(
        KnowledgePage.objects.filter(pk__in=[row.pk for row in rows]).values_list("pk", "title")
    )
    return [titles[row.pk] for row in rows]


def test_every_library_page_has_a_document_in_its_own_language(library, locales):
    for key in ("festival", "festival_sl", "festival_en", "package"):
        page = library[key]
        document = document_of(page)
        assert document.locale_id == page.locale_id
        assert document.translation_key == page.translation_key
        assert document.content_type_id == page.content_type_id
        assert document.live is True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::tsquery @@ document, %s::tsquery @@ document"
            " FROM site_search_pagedocument WHERE page_id = %s",
            ["'hu:onkentes'", "'sl:onkentes'", library["festival"].pk],
        )
        # önkéntesekkel, analysed and folded, marked as a Hungarian word
        assert cursor.fetchone() == (True, False)


def test_a_language_is_matched_in_its_own_documents_only(library, locales):
    assert found_titles("partnerekkel", locales["hu"]) == [library["festival"].title]
    assert found_titles("partnerji", locales["sl"]) == [library["festival_sl"].title]
    assert found_titles("partners", locales["en"]) == [library["festival_en"].title]
    assert found_titles("partnerekkel", locales["sl"]) == []


def test_a_title_match_ranks_above_a_mention_in_the_text(site_tree, locales):
    methods = site_tree["hu"]["methods"]
    MethodologyArticleFactory(
        parent=methods, title="Gyűjtőnap", summary="A kosárfonás hagyományát is bemutatjuk."
    )
    MethodologyArticleFactory(
        parent=methods, title="Kosárfonás a faluházban", summary="Vesszőből, közösen."
    )
    assert found_titles("kosárfonás", locales["hu"]) == ["Kosárfonás a faluházban", "Gyűjtőnap"]
    assert set(found_titles("kosárfonás", locales["hu"], ranked=False)) == {
        "Kosárfonás a faluházban",
        "Gyűjtőnap",
    }


def test_documents_follow_unpublish_publish_and_delete(site_tree, locales):
    page = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Kosárfonás műhely", summary="Vesszőből."
    )
    assert found_titles("kosárfonással", locales["hu"]) == ["Kosárfonás műhely"]
    page.unpublish()
    assert document_of(page).live is False
    assert found_titles("kosárfonás", locales["hu"]) == []
    page.save_revision().publish()
    assert document_of(page).live is True
    page.title = "Nemezelés műhely"
    page.save_revision().publish()
    assert found_titles("nemezelés", locales["hu"]) == ["Nemezelés műhely"]
    assert found_titles("kosárfonás", locales["hu"]) == []
    page.delete()
    assert not PageDocument.objects.filter(pk=page.pk).exists()


def test_a_lagging_document_never_shows_what_the_reader_may_not_see(site_tree, locales):
    """Liveness in the document only narrows; who may read is decided from the pages."""
    draft = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Titkos kosárfonás", summary="Vázlat.", live=False
    )
    document = document_of(draft)
    PageDocument.objects.filter(pk=document.pk).update(live=True)
    members_only = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"],
        title="Kosárfonás tagoknak",
        summary="Csak tagoknak.",
        visibility=KnowledgePage.Visibility.MEMBERS,
    )
    assert document_of(members_only).live is True
    assert found_titles("kosárfonás", locales["hu"]) == []


def test_rebuilding_the_index_refills_documents(library):
    PageDocument.objects.all().delete()
    call_command("update_index", verbosity=0)
    assert set(PageDocument.objects.values_list("pk", flat=True)) == set(
        KnowledgePage.objects.values_list("pk", flat=True)
    )


def test_a_document_without_its_index_entry_is_stale(library):
    package = library["package"]
    IndexEntry.objects.filter(object_id=str(package.pk)).delete()
    get_search_backend().get_index_for_model(KnowledgePage).delete_stale_entries()
    assert not PageDocument.objects.filter(pk=package.pk).exists()
    assert PageDocument.objects.filter(pk=library["festival"].pk).exists()


def test_the_migration_fills_documents_from_existing_index_entries(library, locales):
    migration = importlib.import_module("search.migrations.0004_page_documents")
    PageDocument.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    assert set(PageDocument.objects.values_list("pk", flat=True)) == set(
        KnowledgePage.objects.values_list("pk", flat=True)
    )
    assert found_titles("partnerekkel", locales["hu"]) == [library["festival"].title]


def test_documents_have_text_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'site_search_pagedocument'"
        )
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("gin (document)" in d for d in definitions), definitions
    assert any("gin (autocomplete)" in d for d in definitions), definitions
    assert any("(locale_id)" in d for d in definitions), definitions


def test_each_synonym_variant_matches_and_operators_stay_words(site_tree, locales):
    methods = site_tree["hu"]["methods"]
    MethodologyArticleFactory(parent=methods, title="Kosárfonás", summary="Vesszőből.")
    MethodologyArticleFactory(parent=methods, title="Nemezelés", summary="Gyapjúból.")
    backend = get_search_backend()
    variants = Or(
        [PlainText(query_text("kosárfonás", "hu")), PlainText(query_text("nemezelés", "hu"))]
    )
    found = backend.documents_matching(variants, "hu", 10)
    titles = KnowledgePage.objects.filter(pk__in=[row[0] for row in found])
    assert {page.title for page in titles} == {"Kosárfonás", "Nemezelés"}
    for odd in ["kosár' & !nemez", "a:* | b <-> (c)", "\\' ''"]:
        assert found_titles(odd, locales["hu"]) == []


def test_suggestions_complete_the_last_word_in_the_language_searched(library, locales):
    pages = searchable_pages(AnonymousUser())
    titles = [page.title for page in completions(pages, ["helyi", "unn"], locales["hu"], 8)]
    assert titles == [library["festival"].title]
    assert (
        completions(pages, ["hely", "unnep"], locales["hu"], 8) == []
    )  # only the last is a prefix
    assert completions(pages, ["helyi", "unn"], locales["sl"], 8) == []


def test_a_query_with_more_matches_than_the_window_ranks_the_newest(
    site_tree, locales, monkeypatch
):
    methods = site_tree["hu"]["methods"]
    for title, summary in [
        ("Kosárfonás a faluházban", "Vesszőből."),  # oldest, the best match
        ("Gyűjtőnap", "A kosárfonás hagyományát is bemutatjuk."),
        ("Szüreti nap", "Kosárfonás és mustkóstolás."),
    ]:
        MethodologyArticleFactory(parent=methods, title=title, summary=summary)
    assert found_titles("kosárfonás", locales["hu"])[0] == "Kosárfonás a faluházban"
    monkeypatch.setattr("search.backends.postgres.RANKING_WINDOW", 2)
    assert set(found_titles("kosárfonás", locales["hu"])) == {"Gyűjtőnap", "Szüreti nap"}
    unranked = found_titles("kosárfonás", locales["hu"], ranked=False)
    assert unranked == ["Szüreti nap", "Gyűjtőnap", "Kosárfonás a faluházban"]  # newest first
