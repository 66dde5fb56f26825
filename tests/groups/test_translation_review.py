"""A Hungarian write-up goes to Slovenian and English in the admin, machine draft then review."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail_localize.models import Translation

from groups.models import WorkshopWriteUp
from groups.roles import EDITOR, role_group
from tests.conftest import translate
from tests.groups.factories import WorkshopWriteUpFactory


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["sl", "en"])
def test_writeup_machine_draft_is_reviewed_before_the_notice_goes(
    client, django_user_model, groups, locales, code, django_capture_on_commit_callbacks
):
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "pw")
    editor.groups.add(role_group(EDITOR))
    client.force_login(editor)
    writeup = WorkshopWriteUpFactory(parent=groups[0], title="Önkéntesek a faluházban")

    submit_url = reverse("wagtail_localize:submit_page_translation", args=[writeup.pk])
    response = client.post(submit_url, {"locales": [locales[code].pk]})
    assert response.status_code == 302
    job = Translation.objects.get(
        target_locale=locales[code], source__object_id=writeup.translation_key
    )
    machine_url = reverse("wagtail_localize:machine_translate", args=[job.pk])
    assert client.post(f"{machine_url}?next=/admin/").status_code == 302
    target = job.get_target_instance()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})

    translated = WorkshopWriteUp.objects.get(pk=target.pk)
    assert translated.live and translated.machine_translated
    assert translated.title.startswith(f"[{code}] ")
    client.logout()
    notice = BeautifulSoup(client.get(translated.url).content, "html.parser").select_one(
        ".notice--machine"
    )
    assert notice.find("a")["href"] == writeup.url

    client.force_login(editor)
    client.post(reverse("translation_review:approve", args=[translated.pk]))
    translated.refresh_from_db()
    assert not translated.machine_translated
    assert translated.translation_reviewed_by == editor
    client.logout()
    page = BeautifulSoup(client.get(translated.url).content, "html.parser")
    assert page.select_one(".notice--machine") is None


# Approving inside wagtail-localize's translation editor


def approve_form(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one("form[data-approve-translation]")


def machine_notice(client, page):
    client.logout()
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return soup.select_one(".notice--machine")


@pytest.fixture
def machine_translated_writeup(
    client, groups, people, locales, make_user, django_capture_on_commit_callbacks
):
    """Group A's write-up machine-translated into Slovenian and published by an editor."""
    group_a, _group_b = groups
    translate(group_a.get_parent().specific, "sl", title="Povezave")
    translate(group_a, "sl", title="Zakladnica")  # its mentors may edit it too
    writeup = WorkshopWriteUpFactory(parent=group_a, title="Önkéntesek a faluházban")
    editor = make_user("szerkeszto")
    editor.groups.add(role_group(EDITOR))
    client.force_login(editor)
    submit_url = reverse("wagtail_localize:submit_page_translation", args=[writeup.pk])
    assert client.post(submit_url, {"locales": [locales["sl"].pk]}).status_code == 302
    job = Translation.objects.get(
        target_locale=locales["sl"], source__object_id=writeup.translation_key
    )
    machine_url = reverse("wagtail_localize:machine_translate", args=[job.pk])
    assert client.post(f"{machine_url}?next=/admin/").status_code == 302
    target = job.get_target_instance()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    client.logout()
    translated = WorkshopWriteUp.objects.get(pk=target.pk)
    assert translated.live and translated.machine_translated
    return {"page": translated, "editor": editor, "mentor": people["mentor_a"]}


@pytest.mark.django_db
def test_editor_approves_in_the_translation_editor(client, machine_translated_writeup):
    page, editor = machine_translated_writeup["page"], machine_translated_writeup["editor"]
    assert machine_notice(client, page) is not None

    client.force_login(editor)
    editor_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(editor_url)
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]
    form = approve_form(response)
    assert form is not None, "the translation editor offers the approval"
    assert form["method"] == "post"
    assert form["action"] == reverse("translation_review:approve", args=[page.pk])
    assert form.select_one('input[name="next"]')["value"] == editor_url
    assert form.select_one('input[name="csrfmiddlewaretoken"]')["value"]
    assert form.select_one("button[type=submit]")

    response = client.post(form["action"], {"next": editor_url})
    assert response.status_code == 302
    assert response["Location"] == editor_url
    page.refresh_from_db()
    assert not page.machine_translated
    assert page.translation_reviewed_by == editor
    assert approve_form(client.get(editor_url)) is None, "nothing left to approve"
    assert machine_notice(client, page) is None


@pytest.mark.django_db
def test_mentor_sees_no_approval_and_is_refused(client, machine_translated_writeup):
    page, mentor = machine_translated_writeup["page"], machine_translated_writeup["mentor"]
    client.force_login(mentor)
    editor_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(editor_url)
    assert response.status_code == 200, "the mentor may edit the group's translation"
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]
    assert approve_form(response) is None

    approve_url = reverse("translation_review:approve", args=[page.pk])
    assert client.post(approve_url, {"next": editor_url}).status_code == 403
    page.refresh_from_db()
    assert page.machine_translated
    assert page.translation_reviewed_by is None
    assert machine_notice(client, page) is not None
