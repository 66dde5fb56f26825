"""Importing programme, group and writeup lines: valid files, re-imports, and errors."""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Revision

from groups.models import (
    GroupMembership,
    MentorGroup,
    Profile,
    Programme,
    RubricEntry,
    WorkshopWriteUp,
)
from knowledge.importer import ImportFailed, run_import
from knowledge.models import HomePage, ImportedObject

VALID = [
    {
        "type": "region",
        "key": "r:hu",
        "locale": "hu",
        "title": "Magyarország",
        "slug": "hungary",
        "level": "country",
    },
    {
        "type": "region",
        "key": "r:kecskemet:hu",
        "locale": "hu",
        "title": "Kecskemét térsége",
        "slug": "kecskemet-area",
        "level": "district",
        "parent": "r:hu",
    },
    {
        "type": "theme",
        "key": "t:festivals:hu",
        "locale": "hu",
        "title": "Ünnepek",
        "slug": "festivals",
    },
    {
        "type": "theme",
        "key": "t:festivals:sl",
        "locale": "sl",
        "title": "Prazniki",
        "slug": "festivals",
        "translation_of": "t:festivals:hu",
    },
    {
        "type": "institution",
        "key": "i:haz",
        "locale": "hu",
        "title": "Kecskeméti Közösségi Ház",
        "kind": "community-space",
    },
    {
        "type": "method",
        "key": "m:kavezo:hu",
        "locale": "hu",
        "title": "Világkávézó",
        "summary": "Beszélgetés kis asztaloknál.",
    },
    {"type": "package", "key": "p:unnep:hu", "locale": "hu", "title": "Ünnepek kultúrája"},
    {
        "type": "programme",
        "key": "prog:hu",
        "locale": "hu",
        "title": "Kapcsolódások – Csoportos Mentorálás 2.0",
        "summary": "Csoportos mentorálás öt régióban.",
        "body": "## Közös céljaink\n\nA szakmai identitás erősítése.",
        "aims": ["A szakmai identitás erősítése", "A térségi háló megerősítése"],
    },
    {
        "type": "programme",
        "key": "prog:sl",
        "locale": "sl",
        "translation_of": "prog:hu",
        "title": "Povezave – skupinsko mentorstvo 2.0",
        "summary": "Skupinsko mentorstvo.",
    },
    {
        "type": "group",
        "key": "g:kozkincs:hu",
        "locale": "hu",
        "programme": "prog:hu",
        "title": "Közkincs műhely (2.0) – Kecskemét térsége",
        "region": "kecskemet-area",
        "themes": ["festivals"],
        "summary": "Szakmai műhely Kecskemét térségében.",
        "body": "Témáink: partnerség, önkéntesség.",
        "goal": "Szakmai műhely létrehozása.",
        "focus_questions": ["Hogyan nyissunk a külső érdeklődők felé?"],
        "cadence": "havonta",
        "status": "active",
        "mentors": ["Józsa Kata"],
        "rubric": [
            {"practice": "structure", "state": "established", "note": "Havi műhelyek."},
            {"practice": "feedback", "state": "emerging", "note": ""},
        ],
    },
    {
        "type": "group",
        "key": "g:kozkincs:sl",
        "locale": "sl",
        "translation_of": "g:kozkincs:hu",
        "programme": "prog:sl",
        "title": "Delavnica Közkincs",
        "themes": ["festivals"],
        "mentors": ["Józsa Kata"],
        "rubric": [{"practice": "structure", "state": "established", "note": "Mesečne delavnice."}],
    },
    {
        "type": "writeup",
        "key": "w:1:hu",
        "locale": "hu",
        "group": "g:kozkincs:hu",
        "title": "Első műhely: ünnepeink",
        "date": "2025-11-20",
        "session_number": 1,
        "venue": "Közösségi ház, nagyterem",
        "venue_institution": "i:haz",
        "participants": 9,
        "new_participants": 2,
        "methods": ["m:kavezo:hu"],
        "outputs": ["p:unnep:hu"],
        "what_we_did": "Világkávézó **három** asztallal.",
        "insights": "Az ünnep összeköt.",
        "next_steps": "- partnerek\n- időpontok",
        "visibility": "public",
    },
    {
        "type": "writeup",
        "key": "w:2:hu",
        "locale": "hu",
        "group": "g:kozkincs:hu",
        "title": "Második műhely",
        "date": "2025-12-18",
        "session_number": 2,
        "visibility": "group",
        "live": False,
    },
]
N = len(VALID) + 1


