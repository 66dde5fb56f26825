"""The Wagtail admin works for the groups page types, and keeps the rubric consistent."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from groups.models import MentorGroup
from tests.factories import RegionFactory
from tests.groups.factories import WorkshopWriteUpFactory


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


def add_url(model_name, parent):
    return reverse("wagtailadmin_pages:add", args=["mentor_groups", model_name, parent.pk])


@pytest.mark.django_db
def test_edit_and_add_views_open_for_every_groups_page_type(
    admin_client, site_tree, programme, groups
):
    group_a, _group_b = groups
    writeup = WorkshopWriteUpFactory(parent=group_a)
    for page in (programme, group_a, writeup):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200
    assert admin_client.get(add_url("programme", site_tree["hu"]["home"])).status_code == 200
    assert admin_client.get(add_url("mentorgroup", programme)).status_code == 200
    assert admin_client.get(add_url("workshopwriteup", group_a)).status_code == 200


def group_form(rubric, **fields):
    data = {
        "title": "Új csoport",
        "slug": "uj-csoport",
        "summary": "",
        "status": "forming",
        "cadence": "",
        "goal": "",
        "focus_questions": "",
        "body": streamfield([]),
        "rubric": inline_formset(rubric),
        "planned_sessions": inline_formset([]),
        "action-publish": "action-publish",
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.mark.django_db
def test_admin_saves_a_group_with_its_rubric(admin_client, programme):
    rubric = [
        {"practice": "goals", "state": "strong", "note": "Közös célok."},
        {"practice": "feedback", "state": "emerging", "note": ""},
    ]
    response = admin_client.post(add_url("mentorgroup", programme), group_form(rubric))
    assert response.status_code == 302
    group = MentorGroup.objects.get(slug="uj-csoport")
    assert group.live
    assert [(e.practice, e.state) for e in group.rubric.all()] == [
        ("goals", "strong"),
        ("feedback", "emerging"),
    ]


@pytest.mark.django_db
def test_admin_refuses_a_practice_twice_in_one_rubric(admin_client, programme):
    rubric = [
        {"practice": "goals", "state": "strong", "note": ""},
        {"practice": "goals", "state": "emerging", "note": ""},
    ]
    response = admin_client.post(add_url("mentorgroup", programme), group_form(rubric))
    assert response.status_code == 200
    assert response.context["form"].formsets["rubric"].non_form_errors()
    assert not MentorGroup.objects.filter(slug="uj-csoport").exists()


@pytest.mark.django_db
def test_region_must_be_in_the_pages_language(admin_client, programme, locales):
    hungarian = RegionFactory(name="Kecskemét térsége", slug="kecskemet", locale=locales["hu"])
    slovenian = RegionFactory(name="Podravska", slug="podravska", locale=locales["sl"])
    url = add_url("mentorgroup", programme)
    response = admin_client.post(url, group_form([], region=slovenian.pk))
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    response = admin_client.post(url, group_form([], region=hungarian.pk))
    assert response.status_code == 302
    assert MentorGroup.objects.get(slug="uj-csoport").region == hungarian


@pytest.mark.django_db
def test_write_up_offers_methods_of_its_own_language(admin_client, site_tree, groups):
    from tests.conftest import translate
    from tests.factories import MethodologyArticleFactory

    method = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Világkávézó")
    translate(method, "sl", title="Svetovna kavarna")
    html = admin_client.get(add_url("workshopwriteup", groups[0])).content.decode()
    assert "Világkávézó" in html
    assert "Svetovna kavarna" not in html


@pytest.mark.django_db
def test_admin_saves_planned_sessions_of_a_group(admin_client, programme):
    session = {
        "date": "2031-03-14",
        "start_time": "17:00",
        "duration_minutes": "120",
        "venue": "Művelődési ház",
        "topic": "Tavaszi tervezés",
    }
    data = group_form([], planned_sessions=inline_formset([session]))
    response = admin_client.post(add_url("mentorgroup", programme), data)
    assert response.status_code == 302
    group = MentorGroup.objects.get(slug="uj-csoport")
    assert [s.topic for s in group.planned_sessions.all()] == ["Tavaszi tervezés"]
