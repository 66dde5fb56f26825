"""A Hungarian write-up goes to Slovenian and English in the admin, machine draft then review."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail_localize.models import Translation

from groups.models import WorkshopWriteUp
from tests.groups.factories import WorkshopWriteUpFactory


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["sl", "en"])
def test_writeup_machine_draft_is_reviewed_before_the_notice_goes(
    client, django_user_model, groups, locales, code, django_capture_on_commit_callbacks
):
    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
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
