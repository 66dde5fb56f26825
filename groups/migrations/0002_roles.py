"""The four roles as Django groups, with their Wagtail admin rights.

- Member: may open the admin, to read and write the session notes of their groups.
- Mentor: may open the admin; rights on their own group come with each assignment
  (``python manage.py assign_group_role``, see ``groups.roles``).
- Editor: may open the admin; add, change and publish pages from the tree root down
  (the home page of every language, present or future, and everything below);
  add, change and delete the taxonomy snippets; add, change and choose images and
  documents in every collection; approves in the editors' workflow.
- Administrator: every permission, and every page and collection right.
"""

from django.db import migrations

MEMBER, MENTOR, EDITOR, ADMINISTRATOR = "Member", "Mentor", "Editor", "Administrator"
ACCESS_ADMIN = ("wagtailadmin", "access_admin")
EDITOR_PAGE = ["add_page", "change_page", "publish_page", "lock_page"]
ADMINISTRATOR_PAGE = EDITOR_PAGE + ["bulk_delete_page", "unlock_page"]
TAXONOMY = [
    ("knowledge", f"{action}_{model}")
    for model in ("theme", "region", "institution")
    for action in ("add", "change", "delete")
]
EDITOR_COLLECTION = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
ADMINISTRATOR_COLLECTION = EDITOR_COLLECTION + [
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
]


def ensure_permissions(apps):
    """Permissions are normally made after migrating; this migration needs them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ensure_permissions(apps)

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    roles = {name: Group.objects.get_or_create(name=name)[0] for name in (MEMBER, MENTOR, EDITOR)}
    roles[ADMINISTRATOR] = Group.objects.get_or_create(name=ADMINISTRATOR)[0]
    for group in roles.values():
        group.permissions.add(permission(*ACCESS_ADMIN))
    roles[EDITOR].permissions.add(*(permission(*pair) for pair in TAXONOMY))
    roles[ADMINISTRATOR].permissions.add(*Permission.objects.all())

    root = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    grants = [(EDITOR, EDITOR_PAGE, EDITOR_COLLECTION)]
    grants.append((ADMINISTRATOR, ADMINISTRATOR_PAGE, ADMINISTRATOR_COLLECTION))
    for name, page_codenames, collection_pairs in grants:
        if root is not None:
            for codename in page_codenames:
                GroupPagePermission.objects.get_or_create(
                    group=roles[name], page=root, permission=permission("wagtailcore", codename)
                )
        if root_collection is not None:
            for pair in collection_pairs:
                GroupCollectionPermission.objects.get_or_create(
                    group=roles[name], collection=root_collection, permission=permission(*pair)
                )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[MEMBER, MENTOR, EDITOR, ADMINISTRATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentor_groups", "0001_initial"),
        ("knowledge", "0002_locales"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
