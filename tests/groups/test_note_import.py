"""Importing private session notes: the ``note`` type validates, is idempotent and never exports."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from groups.models import GroupMembership, SessionNote
from groups.note_import import NoteImport
from groups.roles import assign_role
from knowledge.importer import ImportFailed, run_import
from knowledge.models import ImportedObject
from tests.groups.test_import import VALID, counts, import_records, lines

SECRET = "meggylekvárjegyzet"


def note(**fields):
    """A note line for the Közkincs group of the valid file; None removes a field."""
    record = {
        "type": "note",
        "key": "n:kozkincs:1",
        "locale": "hu",
        "title": "Az első alkalom után",
        "group": "g:kozkincs:hu",
        "date": "2025-11-20",
        "text": f"Rövidebb nyitókör kell. {SECRET}",
    }
    for name, value in fields.items():
        if value is None:
            record.pop(name, None)
        else:
            record[name] = value
    return record


def imported(key):
    obj = ImportedObject.objects.get(key=key).get_object()
    return getattr(obj, "specific", obj)


def everything():
    return {
        **counts(),
        "notes": sorted(SessionNote.objects.values_list("pk", "group_id", "session_date", "text")),
    }


@pytest.mark.django_db
def test_a_note_line_creates_a_note_for_the_groups_first_version(site_tree):
    import_records([*VALID, note(), note(key="n:kozkincs:sl", locale="sl", group="g:kozkincs:sl")])

    first, translated = imported("n:kozkincs:1"), imported("n:kozkincs:sl")
    source = imported("g:kozkincs:hu")
    assert isinstance(first, SessionNote)
    assert first.group_id == translated.group_id == source.pk
    assert first.session_date.isoformat() == "2025-11-20"
    assert first.text == f"Az első alkalom után\n\nRövidebb nyitókör kell. {SECRET}"
    assert first.author is None


@pytest.mark.django_db
def test_importing_a_note_again_changes_nothing_and_an_edit_updates_it(site_tree):
    summary = import_records([*VALID, note()])
    assert summary.created["note"] == 1
    before = everything()

    again = import_records([*VALID, note()])

    assert (again.created["note"], again.updated["note"], again.unchanged["note"]) == (0, 0, 1)
    assert everything() == before
    pk = imported("n:kozkincs:1").pk

    edited = import_records([*VALID, note(text="Javított szöveg.", date="2025-11-21")])

    assert edited.updated["note"] == 1
    assert SessionNote.objects.count() == 1
    changed = SessionNote.objects.get()
    assert changed.pk == pk
    assert changed.text.endswith("Javított szöveg.")
    assert changed.session_date.isoformat() == "2025-11-21"


@pytest.mark.django_db
def test_only_the_groups_people_read_an_imported_note(site_tree, django_user_model):
    import_records([*VALID, note()])
    group = imported("g:kozkincs:hu")
    member = django_user_model.objects.create_user("tag", password="pw")
    outsider = django_user_model.objects.create_user("kivulallo", password="pw")
    assign_role(member, imported("g:kozkincs:sl"), GroupMembership.Role.MEMBER)

    assert list(SessionNote.objects.readable_by(member)) == [imported("n:kozkincs:1")]
    assert not SessionNote.objects.readable_by(outsider).exists()
    assert SessionNote.objects.get().group_id == group.pk


N = len(VALID) + 1
ERROR_CASES = {
    "no group": (note(group=None), "group", "missing"),
    "unknown group": (note(group="g:nowhere"), "group", "no item"),
    "group is a write-up": (note(group="w:1:hu"), "group", "expected group"),
    "group in another language": (note(group="g:kozkincs:sl"), "group", "another language"),
    "group later in the file": (None, "group", "earlier"),
    "no date": (note(date=None), "date", "missing"),
    "bad date": (note(date="2025-13-01"), "date", "YYYY-MM-DD"),
    "no text": (note(text=None), "text", "missing"),
    "blank text": (note(text="   "), "text", "missing"),
    "text not text": (note(text=["a", "b"]), "text", "must be text"),
    "text too long": (note(text="x" * 20_001), "text", "longer than"),
    "no title": (note(title=None), "title", "missing"),
    "bad locale": (note(locale="de"), "locale", "must be one of"),
    "a visibility": (note(visibility="public"), "visibility", "does not take"),
    "a live flag": (note(live=True), "live", "does not take"),
    "a summary": (note(summary="Nyilvános?"), "summary", "does not take"),
    "a translation": (note(translation_of="w:1:hu"), "translation_of", "does not take"),
    "a key used by a group": (note(key="g:kozkincs:hu"), "key", "more than once"),
}


def bad_file(line):
    if line is None:  # the note comes before the group it names
        group_line = next(i for i, item in enumerate(VALID) if item["key"] == "g:kozkincs:hu")
        return [*VALID[:group_line], note(), *VALID[group_line:]], group_line + 1
    return [*VALID, line], N


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "field_name", "fragment"), ERROR_CASES.values(), ids=list(ERROR_CASES)
)
def test_a_bad_note_line_is_reported_by_line_and_field_and_nothing_is_written(
    site_tree, line, field_name, fragment
):
    records, line_number = bad_file(line)
    before = everything()
    with pytest.raises(ImportFailed) as failure:
        import_records(records)
    problems = [(error.line, error.field) for error in failure.value.errors]
    assert (line_number, field_name) in problems, failure.value.errors
    assert any(fragment in error.message for error in failure.value.errors), failure.value.errors
    assert everything() == before


@pytest.mark.django_db
def test_a_key_keeps_the_type_it_was_first_imported_as(site_tree):
    import_records([*VALID, note()])
    before = everything()

    with pytest.raises(ImportFailed) as failure:
        import_records([note(key="w:1:hu")])
    assert [(e.line, e.field) for e in failure.value.errors] == [(1, "key")]
    assert "imported before as a writeup" in str(failure.value)

    writeup_named_like_the_note = {
        "type": "writeup",
        "key": "n:kozkincs:1",
        "locale": "hu",
        "title": "Nem jegyzet",
        "group": "g:kozkincs:hu",
        "date": "2026-01-15",
    }
    with pytest.raises(ImportFailed) as failure:
        import_records([writeup_named_like_the_note])
    assert [(e.line, e.field) for e in failure.value.errors] == [(1, "key")]
    assert "imported before as a note" in str(failure.value)
    assert everything() == before


@pytest.mark.django_db
def test_a_line_naming_an_imported_note_as_its_group_is_an_error(site_tree):
    import_records([*VALID, note()])
    writeup = {
        "type": "writeup",
        "key": "w:under-a-note",
        "locale": "hu",
        "title": "Jegyzet alatt",
        "group": "n:kozkincs:1",
        "date": "2026-01-15",
    }
    before = everything()
    with pytest.raises(ImportFailed) as failure, translation.override("en"):
        run_import(lines([writeup]))
    assert [(e.line, e.field) for e in failure.value.errors] == [(1, "group")]
    assert "is a note, expected group" in failure.value.errors[0].message
    assert everything() == before


@pytest.mark.django_db
def test_the_command_reports_a_bad_note_and_writes_nothing(tmp_path, site_tree):
    path = tmp_path / "notes.jsonl"
    path.write_text("\n".join(lines([*VALID, note(visibility="public")])) + "\n", "utf-8")
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="nothing was written"):
        call_command("import_content", str(path), stdout=StringIO(), stderr=err)
    assert f"line {N}, field “visibility”" in err.getvalue()
    assert not SessionNote.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("args", [[], ["--include-private"]])
def test_imported_notes_are_never_exported(site_tree, args):
    import_records([*VALID, note()])
    assert NoteImport().exportable(include_private=True) == []

    out = StringIO()
    call_command("export_content", *args, stdout=out, stderr=StringIO())

    exported = [json.loads(line) for line in out.getvalue().splitlines()]
    assert exported  # the rest of the file is there
    assert all(record["type"] != "note" for record in exported)
    assert SECRET not in out.getvalue()
    assert "n:kozkincs:1" not in out.getvalue()


@pytest.mark.django_db
def test_an_imported_note_without_author_is_listed_in_the_admin(
    site_tree, client, django_user_model
):
    import_records([*VALID, note()])
    member = django_user_model.objects.create_user("tag", password="pw")
    assign_role(member, imported("g:kozkincs:hu"), GroupMembership.Role.MEMBER)
    client.force_login(member)

    response = client.get("/admin/session-notes/")

    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET in html and "Az első alkalom után" in html
