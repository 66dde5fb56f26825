"""Roles are Django groups; making someone a group's mentor or member grants the rest.

Member, Mentor, Editor and Administrator are created by a data migration
(``0002_roles``). A mentor's rights are scoped to their own group: through the
group's mentors' Django group they may add and change pages in the group's
subtree (never publish: publishing goes through the editors' workflow) and use
the group's image and document collection.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupCollectionPermission, GroupPagePermission

MEMBER = "Member"
MENTOR = "Mentor"
EDITOR = "Editor"
ADMINISTRATOR = "Administrator"
ROLE_NAMES = [MEMBER, MENTOR, EDITOR, ADMINISTRATOR]

MENTOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MENTOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def role_group(name):
    """The Django group of a role; recreated if someone deleted it."""
    return Group.objects.get_or_create(name=name)[0]


def is_editor(user):
    """Editors and administrators curate across groups; everyone else is scoped to theirs."""
    return user.is_active and (
        user.is_superuser or user.groups.filter(name__in=[EDITOR, ADMINISTRATOR]).exists()
    )


def can_read_all_notes(user):
    return is_editor(user)


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_mentor_access(access, pages):
    """Give the group's mentors' Django group its rights on ``pages`` and its collection."""
    for codename in MENTOR_PAGE_PERMISSIONS:
        permission = _permission("wagtailcore", codename)
        for page in pages:
            GroupPagePermission.objects.get_or_create(
                group=access.mentors_group, page=page, permission=permission
            )
    for app_label, codename in MENTOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=access.mentors_group,
            collection=access.collection,
            permission=_permission(app_label, codename),
        )


@transaction.atomic
def assign_role(user, group_page, role):
    """Make ``user`` a mentor or member of ``group_page``'s group; returns the membership.

    Idempotent. Changing a mentor into a member takes the mentor's rights on the
    group away (and the Mentor role, when they mentor no other group).
    """
    from groups.models import GroupMembership

    if role not in GroupMembership.Role.values:
        raise ValueError(f"unknown role {role!r}")
    source = group_page.work_source()
    access = source.access
    membership = (
        GroupMembership.objects.filter(user=user, group__translation_key=source.translation_key)
        .select_for_update()
        .first()
    )
    if membership is None:
        membership = GroupMembership.objects.create(user=user, group=source, role=role)
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    user.groups.add(access.members_group)
    if role == GroupMembership.Role.MENTOR:
        grant_mentor_access(access, source.translations_of_work())
        user.groups.add(access.mentors_group, role_group(MENTOR))
    else:
        user.groups.remove(access.mentors_group)
        user.groups.add(role_group(MEMBER))
        if not user.group_memberships.filter(role=GroupMembership.Role.MENTOR).exists():
            user.groups.remove(role_group(MENTOR))
    return membership
