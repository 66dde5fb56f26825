"""Review dates: every method and package has one; editors see and are reminded of overdue ones."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from knowledge.review import default_review_date, overdue_by_editor
from tests.factories import (
    CuratedCollectionFactory,
    MethodologyArticleFactory,
    ProgrammePackageFactory,
)

LONG_AGO = datetime.date(2020, 1, 1)


def make_editor(django_user_model, username, language="hu"):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name="Editor"))
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(
        preferred_language=language
    )
    return user


@pytest.mark.django_db
def test_methods_and_packages_get_a_review_date_collections_do_not(site_tree):
    method = MethodologyArticleFactory(parent=site_tree["hu"]["methods"])
    package = ProgrammePackageFactory(parent=site_tree["hu"]["packages"])
    collection = CuratedCollectionFactory(parent=site_tree["hu"]["collections"])
    assert method.review_date == default_review_date()
    assert package.review_date == default_review_date()
    assert collection.review_date is None
    method.review_date = LONG_AGO
    method.save()
    method.refresh_from_db()
    assert method.review_date == LONG_AGO


@pytest.fixture
def overdue(site_tree, django_user_model):
    anna = make_editor(django_user_model, "anna")
    bela = make_editor(django_user_model, "bela", language="sl")
    mentor = django_user_model.objects.create_user("mentor", "mentor@example.org", "pw")
    owned = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Anna módszere", owner=anna, review_date=LONG_AGO
    )
    unowned = ProgrammePackageFactory(
        parent=site_tree["hu"]["packages"], title="Gazdátlan csomag", owner=mentor
    )
    unowned.review_date = LONG_AGO
    unowned.save()
    draft = MethodologyArticleFactory.build(
        title="Vázlat módszer", review_date=LONG_AGO, owner=anna
    )
    site_tree["hu"]["methods"].add_child(instance=draft)
    draft.unpublish()
    MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Friss módszer")
    return {"anna": anna, "bela": bela, "owned": owned, "unowned": unowned, "draft": draft}


@pytest.mark.django_db
def test_each_editor_gets_their_own_items_and_the_unowned_ones(overdue):
    lists = {user.username: {i.title for i in items} for user, items in overdue_by_editor().items()}
    assert lists == {
        "anna": {"Anna módszere", "Gazdátlan csomag", "Vázlat módszer"},
        "bela": {"Gazdátlan csomag"},
    }


@pytest.mark.django_db
def test_reminders_are_sent_in_each_editors_language_with_a_summary(overdue):
    out = __import__("io").StringIO()
    call_command("send_review_reminders", stdout=out)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"anna@example.org", "bela@example.org"}
    anna = by_recipient["anna@example.org"]
    assert "Anna módszere" in anna.body and "Friss módszer" not in anna.body
    assert f"/admin/pages/{overdue['owned'].pk}/edit/" in anna.body
    assert "felülvizsgálat" in anna.subject.lower()
    bela = by_recipient["bela@example.org"]
    assert "Gazdátlan csomag" in bela.body and "Anna módszere" not in bela.body
    assert "pregled" in bela.subject.lower()
    assert "3" in out.getvalue() and "2" in out.getvalue()


@pytest.mark.django_db
def test_dry_run_sends_nothing(overdue):
    call_command("send_review_reminders", "--dry-run", stdout=__import__("io").StringIO())
    assert mail.outbox == []


@pytest.mark.django_db
def test_nothing_overdue_sends_nothing(site_tree, django_user_model):
    make_editor(django_user_model, "anna")
    MethodologyArticleFactory(parent=site_tree["hu"]["methods"])
    call_command("send_review_reminders", stdout=__import__("io").StringIO())
    assert mail.outbox == []


@pytest.mark.django_db
def test_overdue_view_for_editors_only(client, overdue, django_user_model):
    url = reverse("knowledge_overdue_for_review")
    client.force_login(overdue["anna"])
    html = client.get(url).content.decode()
    assert "Anna módszere" in html and "Vázlat módszer" in html
    assert "Friss módszer" not in html
    days = (timezone.localdate() - LONG_AGO).days
    assert f"<td>{days}</td>" in html
    mentor = django_user_model.objects.get(username="mentor")
    mentor.groups.add(Group.objects.get(name="Mentor"))
    client.force_login(mentor)
    response = client.get(url)
    assert response.status_code in (302, 403)
