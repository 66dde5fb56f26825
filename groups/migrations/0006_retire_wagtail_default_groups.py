"""Wagtail's default "Editors" and "Moderators" groups give way to the project's roles.

Wagtail's own migrations create them with admin access, page rights from the tree root
and image and document rights, and make "Moderators" the approvers of a default
workflow on the root page. The project's Editor role replaces both (Member, Mentor,
Editor, Administrator; see ``0002_roles``), so:

- the default workflow's approval tasks name Editor instead of Moderators;
- each of the two groups is deleted when nobody is in it, and otherwise kept with no
  permission at all, so nobody loses their account's history but nobody keeps a stray
  right either; an administrator moves those people to a project role.
"""

from django.db import migrations

RETIRED = ["Editors", "Moderators"]
EDITOR = "Editor"


def retire_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    editor = Group.objects.get_or_create(name=EDITOR)[0]
    for group in Group.objects.filter(name__in=RETIRED):
        for task in GroupApprovalTask.objects.filter(groups=group):
            task.groups.remove(group)
            task.groups.add(editor)
        if group.user_set.exists():
            group.permissions.clear()
            GroupPagePermission.objects.filter(group=group).delete()
            GroupCollectionPermission.objects.filter(group=group).delete()
        else:
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentor_groups", "0005_private_group_collections"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(retire_default_groups, migrations.RunPython.noop)]