def items():
    return copy.deepcopy(VALID)


def lines(records):
    return [json.dumps(record, ensure_ascii=False) for record in records]


def import_records(records):
    with translation.override("en"):
        return run_import(lines(records))


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "imported": ImportedObject.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "memberships": GroupMembership.objects.count(),
        "profiles": Profile.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "rubric": RubricEntry.objects.count(),
    }


def imported(key):
    return ImportedObject.objects.get(key=key).get_object().specific


@pytest.mark.django_db
def test_a_valid_file_builds_programme_groups_and_write_ups(site_tree):
    import_records(VALID)
    programme = imported("prog:hu")
    assert isinstance(programme, Programme)
    assert programme.get_parent().specific == site_tree["hu"]["home"]
    assert isinstance(site_tree["hu"]["home"], HomePage)
    assert programme.aims_list == ["A szakmai identitás erősítése", "A térségi háló megerősítése"]
    assert programme.body[0].block_type == "heading"
    slovenian = imported("prog:sl")
    assert slovenian.translation_key == programme.translation_key
    assert slovenian.get_parent().pk == site_tree["sl"]["home"].pk

    group = imported("g:kozkincs:hu")
    assert group.get_parent().pk == programme.pk
    assert group.region.slug == "kecskemet-area"
    assert [theme.slug for theme in group.themes.all()] == ["festivals"]
    assert group.focus_question_list == ["Hogyan nyissunk a külső érdeklődők felé?"]
    assert [(e.practice, e.state, e.note) for e in group.rubric.all()] == [
        ("structure", "established", "Havi műhelyek."),
        ("feedback", "emerging", ""),
    ]
    assert group.live
    slovenian_group = imported("g:kozkincs:sl")
    assert slovenian_group.get_parent().pk == slovenian.pk
    assert [theme.name for theme in slovenian_group.themes.all()] == ["Prazniki"]
    assert [entry.note for entry in slovenian_group.rubric.all()] == ["Mesečne delavnice."]

    first = imported("w:1:hu")
    assert first.get_parent().pk == group.pk
    assert (first.date.isoformat(), first.session_number) == ("2025-11-20", 1)
    assert (first.participants, first.new_participants) == (9, 2)
    assert first.venue_institution.name == "Kecskeméti Közösségi Ház"
    assert [m.title for m in first.methods_used.all()] == ["Világkávézó"]
    assert [o.title for o in first.outputs.all()] == ["Ünnepek kultúrája"]
    assert "<b>három</b>" in first.what_we_did
    assert "<li>partnerek</li>" in first.next_steps
    assert [region.slug for region in first.regions.all()] == ["kecskemet-area"]
    second = imported("w:2:hu")
    assert not second.live
    assert second.visibility == "group"


@pytest.mark.django_db
def test_mentors_get_a_consented_public_profile_and_membership(site_tree, client):
    import_records(VALID)
    group = imported("g:kozkincs:hu")
    profile = Profile.objects.get(display_name="Józsa Kata")
    assert profile.is_public and "mentor" in profile.consent_scope
    assert not profile.user.is_active
    assert not profile.user.has_usable_password()
    membership = GroupMembership.objects.get(user=profile.user)
    assert (membership.group.pk, membership.role) == (group.pk, "mentor")
    assert "Józsa Kata" in client.get(group.url).content.decode()
    assert Profile.objects.count() == 1  # the translation names the same person


@pytest.mark.django_db
def test_group_only_write_up_is_restricted_to_the_group(site_tree):
    import_records(VALID)
    group = imported("g:kozkincs:hu")
    second = imported("w:2:hu")
    restriction = PageViewRestriction.objects.get(page=second)
    assert set(restriction.groups.all()) == {
        group.access.members_group,
        Group.objects.get(name="Editor"),
    }


