"""Existing mentor groups' collections become private to the group and the editors.

New groups get the restriction when their collection is made (``GroupAccess.for_group``,
``groups.media_access.restrict_to_group``); this does the same for groups made before.
"""

from django.db import migrations

GROUPS = "groups"
EDITOR, ADMINISTRATOR = "Editor", "Administrator"


def restrict_group_collections(apps, schema_editor):
    GroupAccess = apps.get_model("mentor_groups", "GroupAccess")
    Group = apps.get_model("auth", "Group")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    editors = [Group.objects.get_or_create(name=name)[0] for name in (EDITOR, ADMINISTRATOR)]
    for access in GroupAccess.objects.select_related("collection", "members_group"):
        restriction, _created = CollectionViewRestriction.objects.get_or_create(
            collection=access.collection, restriction_type=GROUPS
        )
        restriction.groups.add(access.members_group, *editors)


class Migration(migrations.Migration):
    dependencies = [
        ("mentor_groups", "0004_planned_sessions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(restrict_group_collections, migrations.RunPython.noop)]
