"""Distil to public: a private note becomes a draft public write-up, with consent recorded."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from groups.models import ConsentRecord, SessionNote, WorkshopWriteUp

SECRET = "galagonyabizalom"


@pytest.fixture
def note(groups, people):
    group_a, _group_b = groups
    return SessionNote.objects.create(
        group=group_a,
        session_date=datetime.date(2025, 11, 20),
        text=f"Kata azt mondta: „végre otthon vagyunk”. {SECRET}",
        author=people["mentor_a"],
    )


@pytest.fixture
def editor(make_user):
    user = make_user("szerkeszto")
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def distil_url(note):
    return reverse("groups_distil_note", args=[note.pk])


def rows(*items):
    data = {
        "consents-TOTAL_FORMS": str(max(len(items), 3)),
        "consents-INITIAL_FORMS": "0",
        "consents-MIN_NUM_FORMS": "0",
        "consents-MAX_NUM_FORMS": "60",
    }
    for index, item in enumerate(items):
        for key, value in item.items():
            data[f"consents-{index}-{key}"] = value
    return data


def valid_data(*items, **overrides):
    data = {
        "title": "Otthon a közösségi házban",
        "summary": "Mit jelent a tagoknak a ház.",
        "date": "2025-11-20",
        "session_number": "3",
        "what_we_did": "Beszélgettünk a házról.",
        "insights": "",
        "next_steps": "",
    }
    data.update(rows(*items))
    data.update(overrides)
    return data


QUOTE = {
    "person": "Kovács Kata",
    "kind": "quote",
    "item": "végre otthon vagyunk",
    "consent_given": "yes",
    "method": "written",
}
PHOTO = {
    "person": "Szabó Péter",
    "kind": "photo",
    "item": "csoportkép a teraszon",
    "consent_given": "yes",
    "method": "verbal",
}


@pytest.mark.django_db
def test_the_form_is_prefilled_from_the_note(client, note, people):
    client.force_login(people["mentor_a"])
    response = client.get(distil_url(note))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["date"].value() == note.session_date
    assert form["what_we_did"].value() == note.text
    assert form["session_number"].value() == 1


@pytest.mark.django_db
def test_distilling_creates_a_draft_with_its_consents(client, note, people, groups):
    group_a, _group_b = groups
    mentor = people["mentor_a"]
    client.force_login(mentor)
    before = (note.text, note.session_date, note.group_id, note.author_id)
    response = client.post(distil_url(note), valid_data(QUOTE, PHOTO))
    writeup = WorkshopWriteUp.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[writeup.pk])
    assert writeup.get_parent().pk == group_a.pk
    assert not writeup.live and writeup.owner == mentor
    assert writeup.visibility == "public"
    records = list(writeup.consent_records.order_by("pk"))
    assert [(r.person, r.kind, r.consent_given, r.method) for r in records] == [
        ("Kovács Kata", "quote", True, "written"),
        ("Szabó Péter", "photo", True, "verbal"),
    ]
    assert all(record.recorded_by == mentor and record.recorded_at for record in records)
    note.refresh_from_db()
    assert (note.text, note.session_date, note.group_id, note.author_id) == before


@pytest.mark.django_db
def test_an_item_without_consent_refuses_the_draft(client, note, people):
    client.force_login(people["mentor_a"])
    refused = dict(PHOTO, consent_given="no", method="")
    response = client.post(distil_url(note), valid_data(QUOTE, refused))
    assert response.status_code == 200
    errors = " ".join(response.context["formset"].non_form_errors())
    assert "Szabó Péter" in errors
    html = response.content.decode()
    assert "Szabó Péter (Fénykép)" in html
    assert not WorkshopWriteUp.objects.exists()
    assert not ConsentRecord.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row",
    [
        dict(QUOTE, consent_given=""),
        dict(QUOTE, method=""),
        dict(QUOTE, kind="hang"),
        dict(QUOTE, person=""),
    ],
)
def test_incomplete_consent_rows_are_refused(client, note, people, row):
    client.force_login(people["mentor_a"])
    response = client.post(distil_url(note), valid_data(row))
    assert response.status_code == 200
    assert any(response.context["formset"].errors)
    assert not WorkshopWriteUp.objects.exists()


@pytest.mark.django_db
def test_nothing_listed_needs_an_explicit_confirmation(client, note, people):
    client.force_login(people["mentor_a"])
    response = client.post(distil_url(note), valid_data())
    assert "identifies_no_one" in response.context["form"].errors
    assert not WorkshopWriteUp.objects.exists()
    response = client.post(distil_url(note), valid_data(identifies_no_one="on"))
    assert response.status_code == 302
    assert WorkshopWriteUp.objects.get().consent_records.count() == 0


@pytest.mark.django_db
def test_bad_fields_save_nothing(client, note, people):
    client.force_login(people["mentor_a"])
    response = client.post(distil_url(note), valid_data(QUOTE, title="", date="tegnap"))
    assert {"title", "date"} <= set(response.context["form"].errors)
    assert not WorkshopWriteUp.objects.exists()


@pytest.mark.django_db
def test_add_rows_saves_nothing_and_offers_more_rows(client, note, people):
    client.force_login(people["mentor_a"])
    response = client.post(distil_url(note), valid_data(QUOTE, add_rows="1"))
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 6
    assert response.context["form"]["title"].value() == "Otthon a közösségi házban"
    assert not WorkshopWriteUp.objects.exists()


@pytest.mark.django_db
def test_an_editor_may_distil(client, note, editor):
    client.force_login(editor)
    assert client.get(distil_url(note)).status_code == 200
    response = client.post(distil_url(note), valid_data(QUOTE))
    assert response.status_code == 302
    assert WorkshopWriteUp.objects.get().owner == editor


@pytest.mark.django_db
def test_members_and_other_mentors_may_not(client, note, people):
    client.force_login(people["member_1"])
    assert client.get(distil_url(note)).status_code == 403
    assert client.post(distil_url(note), valid_data(QUOTE)).status_code == 403
    client.force_login(people["mentor_b"])
    response = client.get(distil_url(note))
    assert response.status_code == 403
    assert SECRET not in response.content.decode()
    assert client.post(distil_url(note), valid_data(QUOTE)).status_code == 403
    assert client.get(reverse("groups_distil_note", args=[note.pk + 1000])).status_code == 403
    assert not WorkshopWriteUp.objects.exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, note):
    response = client.get(distil_url(note))
    assert response.status_code == 302
    assert SECRET not in response.content.decode()


@pytest.mark.django_db
def test_the_notes_page_links_distil_for_mentors_and_editors_only(client, note, people, editor):
    def link_count(user):
        client.force_login(user)
        soup = BeautifulSoup(client.get("/admin/session-notes/").content, "html.parser")
        return len(soup.select("a.distil-link"))

    assert link_count(people["mentor_a"]) == 1
    assert link_count(editor) == 1
    assert link_count(people["member_1"]) == 0


@pytest.mark.django_db
def test_the_draft_and_note_stay_out_of_public_view(client, note, people, groups):
    group_a, _group_b = groups
    client.force_login(people["mentor_a"])
    client.post(distil_url(note), valid_data(QUOTE))
    client.logout()
    for url in (group_a.url, "/hu/", "/hu/feed/", "/api/v2/pages/", "/sitemap.xml"):
        assert SECRET not in client.get(url).content.decode()
    response = client.get("/hu/search/", {"q": SECRET})
    assert BeautifulSoup(response.content, "html.parser").select(".card") == []


@pytest.mark.django_db
def test_editors_see_the_consents_in_the_write_up_editor(client, note, people, editor):
    client.force_login(people["mentor_a"])
    client.post(distil_url(note), valid_data(QUOTE))
    writeup = WorkshopWriteUp.objects.get()
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[writeup.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one(".consent-records")
    assert table is not None
    assert "Kovács Kata" in table.get_text() and "végre otthon vagyunk" in table.get_text()
