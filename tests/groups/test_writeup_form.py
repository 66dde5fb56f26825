"""The ten-minute write-up: a mentor's phone form that saves a draft into editorial review."""

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.models import PageLogEntry, WorkflowState

from groups.models import WorkshopWriteUp
from tests.conftest import translate
from tests.factories import MethodologyArticleFactory, ProgrammePackageFactory, ThemeFactory
from tests.groups.factories import WorkshopWriteUpFactory

MARKER = "csipkebogyóműhely"


def form_url(group):
    return group.url + "write-up/"


def status_url(group):
    return group.url + "my-write-ups/"


@pytest.fixture
def library(site_tree, groups, locales):
    """Two methods, a package, a theme on group A, and an earlier session of group A."""
    group_a, _group_b = groups
    walk = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Sétáló interjú")
    map_method = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Közösségi térkép"
    )
    package = ProgrammePackageFactory(parent=site_tree["hu"]["packages"], title="Tájház-csomag")
    theme = ThemeFactory(slug="volunteering", name="Önkéntesség", locale=locales["hu"])
    group_a.themes.set([theme])
    group_a.save_revision().publish()
    WorkshopWriteUpFactory(
        parent=group_a,
        title="Első alkalom",
        session_number=4,
        venue="Közösségi Ház, Kecskemét",
        date=datetime.date(2025, 10, 1),
        methods_used=[walk],
    )
    return {"walk": walk, "map": map_method, "package": package, "theme": theme}


