"""Admin hooks: the session notes view, shown in the menu only to those who may use it,
and the page chooser scoped to what a non-editor may see."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from groups.admin_scoping import chooser_pages
from groups.admin_views import may_use_notes, session_notes
from groups.two_factor import views as two_factor_views
from groups.two_factor.devices import may_enrol


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


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    return chooser_pages(pages, request)


# Distil-to-public and group roles register their own admin URLs and menu entries.
import groups.admin_actions  # noqa: E402, F401


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", two_factor_views.settings_page, name="two_factor_settings"),
        path(
            "two-factor/recovery-codes/",
            two_factor_views.new_recovery_codes,
            name="two_factor_recovery_codes",
        ),
        path("two-factor/turn-off/", two_factor_views.turn_off, name="two_factor_turn_off"),
    ]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    """Offered on the account page to editors and administrators only."""
    if not may_enrol(request.user):
        return None
    return {
        "url": reverse("two_factor_settings"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Ask for a code from an authenticator app at every sign-in."),
    }
