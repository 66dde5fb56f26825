"""The demo file `make run` loads: the programme, its groups, write-ups and private notes.

The file is imported once per module (about half a minute on SQLite) inside an
outer transaction that is rolled back at the end; every test runs in its own
savepoint on top of it, as Django's ``TestCase.setUpTestData`` does.
"""

import html as html_entities
import json
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction, Revision

from groups.models import (
    GroupMembership,
    MentorGroup,
    Practice,
    Profile,
    RubricEntry,
    SessionNote,
    WorkshopWriteUp,
)
from groups.roles import assign_role
from knowledge import translation_health
from knowledge.models import (
    HomePage,
    ImportedObject,
    KnowledgePage,
    MethodologyArticle,
    TranslationBasis,
)

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "content.jsonl"
SEED_MENTORS = {"Schaff Anikó", "Szabó Csaba", "Józsa Kata", "Oszkai Réka", "Buzás Eszter"}
HUNGARIAN_GROUP_REGIONS = ["heves", "kecskemet-area", "komlo-hegyhat", "sumeg-district", "tata"]


def demo_records():
    records = []
    for line in DEMO_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            records.append(json.loads(line))
    return records


RECORDS = demo_records()
BY_KEY = {record["key"]: record for record in RECORDS}
WRITEUPS = [record for record in RECORDS if record["type"] == "writeup"]
NOTES = [record for record in RECORDS if record["type"] == "note"]


def restricted_writeups(**match):
    return [
        record
        for record in WRITEUPS
        if all(record.get(name, default) == value for name, (value, default) in match.items())
    ]


MEMBERS_ONLY = restricted_writeups(visibility=("members", "public"))
GROUP_ONLY = restricted_writeups(visibility=("group", "public"))
DRAFTS = restricted_writeups(live=(False, True))
HIDDEN = MEMBERS_ONLY + GROUP_ONLY + DRAFTS


def run_import():
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("import_content", str(DEMO_FILE), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def summary(stdout):
    """{type: (created, updated, unchanged)} from the command's summary lines."""
    found = re.findall(r"^(\w+): (\d+) created, (\d+) updated, (\d+) unchanged$", stdout, re.M)
    return {name: tuple(int(n) for n in numbers) for name, *numbers in found}


def imported(key):
    obj = ImportedObject.objects.get(key=key).get_object()
    return getattr(obj, "specific", obj)


def everything():
    """Counts of all an import may write, and every line's checksum."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "notes": SessionNote.objects.count(),
        "memberships": GroupMembership.objects.count(),
        "users": get_user_model().objects.count(),
        "rubric": RubricEntry.objects.count(),
        "checksums": dict(ImportedObject.objects.values_list("key", "checksum")),
        "notes_text": sorted(SessionNote.objects.values_list("pk", "text")),
        "translation_bases": list(TranslationBasis.objects.order_by("pk").values()),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo file imported into a database without the Slovenian and English sites."""
    with django_db_blocker.unblock(), transaction.atomic():
        HomePage.objects.exclude(locale__language_code="hu").delete()
        stdout, stderr = run_import()
        yield {"stdout": stdout, "stderr": stderr}
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo, db):
    return demo


def hungarian_programme():
    return imported("programme-kapcsolodasok-hu")


