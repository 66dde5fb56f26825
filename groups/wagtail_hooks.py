"""Admin hooks: the session notes view, shown in the menu only to those who may use it."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from groups.admin_views import may_use_notes, session_notes


@hooks.register("register_admin_urls")
def register_session_notes_url():
    return [path("session-notes/", session_notes, name="groups_session_notes")]


class SessionNotesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_notes(request.user)


@hooks.register("register_admin_menu_item")
def register_session_notes_menu_item():
    return SessionNotesMenuItem(
        _("Session notes"), reverse("groups_session_notes"), icon_name="doc-full", order=350
    )
