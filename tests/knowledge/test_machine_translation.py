"""Machine drafts in the translation editor, their public notice and the editor's approval."""

import json
import runpy
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator
from wagtail_localize.strings import StringValue

from knowledge.machine_translation import (
    APPROVE_ACTION,
    GlossaryDeepLTranslator,
    OfflineDraftTranslator,
)
from knowledge.models import GlossaryTerm, KnowledgePage
from tests.factories import MethodologyArticleFactory

BASE_SETTINGS = Path(__file__).resolve().parents[2] / "config" / "settings" / "base.py"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("szerkeszto", "sz@example.org", "pw")


@pytest.fixture
def glossary(locales):
    """Two concepts in all three languages."""

    def concept(slug, hu, sl, en, hu_synonyms=""):
        source = GlossaryTerm.objects.create(
            locale=locales["hu"], slug=slug, term=hu, synonyms=hu_synonyms
        )
        for code, term in (("sl", sl), ("en", en)):
            GlossaryTerm.objects.create(
                locale=locales[code], slug=slug, term=term, translation_key=source.translation_key
            )

    concept("volunteering", "önkéntesség", "prostovoljstvo", "volunteering", "önkéntes munka")
    concept("community-culture", "közművelődés", "ljubiteljska kultura", "community culture")


@pytest.fixture
def article(site_tree):
    return MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"],
        title="Önkéntesség a közművelődésben",
        summary="Hogyan vonjuk be az önkénteseket.",
    )


def start_translation(page, locale):
    TranslationCreator(user=None, target_locales=[locale]).create_translations(page)
    return Translation.objects.get(target_locale=locale, source__object_id=page.translation_key)


def machine_translate(client, translation):
    url = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    return client.post(f"{url}?next=/admin/")


def publish_translation(translation, capture):
    with capture(execute=True):
        translation.save_target(publish=True)


def test_settings_choose_deepl_only_when_a_key_is_set(monkeypatch):
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    offline = runpy.run_path(str(BASE_SETTINGS))["WAGTAILLOCALIZE_MACHINE_TRANSLATOR"]
    assert offline["CLASS"] == "knowledge.machine_translation.OfflineDraftTranslator"
    monkeypatch.setenv("DEEPL_API_KEY", "secret:fx")
    deepl = runpy.run_path(str(BASE_SETTINGS))["WAGTAILLOCALIZE_MACHINE_TRANSLATOR"]
    assert deepl["CLASS"] == "knowledge.machine_translation.GlossaryDeepLTranslator"
    assert deepl["OPTIONS"]["AUTH_KEY"] == "secret:fx"


def test_tests_run_with_the_offline_translator():
    assert isinstance(get_machine_translator(), OfflineDraftTranslator)


@pytest.mark.django_db
def test_offline_translator_marks_output_and_uses_the_glossary(locales, glossary):
    translator = OfflineDraftTranslator({})
    source, _attrs = StringValue.from_source_html(
        'Az <b>önkéntes munka</b> és a közművelődés. <a href="https://example.org">Itt</a>'
    )
    result = translator.translate(locales["hu"], locales["sl"], [source])[source]
    assert result.data.startswith("[sl] ")
    assert "prostovoljstvo" in result.data
    assert "ljubiteljska kultura" in result.data
    assert "önkéntes munka" not in result.data
    assert '<a id="a1">' in result.data  # link markup survives for wagtail-localize


