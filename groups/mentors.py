"""Who mentors a group, and the group's write-ups in every state, for its mentors' tools.

A group and its translations are one work (see ``GroupAccess``), so a mentor of
the Hungarian page mentors the Slovenian one too, and "the group's write-ups" are
those under any version of it, drafts included.
"""

from django.db.models import Q

from groups.models import GroupMembership, MentorGroup, WorkshopWriteUp


def is_mentor_of(user, group):
    """Whether ``user`` is a mentor of ``group`` (any language version of it)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return GroupMembership.objects.filter(
        user=user,
        role=GroupMembership.Role.MENTOR,
        group__translation_key=group.translation_key,
    ).exists()


def writeups_of_work(group):
    """Every write-up under any version of ``group``: drafts, in review and live."""
    paths = MentorGroup.objects.filter(translation_key=group.translation_key).values_list(
        "path", flat=True
    )
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return WorkshopWriteUp.objects.filter(query, depth=group.depth + 1)
