"""Exactly the project's roles open the admin; Wagtail's default groups are retired.

The README ("Roles and visibility") names Member, Mentor, Editor and Administrator as
the groups with admin access. Per-group Django groups (readers and mentors of one
mentor group) carry rights on their own pages and collection, never admin access.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupApprovalTask, GroupCollectionPermission, GroupPagePermission

from groups.roles import ROLE_NAMES

retire = import_module("groups.migrations.0006_retire_wagtail_default_groups")


def groups_with_admin_access():
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    return set(access_admin.group_set.values_list("name", flat=True))


@pytest.mark.django_db
def test_only_the_project_roles_open_the_admin(groups, people):
    assert groups_with_admin_access() == set(ROLE_NAMES)


@pytest.mark.django_db
def test_wagtails_default_groups_are_gone_and_editors_approve_instead():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    for task in GroupApprovalTask.objects.all():
        names = set(task.groups.values_list("name", flat=True))
        assert names and names <= {"Editor", "Administrator"}


@pytest.mark.django_db
def test_a_default_group_with_people_in_it_is_kept_without_any_right(make_user, site_tree):
    moderators = Group.objects.create(name="Moderators")
    moderators.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=moderators,
        page=site_tree["hu"]["home"],
        permission=Permission.objects.get(codename="publish_page"),
    )
    make_user("regi_moderator").groups.add(moderators)
    empty = Group.objects.create(name="Editors")
    retire.retire_default_groups(apps, None)
    moderators.refresh_from_db()
    assert not moderators.permissions.exists()
    assert not GroupPagePermission.objects.filter(group=moderators).exists()
    assert not GroupCollectionPermission.objects.filter(group=moderators).exists()
    assert not Group.objects.filter(pk=empty.pk).exists()
    assert groups_with_admin_access() == set(ROLE_NAMES)
