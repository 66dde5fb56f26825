"""Editors may pin promoted results and read the query statistics."""

from django.db import migrations

EDITOR = "Editor"
PERMISSIONS = [
    "add_promotedresult",
    "change_promotedresult",
    "delete_promotedresult",
    "view_promotedresult",
    "view_querystatistic",
]


def ensure_permissions(apps):
    from django.contrib.auth.management import create_permissions

    """Permissions are normally made after migrating; this migration needs them now."""
    app_config = apps.get_app_config("site_search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.get_or_create(name=EDITOR)[0]
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="site_search", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name=EDITOR):
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="site_search", codename__in=PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("site_search", "0001_promoted_results_and_query_statistics"),
        ("mentor_groups", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
