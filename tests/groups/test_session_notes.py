"""Private session notes: readable by the group's people and editors, and nowhere else."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from groups.models import SessionNote, WorkshopWriteUp
from tests.groups.factories import WorkshopWriteUpFactory

SECRET = "szilvalekvárnapló"
OTHER_SECRET = "barackbefőttnapló"
NOTES_URL = "/admin/session-notes/"


@pytest.fixture
def notes(groups, people):
    group_a, group_b = groups
    WorkshopWriteUpFactory(parent=group_a, title="Nyilvános alkalom")
    note_a = SessionNote.objects.create(
        group=group_a,
        session_date=datetime.date(2025, 11, 20),
        text=f"Bizalmas: {SECRET}",
        author=people["mentor_a"],
    )
    note_b = SessionNote.objects.create(
        group=group_b,
        session_date=datetime.date(2025, 11, 21),
        text=OTHER_SECRET,
        author=people["mentor_b"],
    )
    return note_a, note_b


@pytest.mark.django_db
def test_note_never_appears_on_public_pages(client, notes, groups, programme, site_tree):
    group_a, _group_b = groups
    writeup = WorkshopWriteUp.objects.get(title="Nyilvános alkalom")
    for url in (group_a.url, programme.url, writeup.url, site_tree["hu"]["home"].url):
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode()


@pytest.mark.django_db
def test_note_never_appears_in_search(client, notes):
    from bs4 import BeautifulSoup

    for lang in ("hu", "sl", "en"):
        response = client.get(f"/{lang}/search/", {"q": SECRET})
        assert response.status_code == 200
        assert BeautifulSoup(response.content, "html.parser").select(".card") == []
        assert "Bizalmas" not in response.content.decode()  # the rest of the note


@pytest.mark.django_db
def test_note_is_not_in_the_search_index(notes):
    from wagtail.search.models import IndexEntry

    assert not IndexEntry.objects.filter(body__icontains=SECRET).exists()
    assert not IndexEntry.objects.filter(title__icontains=SECRET).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("include_private", [False, True])
def test_note_never_appears_in_an_export(notes, include_private):
    out, err = StringIO(), StringIO()
    call_command("export_content", include_private=include_private, stdout=out, stderr=err)
    assert SECRET not in out.getvalue()
    assert SECRET not in err.getvalue()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client, notes):
    response = client.get(NOTES_URL)
    assert response.status_code == 302
    assert SECRET not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["mentor_a", "member_1"])
def test_groups_people_read_their_own_notes_only(client, notes, people, who):
    client.force_login(people[who])
    response = client.get(NOTES_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET in html
    assert OTHER_SECRET not in html


@pytest.mark.django_db
def test_editor_reads_every_note(client, notes, make_user):
    editor = make_user("szerkeszto")
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    html = client.get(NOTES_URL).content.decode()
    assert SECRET in html and OTHER_SECRET in html


@pytest.mark.django_db
def test_admin_user_outside_every_group_is_refused(client, notes, make_user):
    outsider = make_user("kivulallo")
    outsider.groups.add(Group.objects.get(name="Mentor"))  # admin access, no group
    client.force_login(outsider)
    response = client.get(NOTES_URL)
    assert response.status_code in (302, 403)
    assert SECRET not in response.content.decode()


@pytest.mark.django_db
def test_member_adds_a_note_to_their_group_with_themselves_as_author(client, notes, people, groups):
    group_a, _group_b = groups
    client.force_login(people["member_1"])
    data = {"group": group_a.pk, "session_date": "2025-12-04", "text": "Új jegyzet"}
    assert client.post(NOTES_URL, data).status_code == 302
    note = SessionNote.objects.get(text="Új jegyzet")
    assert note.group == group_a
    assert note.author == people["member_1"]


@pytest.mark.django_db
def test_member_cannot_write_to_another_groups_notes(client, notes, people, groups):
    _group_a, group_b = groups
    client.force_login(people["member_1"])
    data = {"group": group_b.pk, "session_date": "2025-12-04", "text": "Betolakodó"}
    response = client.post(NOTES_URL, data)
    assert response.status_code == 200
    assert not SessionNote.objects.filter(text="Betolakodó").exists()


@pytest.mark.django_db
def test_menu_item_is_shown_only_to_those_who_may_read_notes(client, notes, people, make_user):
    client.force_login(people["member_1"])
    assert NOTES_URL in client.get(reverse("wagtailadmin_home")).content.decode()
    outsider = make_user("kivulallo")
    outsider.groups.add(Group.objects.get(name="Mentor"))
    client.force_login(outsider)
    assert NOTES_URL not in client.get(reverse("wagtailadmin_home")).content.decode()
