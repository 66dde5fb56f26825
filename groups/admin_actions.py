"""Admin URLs, menu entries and page actions of distil-to-public and group roles.

Kept apart from ``wagtail_hooks`` (which imports this module) so each admin tool
registers its own hooks next to nothing else.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem

from groups.distil import distil_note
from groups.models import MentorGroup
from groups.role_admin import assign_group_role, can_assign_roles


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path(
            "session-notes/<int:note_id>/distil/",
            distil_note,
            name="groups_distil_note",
        ),
        path("group-roles/", assign_group_role, name="groups_assign_role"),
    ]


class GroupRolesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_assign_roles(request.user)


@hooks.register("register_settings_menu_item")
def register_group_roles_menu_item():
    return GroupRolesMenuItem(
        _("Group roles"), reverse("groups_assign_role"), icon_name="group", order=650
    )


class AssignRoleActionMenuItem(ActionMenuItem):
    """On a group page's action menu: assign someone to this group."""

    label = _("Assign a mentor or member")
    name = "action-assign-group-role"
    icon_name = "group"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and isinstance(page, MentorGroup)
            and can_assign_roles(context["request"].user)
        )

    def get_url(self, context):
        return f"{reverse('groups_assign_role')}?group={context['page'].pk}"


@hooks.register("register_page_action_menu_item")
def register_assign_role_action():
    return AssignRoleActionMenuItem(order=60)