@pytest.mark.django_db
def test_machine_draft_is_flagged_shown_with_notice_and_approved_by_an_editor(
    client, editor, locales, article, glossary, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    translation = start_translation(article, locales["sl"])
    response = machine_translate(client, translation)
    assert response.status_code == 302
    machine_strings = StringTranslation.objects.filter(
        locale=locales["sl"], translation_type="machine"
    )
    assert machine_strings.exists()
    publish_translation(translation, django_capture_on_commit_callbacks)

    slovenian = KnowledgePage.objects.get(
        translation_key=article.translation_key, locale=locales["sl"]
    )
    assert slovenian.live
    assert slovenian.machine_translated
    assert slovenian.title.startswith("[sl] ")
    assert slovenian.live_revision.content["machine_translated"] is True

    client.logout()
    soup = BeautifulSoup(client.get(slovenian.url).content, "html.parser")
    notice = soup.select_one(".notice--machine")
    assert notice is not None
    original_link = notice.find("a")
    assert original_link["href"] == article.url
    assert original_link["hreflang"] == "hu"

    client.force_login(editor)
    approve_url = reverse("translation_review:approve", args=[slovenian.pk])
    confirmation = BeautifulSoup(client.get(approve_url).content, "html.parser")
    assert confirmation.select_one("form[method=post] button[type=submit]") is not None
    assert confirmation.find("a", href=reverse("wagtailadmin_pages:edit", args=[article.pk]))
    response = client.post(approve_url, {"next": "/admin/"})
    assert response.status_code == 302

    slovenian.refresh_from_db()
    assert not slovenian.machine_translated
    assert slovenian.translation_reviewed_by == editor
    assert slovenian.translation_reviewed_at is not None
    assert slovenian.live_revision.content["machine_translated"] is False
    assert PageLogEntry.objects.filter(page=slovenian, action=APPROVE_ACTION, user=editor).exists()

    client.logout()
    soup = BeautifulSoup(client.get(slovenian.url).content, "html.parser")
    assert soup.select_one(".notice--machine") is None

    # Syncing again with the same (approved) machine strings keeps the approval.
    publish_translation(translation, django_capture_on_commit_callbacks)
    slovenian.refresh_from_db()
    assert not slovenian.machine_translated

    # New machine output after the approval flags the translation again.
    article.title = "Önkéntesség a közművelődésben, új kiadás"
    article.save_revision().publish()
    translation.source.update_from_db()
    client.force_login(editor)
    machine_translate(client, translation)
    publish_translation(translation, django_capture_on_commit_callbacks)
    slovenian.refresh_from_db()
    assert slovenian.machine_translated
    assert slovenian.translation_reviewed_by is None


@pytest.mark.django_db
def test_human_translation_is_not_flagged(locales, article, django_capture_on_commit_callbacks):
    translation = start_translation(article, locales["en"])
    for segment in translation.source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=locales["en"],
            context=segment.context,
            data=f"EN {segment.string.data}",
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
    publish_translation(translation, django_capture_on_commit_callbacks)
    english = KnowledgePage.objects.get(
        translation_key=article.translation_key, locale=locales["en"]
    )
    assert english.live
    assert not english.machine_translated


@pytest.mark.django_db
def test_syncing_does_not_copy_the_source_flag_over_a_translation(
    locales, article, django_capture_on_commit_callbacks
):
    """The review state belongs to each translation, never synchronised from the source."""
    translation = start_translation(article, locales["sl"])
    publish_translation(translation, django_capture_on_commit_callbacks)
    slovenian = KnowledgePage.objects.get(
        translation_key=article.translation_key, locale=locales["sl"]
    )
    KnowledgePage.objects.filter(pk=slovenian.pk).update(machine_translated=True)
    publish_translation(translation, django_capture_on_commit_callbacks)
    slovenian.refresh_from_db()
    assert slovenian.machine_translated


@pytest.mark.django_db
def test_only_editors_may_approve(client, django_user_model, locales, article):
    slovenian = article.copy_for_translation(locales["sl"])
    slovenian.machine_translated = True
    slovenian.save()
    slovenian.save_revision().publish()
    mentor = django_user_model.objects.create_user("mentor", "m@example.org", "pw")
    mentor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(mentor)
    url = reverse("translation_review:approve", args=[slovenian.pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 403
        assert slovenian.title not in response.content.decode()
    slovenian.refresh_from_db()
    assert slovenian.machine_translated


@pytest.mark.django_db
def test_editor_sees_approve_button_on_flagged_page(client, editor, locales, article):
    slovenian = article.copy_for_translation(locales["sl"])
    slovenian.machine_translated = True
    slovenian.save()
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_explore", args=[slovenian.pk])).content.decode()
    assert reverse("translation_review:approve", args=[slovenian.pk]) in html


class FakeDeepL(requests.adapters.BaseAdapter):
    """DeepL at the HTTP boundary: records each request and answers like the API."""

    def __init__(self, refuse_glossary=False):
        super().__init__()
        self.requests = []
        self.refuse_glossary = refuse_glossary

    def send(self, request, **kwargs):
        body = json.loads(request.body)
        self.requests.append((request.method, request.url, dict(request.headers), body))
        response = requests.Response()
        response.request = request
        response.url = request.url
        response.headers["Content-Type"] = "application/json"
        if request.url.endswith("/glossaries"):
            if self.refuse_glossary:
                response.status_code = 400
                payload = {"message": "Unsupported glossary language pair"}
            else:
                response.status_code = 201
                payload = {"glossary_id": "gl-123", "ready": True, "entry_count": 3}
        else:
            response.status_code = 200
            payload = {"translations": [{"text": f"SL:{text}"} for text in body["text"]]}
        response._content = json.dumps(payload).encode()
        return response

    def close(self):
        pass


def deepl_with(adapter):
    translator = GlossaryDeepLTranslator({"AUTH_KEY": "key:fx"})
    translator.session.mount("https://", adapter)
    return translator


@pytest.mark.django_db
def test_deepl_sends_the_domain_glossary_once_and_uses_it(locales, glossary):
    adapter = FakeDeepL()
    translator = deepl_with(adapter)
    strings = [StringValue.from_plaintext("Önkéntesség"), StringValue.from_plaintext("Közösség")]

    result = translator.translate(locales["hu"], locales["sl"], strings)
    assert [result[s].data for s in strings] == ["SL:Önkéntesség", "SL:Közösség"]

    method, url, headers, body = adapter.requests[0]
    assert (method, url) == ("POST", "https://api-free.deepl.com/v2/glossaries")
    assert headers["Authorization"] == "DeepL-Auth-Key key:fx"
    assert body["source_lang"] == "hu" and body["target_lang"] == "sl"
    assert body["entries_format"] == "tsv"
    assert body["entries"].splitlines() == [
        "önkéntes munka\tprostovoljstvo",
        "közművelődés\tljubiteljska kultura",
        "önkéntesség\tprostovoljstvo",
    ]
    method, url, headers, body = adapter.requests[1]
    assert url == "https://api-free.deepl.com/v2/translate"
    assert body == {
        "text": ["Önkéntesség", "Közösség"],
        "tag_handling": "xml",
        "source_lang": "HU",
        "target_lang": "SL",
        "glossary_id": "gl-123",
    }

    translator.translate(locales["hu"], locales["sl"], strings[:1])
    assert [url for _m, url, _h, _b in adapter.requests].count(
        "https://api-free.deepl.com/v2/glossaries"
    ) == 1, "an unchanged glossary is reused"


@pytest.mark.django_db
def test_deepl_english_target_names_a_variant_and_translates_without_a_refused_glossary(
    locales, glossary
):
    adapter = FakeDeepL(refuse_glossary=True)
    translator = deepl_with(adapter)
    strings = [StringValue.from_plaintext("közművelődés")]
    result = translator.translate(locales["hu"], locales["en"], strings)
    assert result[strings[0]].data == "SL:közművelődés"
    body = adapter.requests[-1][3]
    assert body["target_lang"] == "EN-GB"
    assert "glossary_id" not in body


@pytest.mark.django_db
def test_deepl_without_glossary_entries_sends_no_glossary(locales):
    adapter = FakeDeepL()
    translator = GlossaryDeepLTranslator({"AUTH_KEY": "pro-key"})
    translator.session.mount("https://", adapter)
    translator.translate(locales["sl"], locales["hu"], [StringValue.from_plaintext("Dober dan")])
    assert len(adapter.requests) == 1
    assert adapter.requests[0][1] == "https://api.deepl.com/v2/translate"
    assert "glossary_id" not in adapter.requests[0][3]
