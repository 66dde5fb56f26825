"""The domain glossary: import, public page in three languages, synonyms, translatability."""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

from knowledge.exporter import export_lines
from knowledge.glossary import equivalents, synonyms
from knowledge.importer import ImportFailed, run_import
from knowledge.models import GlossaryTerm

DEMO = Path(__file__).resolve().parents[2] / "demo" / "content.jsonl"


def demo_glossary_lines():
    lines = [line for line in DEMO.read_text().splitlines() if line.startswith("{")]
    return [line for line in lines if json.loads(line)["type"] == "glossary"]


@pytest.fixture
def demo_glossary(locales):
    with translation.override("en"):
        run_import(demo_glossary_lines())


def test_demo_glossary_has_every_concept_in_three_languages():
    records = [json.loads(line) for line in demo_glossary_lines()]
    by_slug = {}
    for record in records:
        by_slug.setdefault(record["slug"], {})[record["locale"]] = record
        assert record["definition"].strip(), record["key"]
    assert 12 <= len(by_slug) <= 20
    assert all(set(languages) == {"hu", "sl", "en"} for languages in by_slug.values())
    hungarian = {languages["hu"]["title"] for languages in by_slug.values()}
    assert {
        "közművelődés",
        "közösségi színtér",
        "iskolai közösségi szolgálat",
        "önkéntesség",
        "mentorálás",
        "civil szervezet",
        "művelődési ház",
        "helyi érték",
    } <= hungarian
    assert by_slug["volunteering"]["sl"]["title"] == "prostovoljstvo"
    assert by_slug["school-community-service"]["en"]["title"] == "school community service"


@pytest.mark.django_db
def test_import_makes_translations_sharing_a_key_and_is_idempotent(demo_glossary, locales):
    hu = GlossaryTerm.objects.get(slug="cultural-centre", locale=locales["hu"])
    sl = GlossaryTerm.objects.get(slug="cultural-centre", locale=locales["sl"])
    assert hu.translation_key == sl.translation_key
    assert sl.term == "kulturni dom"
    assert "kultúrház" in hu.synonym_list
    count = GlossaryTerm.objects.count()
    with translation.override("en"):
        summary = run_import(demo_glossary_lines())
    assert GlossaryTerm.objects.count() == count
    assert summary is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"slug": "Bad Slug"}, "slug"),
        ({"synonyms": "not a list"}, "synonyms"),
        ({"synonyms": ["two\nlines"]}, "synonyms"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_glossary_line_is_reported_and_nothing_written(locales, record, field):
    line = {
        "type": "glossary",
        "key": "g-1",
        "locale": "hu",
        "title": "közművelődés",
        "slug": "community-culture",
    }
    line.update(record)
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        run_import([json.dumps(line, ensure_ascii=False)])
    assert [(error.line, error.field) for error in failure.value.errors] == [(1, field)]
    assert not GlossaryTerm.objects.exists()


@pytest.mark.django_db
def test_glossary_is_exported_in_the_import_format(demo_glossary):
    exported = [record for record in export_lines() if record["type"] == "glossary"]
    record = next(r for r in exported if r["key"] == "glossary-volunteering-sl")
    assert record["title"] == "prostovoljstvo"
    assert record["translation_of"] == "glossary-volunteering-hu"
    assert record["synonyms"] == ["prostovoljno delo"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "term", "equivalent", "heading"),
    [
        ("hu", "közművelődés", "community culture", "Szójegyzék"),
        ("sl", "skupnostna kultura", "közművelődés", "Slovar pojmov"),
        ("en", "community culture", "skupnostna kultura", "Glossary"),
    ],
)
def test_public_glossary_page_in_each_language(
    client, demo_glossary, code, term, equivalent, heading
):
    response = client.get(f"/{code}/glossary/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("html")["lang"] == code
    assert soup.find("h1").get_text(strip=True) == heading
    entry = soup.find(id="community-culture")
    assert entry.find("dt").get_text(strip=True) == term
    assert equivalent in entry.get_text()
    links = [a["href"] for a in entry.select(".glossary-equivalents a")]
    assert all(href.endswith("/glossary/#community-culture") for href in links)
    assert len(links) == 2


@pytest.mark.django_db
def test_glossary_sorts_accented_letters_beside_their_base(client, demo_glossary):
    soup = BeautifulSoup(client.get("/hu/glossary/").content, "html.parser")
    terms = [dt.get_text(strip=True) for dt in soup.select(".glossary-entry dt")]
    assert terms.index("önkéntesség") < terms.index("programcsomag")
    assert terms.index("amatőr művészeti csoport") == 0


@pytest.mark.django_db
def test_synonyms_for_search(demo_glossary, locales):
    assert synonyms("önkéntesség", "hu") == ["önkéntes munka", "önkéntes tevékenység"]
    assert set(synonyms("Önkéntes munka", locales["hu"])) == {"önkéntesség", "önkéntes tevékenység"}
    assert synonyms("NVO", "sl") == ["nevladna organizacija", "civilnodružbena organizacija"]
    assert synonyms("unknown word", "en") == []
    assert synonyms("volunteering", "xx") == []
    assert synonyms("  ", "en") == []


@pytest.mark.django_db
def test_equivalents_put_longer_wordings_first(demo_glossary, locales):
    pairs = equivalents(locales["hu"], locales["sl"])
    sources = [source for source, _target in pairs]
    assert sources.index("iskolai közösségi szolgálat") < sources.index("közösségi szolgálat")
    assert ("IKSZ", "šolska skupnostna služba") in pairs


@pytest.mark.django_db
def test_glossary_term_is_translatable_with_wagtail_localize(
    client, django_user_model, locales, django_capture_on_commit_callbacks
):
    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(editor)
    term = GlossaryTerm.objects.create(
        locale=locales["hu"], slug="mentoring", term="mentorálás", definition="Kapcsolat."
    )
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["knowledge", "glossaryterm", term.pk],
    )
    assert client.get(url).status_code == 200
    TranslationCreator(user=editor, target_locales=[locales["sl"]]).create_translations(term)
    job = Translation.objects.get(
        target_locale=locales["sl"], source__object_id=term.translation_key
    )
    wanted = {"term": "mentorstvo", "definition": "Odnos."}
    for segment in job.source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=locales["sl"],
            context=segment.context,
            data=wanted[segment.context.path],
        )
    with django_capture_on_commit_callbacks(execute=True):
        job.save_target(publish=True)
    slovenian = GlossaryTerm.objects.get(translation_key=term.translation_key, locale=locales["sl"])
    assert (slovenian.term, slovenian.definition, slovenian.slug) == (
        "mentorstvo",
        "Odnos.",
        "mentoring",
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
def test_glossary_page_takes_a_fixed_number_of_queries(
    client, demo_glossary, django_assert_max_num_queries
):
    client.get("/sl/glossary/")  # warm the site and locale caches
    with django_assert_max_num_queries(12):
        response = client.get("/sl/glossary/")
    assert response.status_code == 200
    assert len(BeautifulSoup(response.content, "html.parser").select(".glossary-entry")) == 18