@pytest.mark.django_db
def test_importing_again_changes_nothing_and_an_edit_updates(site_tree):
    import_records(VALID)
    before = counts()
    summary = import_records(VALID)
    assert sum(summary.unchanged.values()) == len(VALID)
    assert counts() == before

    changed = items()
    changed[9]["rubric"] = [{"practice": "goals", "state": "strong", "note": "Közös célok."}]
    changed[9]["status"] = "paused"
    summary = import_records(changed)
    assert summary.updated["group"] == 1
    group = imported("g:kozkincs:hu")
    assert group.status == "paused"
    assert [(e.practice, e.state) for e in group.rubric.all()] == [("goals", "strong")]


@pytest.mark.django_db
def test_the_import_content_command_reads_group_lines(tmp_path, site_tree):
    path = tmp_path / "groups.jsonl"
    path.write_text("\n".join(lines(VALID)) + "\n", encoding="utf-8")
    out = StringIO()
    with translation.override("en"):
        call_command("import_content", str(path), stdout=out, stderr=StringIO())
    assert "programme: 2 created" in out.getvalue()
    assert "group: 2 created" in out.getvalue()
    assert "writeup: 2 created" in out.getvalue()


def bad(**fields):
    """A writeup line after the valid file, with ``fields`` changed (None removes one)."""
    record = {
        "type": "writeup",
        "key": "w:bad",
        "locale": "hu",
        "title": "Rossz sor",
        "group": "g:kozkincs:hu",
        "date": "2026-01-15",
    }
    for name, value in fields.items():
        if value is None:
            record.pop(name, None)
        else:
            record[name] = value
    return record


def bad_group(**fields):
    record = {
        "type": "group",
        "key": "g:bad",
        "locale": "hu",
        "title": "Rossz csoport",
        "programme": "prog:hu",
    }
    record.update(fields)
    return {name: value for name, value in record.items() if value is not None}


ERROR_CASES = {
    "group without programme": (bad_group(programme=None), "programme", "missing"),
    "group under an unknown key": (bad_group(programme="prog:x"), "programme", "no item"),
    "group under a method": (bad_group(programme="m:kavezo:hu"), "programme", "expected"),
    "group under a programme of another language": (
        bad_group(programme="prog:sl"),
        "programme",
        "another language",
    ),
    "unknown region": (bad_group(region="atlantis"), "region", "atlantis"),
    "unknown theme": (bad_group(themes=["gardening"]), "themes", "gardening"),
    "bad status": (bad_group(status="done"), "status", "must be one of"),
    "mentors not a list": (bad_group(mentors="Józsa Kata"), "mentors", "list"),
    "empty mentor name": (bad_group(mentors=[" "]), "mentors", "1 to 150"),
    "rubric not a list": (bad_group(rubric={"goals": "strong"}), "rubric", "must be a list"),
    "rubric entry not an object": (bad_group(rubric=["goals"]), "rubric", "entry 1"),
    "unknown practice": (
        bad_group(rubric=[{"practice": "charisma", "state": "strong"}]),
        "rubric",
        "practice",
    ),
    "practice twice": (
        bad_group(rubric=[{"practice": "goals"}, {"practice": "goals"}]),
        "rubric",
        "already in the rubric",
    ),
    "unknown state": (
        bad_group(rubric=[{"practice": "goals", "state": "perfect"}]),
        "rubric",
        "state",
    ),
    "writeup without group": (bad(group=None), "group", "missing"),
    "writeup under a programme": (bad(group="prog:hu"), "group", "expected group"),
    "writeup under a group of another language": (
        bad(group="g:kozkincs:sl"),
        "group",
        "another language",
    ),
    "writeup without date": (bad(date=None), "date", "missing"),
    "impossible date": (bad(date="2026-02-30"), "date", "YYYY-MM-DD"),
    "session number zero": (bad(session_number=0), "session_number", "whole number"),
    "participants as text": (bad(participants="9"), "participants", "whole number"),
    "more new than all": (bad(participants=3, new_participants=4), "new_participants", "more"),
    "method that is a package": (bad(methods=["p:unnep:hu"]), "methods", "expected method"),
    "unknown output": (bad(outputs=["p:nowhere"]), "outputs", "no item"),
    "venue institution of the wrong type": (
        bad(venue_institution="m:kavezo:hu"),
        "venue_institution",
        "expected institution",
    ),
    "bad visibility": (bad(visibility="secret"), "visibility", "must be one of"),
    "live not boolean": (bad(live="yes"), "live", "true or false"),
    "what we did not text": (bad(what_we_did=["a"]), "what_we_did", "text"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "field_name", "fragment"), ERROR_CASES.values(), ids=list(ERROR_CASES)
)
def test_a_bad_line_is_reported_by_line_and_field_and_nothing_is_written(
    site_tree, line, field_name, fragment
):
    before = counts()
    with pytest.raises(ImportFailed) as failure:
        import_records([*VALID, line])
    errors = [(error.line, error.field) for error in failure.value.errors]
    assert (N, field_name) in errors, failure.value.errors
    assert any(fragment in error.message for error in failure.value.errors), failure.value.errors
    assert counts() == before


