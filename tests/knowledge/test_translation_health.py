"""The translation health dashboard: what needs work in each language, counted cheaply."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail_localize.models import Translation
from wagtail_localize.operations import TranslationCreator

from knowledge import translation_health
from tests.conftest import publish, translate
from tests.factories import MethodologyArticleFactory, ProgrammePackageFactory


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")


def health_by_code():
    return {row.locale.language_code: row for row in translation_health.counts()}


@pytest.fixture
def library(site_tree, locales, django_capture_on_commit_callbacks):
    """Work in every state: untranslated, synced, outdated, machine-made, overdue."""
    untranslated = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Csak magyarul"
    )
    synced = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Szinkronban")
    changed = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Megváltozott")
    for page in (synced, changed):
        TranslationCreator(user=None, target_locales=[locales["sl"]]).create_translations(page)
    translate(synced, "en", title="Synced by hand")  # no wagtail-localize sync state
    translate(changed, "en", title="Changed, by hand")
    changed.title = "Megváltozott, új változat"
    publish(changed)  # after the sl translation was synced and the en one published

    machine = translate(
        ProgrammePackageFactory(parent=site_tree["sl"]["packages"], title="Strojni paket"),
        "en",
        title="Machine package",
        machine_translated=True,
    )
    overdue = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Lejárt")
    overdue.review_date = datetime.date(2020, 1, 1)
    publish(overdue)
    return {
        "untranslated": untranslated,
        "synced": synced,
        "changed": changed,
        "machine": machine,
        "overdue": overdue,
    }


@pytest.mark.django_db
def test_counts_per_language(library):
    health = health_by_code()
    assert list(health) == ["hu", "sl", "en"]
    # hu: the Slovenian package has no Hungarian version; one page is past its review date.
    assert (health["hu"].missing, health["hu"].outdated) == (1, 0)
    assert (health["hu"].unreviewed, health["hu"].overdue) == (0, 1)
    # sl: "Csak magyarul" and "Lejárt" are missing; "Megváltozott" moved on after the sync.
    assert (health["sl"].missing, health["sl"].outdated) == (2, 1)
    # en: the two untranslated Hungarian pages; "Changed, by hand" was published before
    # its source changed; the machine-made package.
    assert (health["en"].missing, health["en"].outdated, health["en"].unreviewed) == (2, 1, 1)
    assert [page.title for page in translation_health.outdated(library["changed"].locale)] == []
    english = library["changed"].get_translation(library["machine"].locale)
    assert [page.title for page in translation_health.outdated(english.locale)] == [
        "Changed, by hand"
    ]


@pytest.mark.django_db
def test_outdated_clears_once_the_translation_is_synced_again(
    library, locales, django_capture_on_commit_callbacks
):
    job = Translation.objects.get(
        target_locale=locales["sl"], source__object_id=library["changed"].translation_key
    )
    job.source.update_from_db()  # "Sync translated pages": the source is refreshed...
    assert health_by_code()["sl"].outdated == 1  # ...but the translation not saved yet
    with django_capture_on_commit_callbacks(execute=True):
        job.save_target(publish=True)
    assert health_by_code()["sl"].outdated == 0


@pytest.mark.django_db
def test_counting_takes_a_fixed_number_of_queries(
    site_tree, library, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as small:
        translation_health.counts()
    for number in range(6):
        page = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title=f"Több {number}")
        page.review_date = datetime.date(2020, 1, 1)
        publish(page)
        TranslationCreator(
            user=None, target_locales=[site_tree["sl"]["home"].locale]
        ).create_translations(page)
        translate(page, "en", title=f"More {number}", machine_translated=True)
    with django_assert_max_num_queries(len(small.captured_queries)):
        health = health_by_code()
    assert health["en"].unreviewed == 7
    assert health["hu"].overdue == 7
    assert len(small.captured_queries) <= 2 + 2 * 3  # locales, flags, then two per language


@pytest.mark.django_db
def test_dashboard_shows_counts_with_links(client, editor, library, django_assert_max_num_queries):
    client.force_login(editor)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("translation_health:index"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    sl_row = soup.select_one('tr[data-locale="sl"]')
    outdated = sl_row.select_one('td[data-kind="outdated"] a')
    assert outdated.get_text(strip=True) == "1"
    assert outdated["href"] == reverse("translation_health:pages", args=["sl", "outdated"])
    assert sl_row.select_one('td[data-kind="unreviewed"]').get_text(strip=True) == "0"

    with django_assert_max_num_queries(30):
        listing = client.get(outdated["href"]).content.decode()
    assert "Megváltozott" in listing

    unreviewed = client.get(reverse("translation_health:pages", args=["en", "unreviewed"]))
    assert "Machine package" in unreviewed.content.decode()
    assert reverse("translation_review:approve", args=[library["machine"].pk]) in (
        unreviewed.content.decode()
    )
    missing = client.get(reverse("translation_health:pages", args=["en", "missing"])).content
    assert reverse(
        "wagtail_localize:submit_page_translation", args=[library["untranslated"].pk]
    ) in (missing.decode())


@pytest.mark.django_db
def test_unknown_list_or_language_is_a_404(client, editor):
    client.force_login(editor)
    for url in (
        "/admin/translation-health/sl/everything/",
        "/admin/translation-health/xx/missing/",
    ):
        assert client.get(url, follow=True).status_code == 404


@pytest.mark.django_db
def test_dashboard_and_menu_are_for_editors_only(client, editor, django_user_model, library):
    client.force_login(editor)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("translation_health:index") in home

    mentor = django_user_model.objects.create_user("mentor", "m@example.org", "pw")
    mentor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(mentor)
    assert (
        reverse("translation_health:index")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    response = client.get(reverse("translation_health:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
