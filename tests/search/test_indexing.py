"""Per-locale indexing: each page analysed in its own language, kept in step with changes."""

import pytest
from django.core.management import call_command
from wagtail.models import Locale
from wagtail.search.models import IndexEntry

from knowledge.models import KnowledgePage
from search.indexing import query_text
from tests.factories import MethodologyArticleFactory


def found(query, language, queryset=None):
    queryset = queryset if queryset is not None else KnowledgePage.objects.live()
    analysed = query_text(query, language)
    queryset = queryset.filter(locale=Locale.objects.get(language_code=language))
    return {page.title for page in queryset.search(analysed)}


def entry_of(page):
    return IndexEntry.objects.get(object_id=str(page.pk), content_type__model="methodologyarticle")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "query", "title_key"),
    [
        ("hu", "önkéntes", "festival"),
        ("hu", "kozossegi partnerek", "festival"),
        ("hu", "ünnepek", "festival"),
        ("sl", "prostovoljcev", "festival_sl"),
        ("sl", "mentorjem", "festival_sl"),
        ("sl", "praznikov", "festival_sl"),
        ("en", "volunteering", "festival_en"),
        ("en", "celebrations", "festival_en"),
    ],
)
def test_inflected_and_accent_free_queries_find_pages_in_their_language(
    library, language, query, title_key
):
    assert library[title_key].title in found(query, language)


def words(indexed):
    """The words of an index entry: SQLite keeps the text, PostgreSQL a tsvector
    (``'onkentes':8 'partner':11``)."""
    return [token.split("':")[0].strip("'") for token in str(indexed).split()]


@pytest.mark.django_db
def test_each_page_is_analysed_with_its_own_language(library):
    """One index entry per page holds that page's language analysis (no #9253 overwrite)."""
    hungarian = entry_of(library["festival"])
    slovenian = entry_of(library["festival_sl"])
    english = entry_of(library["festival_en"])
    assert "onkentes" in words(hungarian.body)  # önkéntesekkel → önkéntes, folded
    assert "prostovoljec" in words(slovenian.body)  # prostovoljci → prostovoljec
    assert "volunt" in words(english.body)  # volunteers → volunt (Snowball)
    assert "Helyi" not in hungarian.title  # shown text stays as written, only the index is analysed
    assert library["festival"].title == "Helyi ünnep közös építése partnerekkel"


@pytest.mark.django_db
def test_theme_and_region_names_are_searchable_in_the_page_language(library):
    assert library["festival"].title in found("fesztiválok", "hu")
    assert library["package"].title in found("heves", "hu")


@pytest.mark.django_db
def test_the_index_follows_publish_unpublish_move_and_delete(site_tree):
    page = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"],
        title="Kosárfonás műhely",
        summary="Vesszőből.",
        live=False,
    )
    assert found("kosárfonás", "hu") == set()  # drafts are not live
    page.save_revision().publish()
    assert found("kosárfonással", "hu") == {"Kosárfonás műhely"}

    page.title = "Kosárfonás és kenyérsütés"
    page.save_revision()  # a draft change is not indexed
    assert found("kenyérsütés", "hu") == set()
    page.get_latest_revision().publish()
    assert found("kenyérsütés", "hu") == {"Kosárfonás és kenyérsütés"}

    page.refresh_from_db()
    page.move(site_tree["hu"]["packages"], pos="last-child")
    assert found("kenyérsütés", "hu") == {"Kosárfonás és kenyérsütés"}

    page.refresh_from_db()
    page.unpublish()
    assert found("kenyérsütés", "hu") == set()

    page_id = page.pk
    page.delete()
    assert not IndexEntry.objects.filter(object_id=str(page_id)).exists()


@pytest.mark.django_db
def test_index_updates_run_as_background_tasks(site_tree, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    page = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Mesemondó délután")
    queued = [result for result in default_task_backend.results if result.args[2] == str(page.pk)]
    assert queued
    assert found("mesemondó", "hu") == set()  # not indexed until the task runs
    for result in queued:
        result.task.call(*result.args, **result.kwargs)
    assert found("mesemondó", "hu") == {"Mesemondó délután"}


@pytest.mark.django_db
def test_reindex_rebuilds_every_language_with_progress(library, capsys):
    IndexEntry.objects.all().delete()
    assert found("önkéntes", "hu") == set()
    call_command("reindex")
    output = capsys.readouterr().out
    assert "hu:" in output and "sl:" in output and "en:" in output
    assert "Search index rebuilt" in output
    assert library["festival"].title in found("önkéntesekkel", "hu")
    assert library["festival_sl"].title in found("prostovoljci", "sl")
