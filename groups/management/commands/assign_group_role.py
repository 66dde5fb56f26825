"""python manage.py assign_group_role USERNAME GROUP_SLUG_OR_ID --role mentor|member"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from groups.models import GroupMembership, MentorGroup
from groups.roles import assign_role


def find_group(slug_or_id):
    """A group by page id, or by slug when all pages with that slug are one group's versions."""
    if slug_or_id.isdigit():
        group = MentorGroup.objects.filter(pk=int(slug_or_id)).first()
        if group is None:
            raise CommandError(f"No mentor group has the id {slug_or_id}.")
        return group
    matches = list(MentorGroup.objects.filter(slug=slug_or_id).order_by("pk"))
    if not matches:
        raise CommandError(f"No mentor group has the slug “{slug_or_id}”.")
    if len({group.translation_key for group in matches}) > 1:
        ids = ", ".join(str(group.pk) for group in matches)
        raise CommandError(
            f"Several mentor groups have the slug “{slug_or_id}”; name one by id ({ids})."
        )
    return matches[0]


class Command(BaseCommand):
    help = (
        "Make a user the mentor or a member of a mentor group: membership, role group, "
        "the group's own Django group and, for mentors, edit rights on the group's pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("group", help="the group page's slug or id")
        parser.add_argument("--role", required=True, choices=GroupMembership.Role.values)

    def handle(self, *args, username, group, role, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user has the username “{username}”.")
        group_page = find_group(group)
        assign_role(user, group_page, role)
        self.stdout.write(f"{username} is now a {role} of “{group_page.title}” ({group_page.pk}).")