def valid_data(**overrides):
    data = {
        "date": timezone.localdate().isoformat(),
        "session_number": "5",
        "venue": "Közösségi Ház, Kecskemét",
        "participants": "9",
        "new_participants": "2",
        "what_we_did": f"Bejártuk a piacteret. {MARKER}\n\n- interjúk\n- térkép",
        "insights": "A helyiek szívesen meséltek.",
        "next_steps": "Kiállítás a könyvtárban.",
        "visibility": "public",
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor(make_user):
    user = make_user("szerkeszto")
    user.groups.add(Group.objects.get(name="Editor"))
    return user


# --- who may use it -------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_reader_is_sent_to_sign_in(client, groups, people):
    group_a, _group_b = groups
    for url in (form_url(group_a), status_url(group_a)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    response = client.post(form_url(group_a), valid_data())
    assert response.status_code == 302
    assert not WorkshopWriteUp.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member_1", "mentor_b", "editor"])
def test_only_the_groups_mentors_may_use_it(client, groups, people, editor, who):
    group_a, _group_b = groups
    user = editor if who == "editor" else people[who]
    client.force_login(user)
    assert client.get(form_url(group_a)).status_code == 403
    assert client.get(status_url(group_a)).status_code == 403
    assert client.post(form_url(group_a), valid_data()).status_code == 403
    assert not WorkshopWriteUp.objects.exists()


@pytest.mark.django_db
def test_a_mentor_cannot_write_up_for_another_group(client, groups, people):
    _group_a, group_b = groups
    client.force_login(people["mentor_a"])
    assert client.get(form_url(group_b)).status_code == 403
    assert client.post(form_url(group_b), valid_data()).status_code == 403
    assert not WorkshopWriteUp.objects.exists()


@pytest.mark.django_db
def test_the_group_page_links_the_tools_for_its_mentors_only(client, groups, people, editor):
    group_a, _group_b = groups

    def links(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(group_a.url)
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        return {a["href"] for a in soup.select(".mentor-tools a")}, response

    for user in (None, people["member_1"], people["mentor_b"], editor):
        assert links(user)[0] == set()
    found, response = links(people["mentor_a"])
    assert found == {form_url(group_a), status_url(group_a)}
    assert "private" in response["Cache-Control"]


# --- the form ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_is_prefilled_from_the_group(client, groups, people, library, regions):
    group_a, _group_b = groups
    client.force_login(people["mentor_a"])
    response = client.get(form_url(group_a))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["date"].value() == timezone.localdate()
    assert form["session_number"].value() == 5
    assert form["venue"].value() == "Közösségi Ház, Kecskemét"
    assert form["themes"].value() == [library["theme"].pk]
    assert form["regions"].value() == [regions["kecskemet-area"].pk]
    assert form["methods_used"].value() == [library["walk"].pk]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("input[name=csrfmiddlewaretoken]") is not None
    checked = {box["value"] for box in soup.select("input[name=methods_used][checked]")}
    assert checked == {str(library["walk"].pk)}
    assert soup.select_one("input[name=date]")["value"] == timezone.localdate().isoformat()


@pytest.mark.django_db
def test_pages_are_private_and_never_cached(client, groups, people):
    group_a, _group_b = groups
    client.force_login(people["mentor_a"])
    for url in (form_url(group_a), status_url(group_a)):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control
        assert "no-store" in cache_control
    response = client.post(form_url(group_a), valid_data(date="nem dátum"))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_form_needs_a_csrf_token(groups, people):
    from django.test import Client

    group_a, _group_b = groups
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["mentor_a"])
    assert client.post(form_url(group_a), valid_data()).status_code == 403
    assert not WorkshopWriteUp.objects.exists()


@pytest.mark.django_db
def test_saving_creates_a_draft_in_editorial_review(client, groups, people, library):
    group_a, _group_b = groups
    mentor = people["mentor_a"]
    client.force_login(mentor)
    data = valid_data(
        title="Piactér-séta",
        methods_used=[str(library["map"].pk)],
        outputs=[str(library["package"].pk)],
        themes=[str(library["theme"].pk)],
    )
    response = client.post(form_url(group_a), data)
    assert response.status_code == 302
    assert response["Location"] == status_url(group_a)

    writeup = WorkshopWriteUp.objects.get(title="Piactér-séta")
    assert writeup.get_parent().pk == group_a.pk
    assert not writeup.live and writeup.has_unpublished_changes
    assert writeup.owner == mentor
    assert writeup.locale == group_a.locale
    assert (writeup.session_number, writeup.participants, writeup.new_participants) == (5, 9, 2)
    assert "<li>interjúk</li>" in writeup.what_we_did and MARKER in writeup.what_we_did
    assert list(writeup.methods_used.all()) == [library["map"]]
    assert [page.pk for page in writeup.outputs.all()] == [library["package"].pk]
    assert list(writeup.themes.all()) == [library["theme"]]

    state = WorkflowState.objects.get(object_id=str(writeup.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Editorial review"
    assert state.requested_by == mentor
    assert PageLogEntry.objects.filter(page=writeup, action="wagtail.create").exists()
    assert PageLogEntry.objects.filter(page=writeup, action="wagtail.workflow.start").exists()


@pytest.mark.django_db
def test_an_empty_title_is_made_from_the_session(client, groups, people):
    group_a, _group_b = groups
    client.force_login(people["mentor_a"])
    client.post(form_url(group_a), valid_data(session_number="7"))
    writeup = WorkshopWriteUp.objects.get()
    assert "7" in writeup.title and timezone.localdate().isoformat() in writeup.title
    assert writeup.slug


@pytest.mark.django_db
def test_rich_text_fields_do_not_carry_markup_in(client, groups, people):
    group_a, _group_b = groups
    client.force_login(people["mentor_a"])
    client.post(form_url(group_a), valid_data(insights='<script>alert("x")</script> ok'))
    assert "<script>" not in WorkshopWriteUp.objects.get().insights


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", "2025-13-45"),
        ("date", ""),
        ("session_number", "sok"),
        ("session_number", "0"),
        ("participants", "-3"),
        ("participants", "999999"),
        ("what_we_did", ""),
        ("visibility", "everyone"),
        ("methods_used", "999999"),
        ("themes", "nem-szam"),
    ],
)
def test_bad_input_is_refused_per_field_and_saves_nothing(client, groups, people, field, value):
    group_a, _group_b = groups
    client.force_login(people["mentor_a"])
    response = client.post(form_url(group_a), valid_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select(".errorlist")
    assert not WorkshopWriteUp.objects.exists()
    assert not WorkflowState.objects.exists()


@pytest.mark.django_db
def test_a_future_date_and_too_many_new_participants_are_refused(client, groups, people):
    group_a, _group_b = groups
    client.force_login(people["mentor_a"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        form_url(group_a), valid_data(date=tomorrow, participants="3", new_participants="5")
    )
    errors = response.context["form"].errors
    assert "A foglalkozás időpontja nem lehet a jövőben." in errors["date"]
    assert "new_participants" in errors
    assert not WorkshopWriteUp.objects.exists()


@pytest.mark.django_db
def test_methods_of_another_language_and_group_only_pages_are_not_offered(
    client, groups, people, library, site_tree
):
    group_a, _group_b = groups
    slovenian = MethodologyArticleFactory(parent=site_tree["sl"]["methods"], title="Sprehod")
    client.force_login(people["mentor_a"])
    response = client.post(form_url(group_a), valid_data(methods_used=[str(slovenian.pk)]))
    assert "methods_used" in response.context["form"].errors
    assert not WorkshopWriteUp.objects.filter(live=False).exists()


@pytest.mark.django_db
def test_a_mentor_on_the_slovenian_page_writes_in_slovenian(client, groups, people, site_tree):
    group_a, _group_b = groups
    translate(group_a.get_parent().specific, "sl")
    slovenian_group = translate(group_a, "sl")
    client.force_login(people["mentor_a"])
    response = client.get(form_url(slovenian_group))
    assert response.status_code == 200
    client.post(form_url(slovenian_group), valid_data(title="Sprehod po trgu"))
    writeup = WorkshopWriteUp.objects.get()
    assert writeup.locale.language_code == "sl"
    assert writeup.get_parent().pk == slovenian_group.pk


@pytest.mark.django_db
def test_other_methods_answer_405(client, groups, people):
    group_a, _group_b = groups
    client.force_login(people["mentor_a"])
    assert client.put(form_url(group_a)).status_code == 405


# --- the draft does not leak -------------------------------------------------------------


@pytest.mark.django_db
def test_the_draft_is_seen_by_no_anonymous_reader(client, groups, people, programme, site_tree):
    group_a, _group_b = groups
    client.force_login(people["mentor_a"])
    client.post(form_url(group_a), valid_data(title=f"Cím {MARKER}"))
    writeup = WorkshopWriteUp.objects.get()
    client.logout()
    assert client.get(writeup.url or f"{group_a.url}{writeup.slug}/").status_code == 404
    for url in (group_a.url, programme.url, site_tree["hu"]["home"].url, "/hu/feed/"):
        response = client.get(url)
        assert MARKER not in response.content.decode()
    for lang in ("hu", "sl", "en"):
        response = client.get(f"/{lang}/search/", {"q": MARKER})
        assert BeautifulSoup(response.content, "html.parser").select(".card") == []
        assert "Bejártuk a piacteret" not in response.content.decode()
    api = client.get("/api/v2/pages/", {"search": MARKER})
    assert MARKER not in api.content.decode()
    sitemap = client.get("/sitemap.xml")
    assert writeup.slug not in sitemap.content.decode()
    out = StringIO()
    call_command("export_content", stdout=out, stderr=StringIO())
    assert MARKER not in out.getvalue()


# --- "my write-ups" ----------------------------------------------------------------------


@pytest.mark.django_db
def test_my_write_ups_shows_each_state(client, groups, people, library, editor):
    group_a, _group_b = groups
    mentor = people["mentor_a"]
    client.force_login(mentor)
    client.post(form_url(group_a), valid_data(title="Beküldött"))
    client.post(form_url(group_a), valid_data(title="Visszaküldött"))
    sent_back = WorkshopWriteUp.objects.get(title="Visszaküldött")
    task_state = WorkflowState.objects.get(object_id=str(sent_back.pk)).current_task_state
    task_state.task.specific.on_action(task_state, editor, "reject")
    WorkshopWriteUpFactory(parent=group_a, title="Piszkozat", live=False)
    WorkshopWriteUpFactory(parent=group_b_or_none(groups), title="Más csoporté")

    response = client.get(status_url(group_a))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    states = {
        item.select_one("strong").get_text(strip=True): item.select_one(".state")["data-state"]
        for item in soup.select(".status-list li")
    }
    assert states == {
        "Beküldött": "in-review",
        "Visszaküldött": "changes-requested",
        "Piszkozat": "draft",
        "Első alkalom": "published",
    }
    edit_links = {a["href"] for a in soup.select(".status-list a")}
    assert f"/admin/pages/{sent_back.pk}/edit/" in edit_links


def group_b_or_none(groups):
    return groups[1]


@pytest.mark.django_db
def test_my_write_ups_query_count_does_not_grow(
    client, groups, people, django_assert_max_num_queries
):
    group_a, _group_b = groups
    client.force_login(people["mentor_a"])
    for number in range(12):
        WorkshopWriteUpFactory(parent=group_a, title=f"Alkalom {number}", live=number % 2 == 0)
    client.get(status_url(group_a))  # warm caches (site root, content types)
    with django_assert_max_num_queries(26):
        assert client.get(status_url(group_a)).status_code == 200


@pytest.mark.django_db
def test_form_page_query_count(
    client, groups, people, library, site_tree, django_assert_max_num_queries
):
    group_a, _group_b = groups
    for number in range(15):
        MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title=f"Módszer {number}")
        WorkshopWriteUpFactory(parent=group_a, title=f"Alkalom {number}")
    client.force_login(people["mentor_a"])
    client.get(form_url(group_a))
    with django_assert_max_num_queries(38):
        assert client.get(form_url(group_a)).status_code == 200


@pytest.mark.django_db
def test_form_post_query_count(client, groups, people, library, django_assert_max_num_queries):
    group_a, _group_b = groups
    client.force_login(people["mentor_a"])
    client.get(form_url(group_a))
    with django_assert_max_num_queries(170):
        assert client.post(form_url(group_a), valid_data()).status_code == 302


# --- languages ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "heading", "button"),
    [
        ("hu", "Foglalkozás leírása", "Mentés és beküldés ellenőrzésre"),
        ("sl", "Zapis srečanja", "Shrani in pošlji v pregled"),
        ("en", "Write up a session", "Save and send for review"),
    ],
)
def test_the_form_renders_in_each_language(client, groups, people, code, heading, button):
    group_a, _group_b = groups
    page = group_a
    if code != "hu":
        translate(group_a.get_parent().specific, code)
        page = translate(group_a, code)
    client.force_login(people["mentor_a"])
    response = client.get(form_url(page))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == code
    assert soup.h1.get_text(strip=True) == heading
    assert soup.select_one("button[type=submit]").get_text(strip=True) == button
    translation.activate("hu")
