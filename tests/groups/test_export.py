"""Programmes, groups and write-ups leave through export_content and come back intact."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from groups.models import MentorGroup, Programme, SessionNote, WorkshopWriteUp
from knowledge.models import ImportedObject
from tests.groups.test_import import VALID, import_records


def export(*args):
    out = StringIO()
    call_command("export_content", *args, stdout=out, stderr=StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_public_export_holds_programme_groups_and_public_write_ups_only(site_tree):
    import_records(VALID)
    records = {record["key"]: record for record in export()}
    assert records["prog:hu"]["type"] == "programme"
    assert records["g:kozkincs:hu"]["programme"] == "prog:hu"
    assert records["g:kozkincs:sl"]["translation_of"] == "g:kozkincs:hu"
    assert records["w:1:hu"]["group"] == "g:kozkincs:hu"
    assert "w:2:hu" not in records  # group-only draft
    assert all(record["type"] != "note" for record in records.values())


@pytest.mark.django_db
def test_private_export_keeps_visibility_and_drafts(site_tree):
    import_records(VALID)
    records = {record["key"]: record for record in export("--include-private")}
    assert records["w:2:hu"]["visibility"] == "group"
    assert records["w:2:hu"]["live"] is False


@pytest.mark.django_db
def test_session_notes_are_never_exported(site_tree, django_user_model):
    import_records(VALID)
    group = ImportedObject.objects.get(key="g:kozkincs:hu").get_object().specific
    author = django_user_model.objects.create_user("mentor-a")
    SessionNote.objects.create(
        group=group, author=author, session_date="2026-01-10", text="zarolt-jegyzet-szo"
    )
    for args in ([], ["--include-private"]):
        assert "zarolt-jegyzet-szo" not in json.dumps(export(*args), ensure_ascii=False)


@pytest.mark.django_db
def test_round_trip_rebuilds_the_programme(site_tree):
    import_records(VALID)
    before = {
        model.__name__: sorted(model.objects.values_list("title", flat=True))
        for model in (Programme, MentorGroup, WorkshopWriteUp)
    }
    group = MentorGroup.objects.get(title=before["MentorGroup"][0])
    rubric_before = sorted(group.rubric.values_list("practice", "state", "note"))
    records = export("--include-private")

    Page.objects.type(Programme).delete()  # the groups' pages go; the library stays
    assert not MentorGroup.objects.exists()

    import_records(records)
    after = {
        model.__name__: sorted(model.objects.values_list("title", flat=True))
        for model in (Programme, MentorGroup, WorkshopWriteUp)
    }
    assert after == before
    group = MentorGroup.objects.get(title=before["MentorGroup"][0])
    assert sorted(group.rubric.values_list("practice", "state", "note")) == rubric_before
