"""Roles, assigning people to groups, and what a mentor may and may not do in the admin."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from groups.models import GroupMembership, MentorGroup, WorkshopWriteUp
from groups.roles import assign_role


def codenames(group):
    return set(group.permissions.values_list("codename", flat=True))


@pytest.mark.django_db
def test_the_four_roles_exist_with_admin_access():
    for name in ("Member", "Mentor", "Editor", "Administrator"):
        assert "access_admin" in codenames(Group.objects.get(name=name))


@pytest.mark.django_db
def test_editors_publish_every_home_and_curate_the_taxonomy(site_tree, make_user):
    editor = make_user("szerkeszto")
    editor.groups.add(Group.objects.get(name="Editor"))
    assert {"change_theme", "add_region", "change_institution"} <= codenames(
        Group.objects.get(name="Editor")
    )
    for code in ("hu", "sl", "en"):
        permissions = site_tree[code]["home"].permissions_for_user(editor)
        assert permissions.can_edit() and permissions.can_publish()
        assert site_tree[code]["methods"].permissions_for_user(editor).can_add_subpage()


@pytest.mark.django_db
def test_editors_translate_and_keep_the_glossary_mentors_do_not(make_user):
    editor, mentor = make_user("szerkeszto"), make_user("mentor_only")
    editor.groups.add(Group.objects.get(name="Editor"))
    mentor.groups.add(Group.objects.get(name="Mentor"), Group.objects.get(name="Member"))
    for permission in ("wagtail_localize.submit_translation", "knowledge.change_glossaryterm"):
        assert editor.has_perm(permission)
        assert not mentor.has_perm(permission)


@pytest.mark.django_db
def test_mentor_and_member_roles_alone_grant_no_pages(site_tree, make_user):
    user = make_user("csak_mentor")
    user.groups.add(Group.objects.get(name="Mentor"), Group.objects.get(name="Member"))
    assert not site_tree["hu"]["home"].permissions_for_user(user).can_edit()


@pytest.mark.django_db
def test_assign_group_role_makes_a_mentor(groups, make_user):
    group_a, _group_b = groups
    user = make_user("kata")
    out = StringIO()
    call_command("assign_group_role", "kata", group_a.slug, "--role", "mentor", stdout=out)
    assert "kata" in out.getvalue()
    membership = GroupMembership.objects.get(user=user)
    assert (membership.group, membership.role) == (group_a, "mentor")
    access = group_a.access
    assert set(user.groups.all()) == {
        Group.objects.get(name="Mentor"),
        access.members_group,
        access.mentors_group,
    }
    granted = GroupPagePermission.objects.filter(group=access.mentors_group)
    assert {(p.page_id, p.permission.codename) for p in granted} == {
        (group_a.pk, "add_page"),
        (group_a.pk, "change_page"),
    }
    collection_codenames = set(
        GroupCollectionPermission.objects.filter(
            group=access.mentors_group, collection=access.collection
        ).values_list("permission__codename", flat=True)
    )
    assert {"add_image", "choose_image", "add_document"} <= collection_codenames


@pytest.mark.django_db
def test_assign_group_role_by_id_makes_a_member_and_is_idempotent(groups, make_user):
    group_a, _group_b = groups
    user = make_user("tag")
    for _attempt in range(2):
        call_command(
            "assign_group_role", "tag", str(group_a.pk), "--role", "member", stdout=StringIO()
        )
    assert GroupMembership.objects.filter(user=user).count() == 1
    assert set(user.groups.all()) == {
        Group.objects.get(name="Member"),
        group_a.access.members_group,
    }
    assert not group_a.permissions_for_user(user).can_edit()


@pytest.mark.django_db
def test_a_mentor_made_member_loses_the_mentors_rights(groups, make_user):
    group_a, _group_b = groups
    user = make_user("volt_mentor")
    assign_role(user, group_a, "mentor")
    assert group_a.permissions_for_user(user).can_edit()
    assign_role(user, group_a, "member")
    user = type(user).objects.get(pk=user.pk)
    assert not MentorGroup.objects.get(pk=group_a.pk).permissions_for_user(user).can_edit()
    assert not user.groups.filter(name="Mentor").exists()
    assert GroupMembership.objects.get(user=user).role == "member"


@pytest.mark.django_db
def test_a_translation_counts_as_the_same_group(groups, make_user):
    from tests.conftest import translate

    group_a, _group_b = groups
    translate(group_a.get_parent().specific, "sl", title="Povezave")
    slovenian = translate(group_a, "sl", title="Delavnica")
    user = make_user("kata")
    assign_role(user, slovenian, "mentor")
    assert GroupMembership.objects.get(user=user).group == group_a
    assert slovenian.permissions_for_user(user).can_edit()
    assert group_a.permissions_for_user(user).can_edit()
    assert slovenian.member_count == group_a.member_count == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nobody", "1", "--role", "member"], "No user"),
        (["kata", "no-such-group", "--role", "member"], "No mentor group"),
        (["kata", "999999", "--role", "member"], "No mentor group"),
    ],
)
def test_assign_group_role_reports_bad_input(groups, make_user, arguments, message):
    make_user("kata")
    with pytest.raises(CommandError, match=message):
        call_command("assign_group_role", *arguments, stdout=StringIO())
    assert not GroupMembership.objects.exists()


@pytest.mark.django_db
def test_assign_group_role_refuses_an_unknown_role(groups, make_user):
    make_user("kata")
    with pytest.raises(CommandError):
        call_command("assign_group_role", "kata", groups[0].slug, "--role", "boss")


# The mentor in the admin


def edit_data(group, **changes):
    data = {
        "title": group.title,
        "slug": group.slug,
        "summary": group.summary,
        "region": group.region_id or "",
        "status": group.status,
        "cadence": group.cadence,
        "goal": group.goal,
        "focus_questions": group.focus_questions,
        "body": streamfield([]),
        "rubric": inline_formset([]),
        "planned_sessions": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


@pytest.fixture
def mentor_client(client, people):
    client.force_login(people["mentor_a"])
    return client


@pytest.mark.django_db
def test_mentor_cannot_open_or_change_another_groups_page(mentor_client, groups):
    _group_a, group_b = groups
    url = reverse("wagtailadmin_pages:edit", args=[group_b.pk])
    assert mentor_client.get(url).status_code in (302, 403)
    response = mentor_client.post(url, edit_data(group_b, title="Feltört cím"))
    assert response.status_code in (302, 403)
    group_b = MentorGroup.objects.get(pk=group_b.pk)
    assert group_b.title == "Metszéspont Műhely"
    assert group_b.get_latest_revision_as_object().title == "Metszéspont Műhely"
    add_url = reverse(
        "wagtailadmin_pages:add", args=["mentor_groups", "workshopwriteup", group_b.pk]
    )
    assert mentor_client.get(add_url).status_code in (302, 403)


@pytest.mark.django_db
def test_mentor_edits_own_group_but_publishing_only_saves_a_draft(mentor_client, groups):
    group_a, _group_b = groups
    url = reverse("wagtailadmin_pages:edit", args=[group_a.pk])
    assert mentor_client.get(url).status_code == 200
    data = edit_data(group_a, title="Új cím", **{"action-publish": "action-publish"})
    assert mentor_client.post(url, data).status_code == 302
    group_a = MentorGroup.objects.get(pk=group_a.pk)
    assert group_a.title == "Közkincs műhely"
    assert group_a.has_unpublished_changes
    assert group_a.get_latest_revision_as_object().title == "Új cím"


@pytest.mark.django_db
def test_mentor_submits_to_the_editors_and_an_editor_approves(
    mentor_client, client, groups, make_user
):
    group_a, _group_b = groups
    url = reverse("wagtailadmin_pages:edit", args=[group_a.pk])
    data = edit_data(group_a, title="Beküldött cím", **{"action-submit": "action-submit"})
    assert mentor_client.post(url, data).status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(group_a.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task = state.current_task_state.task.specific
    assert list(task.groups.values_list("name", flat=True)) == ["Editor"]
    editor = make_user("szerkeszto")
    editor.groups.add(Group.objects.get(name="Editor"))
    assert task.user_can_access_editor(group_a, editor)
    state.current_task_state.task.specific.on_action(state.current_task_state, editor, "approve")
    assert MentorGroup.objects.get(pk=group_a.pk).title == "Beküldött cím"


@pytest.mark.django_db
def test_mentor_adds_a_write_up_in_own_group_only(mentor_client, groups):
    group_a, _group_b = groups
    add_url = reverse(
        "wagtailadmin_pages:add", args=["mentor_groups", "workshopwriteup", group_a.pk]
    )
    assert mentor_client.get(add_url).status_code == 200
    data = nested_form_data(
        {
            "title": "Mentori beszámoló",
            "slug": "mentori-beszamolo",
            "summary": "",
            "date": "2025-12-01",
            "visibility": "group",
            "body": streamfield([]),
            "keywords": "",
            "action-publish": "action-publish",
        }
    )
    response = mentor_client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    writeup = WorkshopWriteUp.objects.get(title="Mentori beszámoló")
    assert not writeup.live
    assert writeup.get_parent().pk == group_a.pk
    assert Page.objects.get(pk=writeup.pk).owner.username == "mentor_a"
