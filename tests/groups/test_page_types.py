"""Where each groups page type may live, and what a new group or programme gets."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import PageViewRestriction, WorkflowPage

from groups.models import GroupAccess, MentorGroup, Programme, WorkshopWriteUp
from knowledge.models import HomePage, KnowledgePage, LibraryIndexPage, MethodologyArticle
from tests.groups.factories import MentorGroupFactory, WorkshopWriteUpFactory


def test_programme_lives_under_a_home_page_and_holds_groups():
    assert Programme.allowed_parent_page_models() == [HomePage]
    assert Programme.allowed_subpage_models() == [MentorGroup]
    assert Programme in HomePage.allowed_subpage_models()


@pytest.mark.django_db
def test_group_lives_under_a_programme_and_holds_write_ups():
    assert MentorGroup.allowed_parent_page_models() == [Programme]
    assert MentorGroup.allowed_subpage_models() == [WorkshopWriteUp]
    assert not MentorGroup.can_create_at(HomePage())
    assert not MentorGroup.can_create_at(LibraryIndexPage())


@pytest.mark.django_db
def test_write_up_lives_under_a_group_only_and_has_no_children():
    assert WorkshopWriteUp.allowed_parent_page_models() == [MentorGroup]
    assert WorkshopWriteUp.allowed_subpage_models() == []
    assert not WorkshopWriteUp.can_create_at(Programme())
    assert WorkshopWriteUp not in LibraryIndexPage.allowed_subpage_models()


def test_write_up_is_a_library_item_of_type_writeup():
    assert issubclass(WorkshopWriteUp, KnowledgePage)
    assert KnowledgePage.listing_types["writeup"] is WorkshopWriteUp
    with translation.override("en"):
        assert str(WorkshopWriteUp.listing_type_label) == "Workshop write-up"


def test_methods_and_pages_reach_write_ups_through_reverse_relations():
    assert MethodologyArticle._meta.get_field("used_in_writeups").related_model is WorkshopWriteUp
    assert KnowledgePage._meta.get_field("produced_by_writeups").related_model is WorkshopWriteUp


@pytest.mark.django_db
def test_a_new_group_gets_its_own_django_groups_and_collection(groups):
    group_a, group_b = groups
    access_a, access_b = group_a.access, group_b.access
    assert access_a.members_group.name == f"Mentor group: Közkincs műhely ({group_a.pk})"
    assert access_a.mentors_group.name == f"Mentors: Közkincs műhely ({group_a.pk})"
    assert access_a.collection.name == f"Mentor group: Közkincs műhely ({group_a.pk})"
    assert access_a.members_group != access_b.members_group
    assert GroupAccess.objects.count() == 2


@pytest.mark.django_db
def test_a_translated_group_shares_the_access_of_its_source(groups):
    from tests.conftest import translate

    group_a, _group_b = groups
    programme = group_a.get_parent().specific
    translate(programme, "sl", title="Povezave")
    slovenian = translate(group_a, "sl", title="Delavnica Közkincs")
    assert slovenian.access == group_a.access
    assert GroupAccess.objects.count() == 2


@pytest.mark.django_db
def test_every_programme_is_moderated_by_editors(programme):
    workflow = WorkflowPage.objects.get(page=programme).workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Editor"]


@pytest.mark.django_db
def test_group_only_write_up_is_restricted_to_the_group_and_editors(groups):
    group_a, _group_b = groups
    writeup = WorkshopWriteUpFactory(parent=group_a, visibility="group")
    restriction = PageViewRestriction.objects.get(page=writeup)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert set(restriction.groups.all()) == {
        group_a.access.members_group,
        Group.objects.get(name="Editor"),
    }
    assert set(writeup.visibility_groups()) == set(restriction.groups.all())


@pytest.mark.django_db
def test_new_participants_cannot_exceed_participants(groups):
    from django.core.exceptions import ValidationError

    writeup = WorkshopWriteUpFactory(parent=groups[0], participants=5, new_participants=2)
    writeup.new_participants = 6
    with pytest.raises(ValidationError) as error:
        writeup.full_clean()
    assert "new_participants" in error.value.message_dict


@pytest.mark.django_db
def test_rubric_allows_each_practice_once_per_group(groups):
    from django.db import IntegrityError, transaction

    from groups.models import RubricEntry

    group_a, _group_b = groups
    with pytest.raises(IntegrityError), transaction.atomic():
        RubricEntry.objects.create(group=group_a, practice="structure", state="strong")
    other = MentorGroupFactory(parent=group_a.get_parent())
    RubricEntry.objects.create(group=other, practice="structure", state="strong")
