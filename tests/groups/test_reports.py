"""Reports per programme, group and region: page and CSV, counting only what the viewer may open."""

import pytest
from django.contrib.auth.models import Group

from knowledge.models import KnowledgePage, ReaderFeedback
from tests.conftest import publish
from tests.factories import MethodologyArticleFactory, ProgrammePackageFactory, ThemeFactory
from tests.groups.factories import WorkshopWriteUpFactory

HIDDEN = "Zartjelzo"
DRAFT = "Vazlatjelzo"


@pytest.fixture
def sessions(site_tree, groups, people):
    group_a, group_b = groups
    theme = ThemeFactory(slug="volunteering", name="Önkéntesség")
    method = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Világkávézó")
    secret_method = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"],
        title=f"{HIDDEN} módszer",
        visibility=KnowledgePage.Visibility.MEMBERS,
    )
    publish(secret_method)
    package = ProgrammePackageFactory(
        parent=site_tree["hu"]["packages"], title="Falusi hétvége", themes=[theme]
    )
    WorkshopWriteUpFactory(
        parent=group_a,
        participants=10,
        new_participants=3,
        methods_used=[method],
        outputs=[package],
    )
    hidden = WorkshopWriteUpFactory(
        parent=group_a,
        title=f"{HIDDEN} alkalom",
        participants=100,
        new_participants=50,
        visibility=KnowledgePage.Visibility.GROUP,
        methods_used=[secret_method],
    )
    publish(hidden)
    WorkshopWriteUpFactory(
        parent=group_b, participants=7, new_participants=1, methods_used=[method]
    )
    draft = WorkshopWriteUpFactory.build(title=f"{DRAFT} alkalom", participants=1000)
    group_b.add_child(instance=draft)
    draft.unpublish()
    ReaderFeedback.objects.create(page=package, kind="used", status="approved")
    ReaderFeedback.objects.create(page=package, kind="used", status="pending")
    return {"method": method, "package": package}


def report_url(programme, query=""):
    return f"{programme.url}report/{query}"


@pytest.fixture
def editor(make_user):
    user = make_user("szerkeszto")
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.mark.django_db
def test_anonymous_readers_are_sent_to_sign_in_and_outsiders_refused(client, programme, make_user):
    response = client.get(report_url(programme))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(make_user("kivulallo"))
    assert client.get(report_url(programme)).status_code == 403


@pytest.mark.django_db
def test_programme_report_for_someone_outside_group_a(client, programme, sessions, people):
    client.force_login(people["mentor_b"])
    response = client.get(report_url(programme))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    report = response.context["report"]
    assert (report.sessions, report.participants, report.new_participants) == (2, 17, 4)
    assert report.methods == [("Világkávézó", 2)]
    assert report.outputs_by_type == [("Programcsomag", 1)]
    assert report.outputs_by_theme == [("Önkéntesség", 1)]
    assert report.feedback["used"] == 1
    html = response.content.decode()
    assert HIDDEN not in html and DRAFT not in html


@pytest.mark.django_db
def test_the_groups_own_mentor_counts_its_group_only_session(client, programme, sessions, people):
    client.force_login(people["mentor_a"])
    report = client.get(report_url(programme, "?group=" + programme.get_children()[0].slug))
    report = report.context["report"]
    assert (report.sessions, report.participants) == (2, 110)


@pytest.mark.django_db
def test_group_and_region_scopes(client, programme, sessions, groups, editor):
    client.force_login(editor)
    by_group = client.get(report_url(programme, f"?group={groups[1].slug}")).context["report"]
    assert (by_group.sessions, by_group.participants) == (1, 7)
    assert by_group.title.endswith("Metszéspont Műhely")
    by_region = client.get(report_url(programme, "?region=kecskemet-area")).context["report"]
    assert [group.title for group in by_region.groups] == ["Közkincs műhely"]
    assert [row.entries[0].get_state_display() for row in by_region.rubric if row.entries[0]] == [
        "Kialakult",
        "Erős",
    ]
    assert client.get(report_url(programme, "?region=nowhere")).status_code == 404
    assert client.get(report_url(programme, "?group=nowhere")).status_code == 404


@pytest.mark.django_db
def test_csv_has_the_same_counts_and_no_markers(client, programme, sessions, people):
    client.force_login(people["mentor_b"])
    response = client.get(report_url(programme, "?format=csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert HIDDEN not in text and DRAFT not in text
    lines = text.splitlines()
    assert "Világkávézó,2" in [line.split(",", 1)[1] for line in lines if "Világkávézó" in line]
    assert any(line.endswith(",17") for line in lines)


@pytest.mark.django_db
def test_report_query_count(client, programme, sessions, editor, django_assert_max_num_queries):
    client.force_login(editor)
    client.get(report_url(programme))
    with django_assert_max_num_queries(45):
        assert client.get(report_url(programme)).status_code == 200