def search_results(client, **params):
    """The result cards of a search page, checked against the count it announces.

    Only the cards: the search box and the count heading echo the query itself.
    """
    response = client.get("/hu/search/", params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    cards = soup.select(".search-result")
    count = soup.select_one(".results-count")
    if count is not None:
        assert int(count["data-count"]) >= len(cards)
        if soup.select_one(".pagination") is None:
            assert int(count["data-count"]) == len(cards)
    return "\n".join(str(card) for card in cards)


def page_html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    return html_entities.unescape(response.content.decode())


# Importing


def test_the_demo_file_imports_in_one_pass(demo_db):
    assert demo_db["stderr"] == ""
    counts = summary(demo_db["stdout"])
    for type_name in ("programme", "group", "writeup", "note"):
        created, updated, unchanged = counts[type_name]
        assert created == sum(1 for record in RECORDS if record["type"] == type_name)
        assert (updated, unchanged) == (0, 0)
    assert f"Imported {len(RECORDS)} items." in demo_db["stdout"]


def test_importing_it_again_changes_nothing(demo_db):
    before = everything()

    stdout, stderr = run_import()

    assert stderr == ""
    counts = summary(stdout)
    assert {name: numbers[:2] for name, numbers in counts.items()} == dict.fromkeys(counts, (0, 0))
    assert sum(numbers[2] for numbers in counts.values()) == len(RECORDS)
    assert everything() == before


def test_no_imported_translation_is_outdated_against_its_source(demo_db):
    translations = KnowledgePage.objects.exclude(locale__language_code=F("original_language"))
    assert translations.count() > 20
    assert TranslationBasis.objects.count() == translations.count()
    for locale in Locale.objects.all():
        assert list(translation_health.outdated(locale)) == [], locale.language_code


# The programme and its groups


def test_programme_page_lists_its_five_hungarian_groups(demo_db, client):
    programme = hungarian_programme()
    groups = MentorGroup.objects.child_of(programme).live()
    assert sorted(group.region.slug for group in groups) == HUNGARIAN_GROUP_REGIONS

    html = page_html(client, programme)

    for group in groups:
        assert group.title in html
    maribor = imported("group-maribor-hu")
    assert maribor.title not in html


@pytest.mark.parametrize("code", ["sl", "en"])
def test_translated_programme_lists_the_groups_in_its_language(demo_db, client, code):
    programme = imported(f"programme-kapcsolodasok-{code}")
    html = page_html(client, programme)
    groups = MentorGroup.objects.child_of(programme).live()
    assert groups.count() == 5
    for group in groups:
        assert group.locale.language_code == code
        assert group.title in html


def test_every_group_has_the_seven_practice_rubric_with_notes(demo_db):
    for record in RECORDS:
        if record["type"] != "group":
            continue
        group = imported(record["key"])
        entries = list(group.rubric.all())
        assert sorted(entry.practice for entry in entries) == sorted(Practice.values), record["key"]
        assert all(entry.note for entry in entries), record["key"]
        assert group.goal and group.focus_question_list and group.cadence, record["key"]
        assert group.region is not None and group.themes.count() >= 2, record["key"]


def test_group_pages_read_in_their_own_language(demo_db, client):
    """Each version shows its own goal, rubric notes and mentor, not the source's."""
    source = imported("group-heves-hu")
    for code in ("hu", "sl", "en"):
        group = imported(f"group-heves-{code}")
        html = page_html(client, group)
        assert group.goal in html
        assert group.rubric.get(practice="feedback").note in html
        assert "Buzás Eszter" in html
        if code != "hu":
            assert source.goal not in html


def test_mentors_are_the_seeds_public_names_and_members_are_never_imported(demo_db):
    memberships = GroupMembership.objects.select_related("user__profile")
    assert memberships.count() == len(SEED_MENTORS)
    assert {m.role for m in memberships} == {GroupMembership.Role.MENTOR}
    assert set(Profile.objects.values_list("display_name", flat=True)) == SEED_MENTORS
    assert all(profile.is_public for profile in Profile.objects.all())
    assert not get_user_model().objects.filter(is_active=True).exists()
    assert all(group.member_count == 0 for group in MentorGroup.objects.all())


def test_slovenian_example_is_its_own_programme_written_in_slovenian(demo_db, client):
    programme = imported("programme-skupnostno-mentorstvo-sl")
    group = imported("group-maribor-sl")
    assert group.get_parent().pk == programme.pk
    assert group.region.slug == "maribor"
    for code in ("hu", "en"):
        translated = imported(f"group-maribor-{code}")
        assert translated.translation_key == group.translation_key
        assert translated.get_parent().specific.translation_key == programme.translation_key
    html = page_html(client, group)
    assert imported("writeup-maribor-2-sl").title in html


# Write-ups


def test_each_hungarian_group_has_at_least_two_public_write_ups(demo_db):
    per_group = Counter(
        record["group"]
        for record in WRITEUPS
        if record["locale"] == "hu"
        and record.get("visibility", "public") == "public"
        and record.get("live", True)
    )
    hungarian_groups = [
        r["key"]
        for r in RECORDS
        if r["type"] == "group" and r["locale"] == "hu" and "translation_of" not in r
    ]
    assert len(hungarian_groups) == 5
    for key in hungarian_groups:
        assert per_group[key] >= 1, key
        assert sum(1 for r in WRITEUPS if r["group"] == key) >= 2, key


def test_visibility_examples_are_all_there(demo_db):
    assert MEMBERS_ONLY and GROUP_ONLY and DRAFTS
    for record in MEMBERS_ONLY + GROUP_ONLY:
        page = imported(record["key"])
        assert page.visibility == record["visibility"]
        assert PageViewRestriction.objects.filter(page=page).exists()
    for record in DRAFTS:
        assert not imported(record["key"]).live


def test_every_write_up_method_resolves_in_its_language(demo_db):
    for record in WRITEUPS:
        page = imported(record["key"])
        assert record["methods"], record["key"]
        methods = list(page.methods_used.all())
        assert len(methods) == len(record["methods"]), record["key"]
        for key in record["methods"]:
            method = imported(key)
            assert isinstance(method, MethodologyArticle)
            assert method.live and method.locale_id == page.locale_id
            assert method.pk in {m.pk for m in methods}
        for key in record.get("outputs", []):
            output = imported(key)
            assert isinstance(output, KnowledgePage) and output.locale_id == page.locale_id


def test_translations_link_by_translation_key(demo_db):
    translated = [r for r in RECORDS if r["type"] != "note" and r.get("translation_of")]
    assert {r["type"] for r in translated} >= {"programme", "group", "writeup"}
    for record in translated:
        page = imported(record["key"])
        source = imported(record["translation_of"])
        assert page.translation_key == source.translation_key, record["key"]
        assert page.locale.language_code == record["locale"] != source.locale.language_code
        if isinstance(page, WorkshopWriteUp):
            assert page.original_language == source.locale.language_code
            assert page.get_parent().specific.translation_key == (
                source.get_parent().specific.translation_key
            )


def test_a_write_up_in_hungarian_only_falls_back_on_the_slovenian_group_page(demo_db, client):
    only_hungarian = imported("writeup-tata-4-hu")
    assert not only_hungarian.get_translations().exists()
    html = page_html(client, imported("group-tata-sl"))
    assert only_hungarian.title in html
    assert f'<span lang="hu">{only_hungarian.title}</span>' in html


# Restricted write-ups and drafts are invisible to anonymous readers


@pytest.mark.parametrize("record", HIDDEN, ids=[record["key"] for record in HIDDEN])
def test_hidden_write_up_is_nowhere_for_anonymous_readers(demo_db, client, record):
    page = WorkshopWriteUp.objects.get(pk=imported(record["key"]).pk)
    title = record["title"]
    public_sibling = next(
        imported(r["key"])
        for r in WRITEUPS
        if r["group"] == record["group"]
        and r.get("visibility", "public") == "public"
        and r.get("live", True)
    )
    group = imported(record["group"])
    places = [
        group,
        *group.get_translations(),
        group.get_parent(),
        HomePage.objects.get(locale=page.locale),
    ] + [imported(key) for key in record["methods"]]
    for place in places:
        html = page_html(client, place)
        assert title not in html, place.url
        assert page.url not in html, place.url
    group_html = page_html(client, group)
    assert public_sibling.title in group_html  # the control: a public write-up is listed

    first_word = re.findall(r"\w{6,}", title)[0]
    for params in ({"q": first_word}, {"q": first_word, "type": "writeup"}, {"q": title}):
        for lang in ("hu", "all"):
            results = search_results(client, **params, lang=lang)
            assert title not in results
            assert page.url not in results

    direct = client.get(page.url)
    if record.get("live", True):
        assert direct.status_code == 302 and "login" in direct["Location"]
    else:
        assert direct.status_code == 404


def test_a_public_write_up_is_found_by_search(demo_db, client):
    """The control for the search checks above."""
    record = BY_KEY["writeup-kecskemet-1-hu"]
    assert record["title"] in search_results(client, q="partnereink")


def test_group_only_write_up_opens_for_the_groups_member_only(demo_db, client, django_user_model):
    record = GROUP_ONLY[0]
    page = imported(record["key"])
    group = imported(record["group"])
    outsider = django_user_model.objects.create_user("outsider", password="pw")
    member = django_user_model.objects.create_user("member", password="pw")
    assign_role(member, group, GroupMembership.Role.MEMBER)

    client.force_login(outsider)
    assert client.get(page.url).status_code in (302, 403)
    assert record["title"] not in page_html(client, group)
    client.force_login(member)
    assert client.get(page.url).status_code == 200
    assert record["title"] in page_html(client, group)


def test_members_only_write_up_opens_for_a_signed_in_reader(demo_db, client, django_user_model):
    record = MEMBERS_ONLY[0]
    page = imported(record["key"])
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    assert client.get(page.url).status_code == 200
    assert record["title"] in page_html(client, imported(record["group"]))


# Private session notes


def test_notes_belong_to_their_groups_and_only_the_group_reads_them(
    demo_db, client, django_user_model
):
    assert len(NOTES) >= 2
    for record in NOTES:
        note = imported(record["key"])
        group = imported(record["group"])
        assert note.group_id == group.work_source().pk
        assert note.text.startswith(record["title"])

    heves = imported("group-heves-hu")
    member = django_user_model.objects.create_user("heves-member", password="pw")
    assign_role(member, heves, GroupMembership.Role.MEMBER)
    readable = SessionNote.objects.readable_by(member)
    assert {note.group.translation_key for note in readable} == {heves.translation_key}
    assert readable.count() == sum(1 for r in NOTES if r["group"].startswith("group-heves-"))


def test_notes_never_reach_pages_search_or_exports(demo_db, client):
    for record in NOTES:
        marker = record["text"][:60]
        group = imported(record["group"])
        for place in (group, *group.get_translations(), group.get_parent()):
            assert marker not in page_html(client, place)
        assert marker not in search_results(client, q=record["title"], lang="all")
        for args in ([], ["--include-private"]):
            out = StringIO()
            call_command("export_content", *args, stdout=out, stderr=StringIO())
            assert marker not in out.getvalue()
            assert record["key"] not in out.getvalue()
