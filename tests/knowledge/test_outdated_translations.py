"""A translation is outdated when its source was published after the version it was made from.

Imported translations (and those edited directly) are measured against the source
publication recorded when they were imported or last published; wagtail-localize's
translations against its own sync state. Both show on the translation health dashboard.
"""

import copy
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import Translation
from wagtail_localize.operations import TranslationCreator

from knowledge import translation_health
from knowledge.importer import run_import
from knowledge.models import ImportedObject, KnowledgePage, TranslationBasis
from tests.factories import MethodologyArticleFactory

FILE = [
    {
        "type": "method",
        "key": "method:circle",
        "locale": "hu",
        "title": "Beszélgetőkör",
        "summary": "Körben ülve mindenki szóhoz jut.",
    },
    {
        "type": "method",
        "key": "method:circle:sl",
        "locale": "sl",
        "translation_of": "method:circle",
        "title": "Pogovorni krog",
        "summary": "V krogu pride vsak do besede.",
    },
    # A package linked to one further down: the importer publishes it again at the end.
    {
        "type": "package",
        "key": "package:walk",
        "locale": "hu",
        "title": "Tanösvény séta",
        "combines_with": ["package:tour"],
    },
    {
        "type": "package",
        "key": "package:walk:sl",
        "locale": "sl",
        "translation_of": "package:walk",
        "title": "Sprehod po učni poti",
    },
    {"type": "package", "key": "package:tour", "locale": "hu", "title": "Falutúra"},
    {"type": "method", "key": "method:map", "locale": "hu", "title": "Közösségi térkép"},
    {
        "type": "method",
        "key": "method:map:sl",
        "locale": "sl",
        "translation_of": "method:map",
        "title": "Skupnostni zemljevid",
        "live": False,
    },
]


def import_file(items):
    with translation.override("en"):
        return run_import([json.dumps(item, ensure_ascii=False) for item in items])


def imported(key):
    page = ImportedObject.objects.get(key=key).get_object()
    return KnowledgePage.objects.get(pk=page.pk).specific


def outdated_titles(code):
    locale = Locale.objects.get(language_code=code)
    return sorted(page.title for page in translation_health.outdated(locale))


def publish_change(page, user=None, **fields):
    """What "Publish" in the page editor does: a new revision, published."""
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


def dashboard_figure(client, code):
    soup = BeautifulSoup(client.get(reverse("translation_health:index")).content, "html.parser")
    cell = soup.select_one(f'tr[data-locale="{code}"] td[data-kind="outdated"]')
    return cell.get_text(strip=True), cell.find("a")


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.django_db
def test_imported_translation_is_outdated_once_its_source_changes_until_published_again(
    site_tree, editor, editor_client
):
    import_file(FILE)
    assert dashboard_figure(editor_client, "sl") == ("0", None)
    assert outdated_titles("sl") == []

    source = publish_change(
        imported("method:circle"), editor, summary="Körben ülve, időkorláttal, mindenki szóhoz jut."
    )
    figure, link = dashboard_figure(editor_client, "sl")
    assert figure == "1"
    assert link["href"] == reverse("translation_health:pages", args=["sl", "outdated"])
    listing = BeautifulSoup(editor_client.get(link["href"]).content, "html.parser")
    slovenian = imported("method:circle:sl")
    row = listing.select_one(f'tr[data-page="{slovenian.pk}"]')
    assert "Pogovorni krog" in row.get_text()
    assert row.select_one("td[data-synced]")["data-synced"] == "false"
    basis = TranslationBasis.objects.get(page=slovenian)
    compare = row.select_one('a[data-action="compare"]')["href"]
    assert compare == reverse(
        "wagtailadmin_pages:revisions_compare", args=[source.pk, basis.source_revision_id, "live"]
    )
    assert editor_client.get(compare).status_code == 200
    assert outdated_titles("hu") == []  # a source is never outdated

    publish_change(
        slovenian, editor, summary="V krogu, s časovno omejitvijo, pride vsak do besede."
    )
    assert dashboard_figure(editor_client, "sl") == ("0", None)


@pytest.mark.django_db
def test_package_published_again_at_the_end_of_the_file_leaves_its_translation_current(
    site_tree,
):
    import_file(FILE)
    source, slovenian = imported("package:walk"), imported("package:walk:sl")
    assert source.combines_with.count() == 1
    assert source.last_published_at > slovenian.last_published_at  # published again after it
    assert TranslationBasis.objects.get(page=slovenian).source_published_at == (
        source.last_published_at
    )
    assert outdated_titles("sl") == []