@pytest.mark.django_db
def test_a_mentor_profile_without_consent_fails_the_whole_file(site_tree, django_user_model):
    user = django_user_model.objects.create_user("kata", "kata@example.org", "pw")
    Profile.objects.create(user=user, display_name="Józsa Kata")
    before = counts()
    with pytest.raises(ImportFailed) as failure:
        import_records(VALID)
    assert [(error.line, error.field) for error in failure.value.errors] == [(10, "mentors")]
    assert "consent" in failure.value.errors[0].message
    assert counts() == before
    assert not MentorGroup.objects.exists()


@pytest.mark.django_db
def test_an_existing_consenting_profile_is_reused(site_tree, django_user_model):
    user = django_user_model.objects.create_user("kata", "kata@example.org", "pw")
    profile = Profile(user=user, display_name="Józsa Kata")
    profile.record_consent("Public mentor profile.")
    profile.save()
    import_records(VALID)
    assert GroupMembership.objects.get().user == user
    assert Profile.objects.count() == 1
    assert imported("g:kozkincs:hu").permissions_for_user(user).can_edit()


@pytest.mark.django_db
def test_a_write_up_cannot_be_moved_to_another_group_by_import(site_tree):
    extra_group = bad_group(key="g:other", title="Másik csoport")
    import_records([*VALID, extra_group])
    before = counts()
    moved = items()
    moved[11]["group"] = "g:other"
    with pytest.raises(ImportFailed) as failure:
        import_records([*moved, extra_group])
    assert [(error.line, error.field) for error in failure.value.errors] == [(12, "group")]
    assert counts() == before
    assert WorkshopWriteUp.objects.get(title="Első műhely: ünnepeink").get_parent().title == (
        "Közkincs műhely (2.0) – Kecskemét térsége"
    )


@pytest.mark.django_db
def test_a_group_line_in_a_bad_file_reports_through_the_command(tmp_path, site_tree):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines([*VALID, bad(date=None)])) + "\n", encoding="utf-8")
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_content", str(path), stdout=StringIO(), stderr=err)
    assert f"line {N}, field “date”: missing" in err.getvalue()


SEED_FILE = Path(__file__).resolve().parent / "data" / "programme_hu.jsonl"
DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "content.jsonl"


@pytest.mark.django_db
def test_the_seed_programme_imports_on_top_of_the_demo_content(client, site_tree):
    if not DEMO_FILE.exists():
        pytest.skip("demo/content.jsonl is not written yet")
    with translation.override("en"):
        call_command("import_content", str(DEMO_FILE), stdout=StringIO(), stderr=StringIO())
        call_command("import_content", str(SEED_FILE), stdout=StringIO(), stderr=StringIO())
    programme = imported("programme-kapcsolodasok-hu")
    assert Programme.objects.filter(translation_key=programme.translation_key).count() == 3
    groups = MentorGroup.objects.child_of(programme)
    assert groups.count() == 5
    assert sorted(group.region.slug for group in groups) == [
        "heves",
        "kecskemet-area",
        "komlo-hegyhat",
        "sumeg-district",
        "tata",
    ]
    html = client.get(programme.url).content.decode()
    for mentor_group in groups:
        assert mentor_group.title in html
    tata = groups.get(region__slug="tata")
    assert "Szabó Csaba" in client.get(tata.url).content.decode()
    before = counts()
    with translation.override("en"):
        call_command("import_content", str(SEED_FILE), stdout=StringIO(), stderr=StringIO())
    assert counts() == before
