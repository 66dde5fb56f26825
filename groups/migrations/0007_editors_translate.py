"""Editors take content to the other languages and keep the glossary.

Taking a page or snippet to Slovenian or English with wagtail-localize ("Translate",
"Sync translated pages") needs ``wagtail_localize.submit_translation``; the domain
glossary is a translatable snippet that editors curate like the taxonomy. Mentors get
neither: their groups' write-ups are translated by the editors.
"""

from django.db import migrations

ROLES = ["Editor", "Administrator"]
PERMISSIONS = [
    ("wagtail_localize", "submit_translation"),
    ("knowledge", "add_glossaryterm"),
    ("knowledge", "change_glossaryterm"),
    ("knowledge", "delete_glossaryterm"),
]


def permissions(apps):
    from django.contrib.auth.management import create_permissions

    Permission = apps.get_model("auth", "Permission")
    for label in {app_label for app_label, _codename in PERMISSIONS}:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in PERMISSIONS
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = permissions(apps)
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*granted)


def revoke(apps, schema_editor):
    """Editors lose the rights again; administrators keep every permission."""
    Group = apps.get_model("auth", "Group")
    editor = Group.objects.filter(name="Editor").first()
    if editor is not None:
        editor.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("mentor_groups", "0006_retire_wagtail_default_groups"),
        ("knowledge", "0005_translation_basis"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