@pytest.mark.django_db
def test_draft_translation_counts_too(site_tree):
    import_file(FILE)
    draft = imported("method:map:sl")
    assert not draft.live
    publish_change(imported("method:map"), title="Közösségi térkép, új kiadás")
    assert outdated_titles("sl") == ["Skupnostni zemljevid"]


@pytest.mark.django_db
def test_importing_the_same_file_again_marks_nothing_outdated(site_tree):
    import_file(FILE)
    bases = list(TranslationBasis.objects.order_by("pk").values())
    assert len(bases) == 3

    summary = import_file(FILE)
    assert sum(summary.created.values()) + sum(summary.updated.values()) == 0
    assert list(TranslationBasis.objects.order_by("pk").values()) == bases
    assert outdated_titles("sl") == []


@pytest.mark.django_db
def test_import_that_changes_only_the_source_makes_its_translation_outdated(site_tree):
    import_file(FILE)
    changed = copy.deepcopy(FILE)
    changed[0]["summary"] = "Körben ülve, beszélőtárggyal."
    import_file(changed)
    assert outdated_titles("sl") == ["Pogovorni krog"]

    changed[1]["summary"] = "V krogu, s predmetom za besedo."
    import_file(changed)  # the translator's new line brings it up to date
    assert outdated_titles("sl") == []


@pytest.mark.django_db
def test_wagtail_localize_translation_follows_its_sync_state(
    site_tree, locales, editor, editor_client, django_capture_on_commit_callbacks
):
    article = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Fotóséta", summary="Fényképezve járjuk be."
    )
    submit = reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    assert editor_client.post(submit, {"locales": [locales["sl"].pk]}).status_code == 302
    job = Translation.objects.get(
        target_locale=locales["sl"], source__object_id=article.translation_key
    )
    slovenian = job.get_target_instance()
    editor_url = reverse("wagtailadmin_pages:edit", args=[slovenian.pk])

    def publish_in_translation_editor():
        with django_capture_on_commit_callbacks(execute=True):
            assert editor_client.post(editor_url, {"action": "publish"}).status_code == 302

    publish_in_translation_editor()
    assert dashboard_figure(editor_client, "sl") == ("0", None)
    assert not TranslationBasis.objects.filter(page_id=slovenian.pk).exists()

    publish_change(article, editor, summary="Fényképezve járjuk be a falut.")
    figure, link = dashboard_figure(editor_client, "sl")
    assert figure == "1"
    row = BeautifulSoup(editor_client.get(link["href"]).content, "html.parser").select_one(
        f'tr[data-page="{slovenian.pk}"]'
    )
    assert row.select_one("td[data-synced]")["data-synced"] == "true"
    sync_url = reverse("wagtail_localize:update_translations", args=[job.source_id])
    assert row.select_one('a[data-action="sync"]')["href"] == sync_url

    publish_in_translation_editor()  # publishing without syncing keeps the old source text
    assert outdated_titles("sl") == [slovenian.title]

    assert editor_client.post(sync_url, {}).status_code == 302  # sync, do not publish yet
    assert outdated_titles("sl") == [slovenian.title]  # synced, but not saved from it

    publish_in_translation_editor()
    assert dashboard_figure(editor_client, "sl") == ("0", None)


@pytest.mark.django_db
def test_translation_wagtail_localize_stopped_syncing_is_measured_by_its_publication(
    site_tree, locales, editor
):
    article = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Mesekör")
    TranslationCreator(user=None, target_locales=[locales["sl"]]).create_translations(article)
    job = Translation.objects.get(
        target_locale=locales["sl"], source__object_id=article.translation_key
    )
    job.enabled = False  # "Stop synced translation": edited in the page editor from now on
    job.save()
    slovenian = job.get_target_instance()
    publish_change(slovenian, editor, title="Pravljični krog")
    assert TranslationBasis.objects.filter(page_id=slovenian.pk).exists()
    assert outdated_titles("sl") == []
    publish_change(article, editor, summary="Mesék körben, új kiadás.")
    assert outdated_titles("sl") == ["Pravljični krog"]
