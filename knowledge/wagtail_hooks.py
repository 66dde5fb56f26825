"""Admin registration: taxonomy and glossary snippets, translation review and health,
reader feedback for moderation, and the list of items overdue for review."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from knowledge.machine_translation import APPROVE_ACTION, can_approve
from knowledge.models import (
    GlossaryTerm,
    Institution,
    KnowledgePage,
    ReaderFeedback,
    Region,
    Theme,
)
from knowledge.review import is_review_editor
from knowledge.review_admin import overdue_for_review
from knowledge.views import translation_health, translation_review


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug", "parent", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "slug", "level", "parent", "locale"]
    list_filter = ["locale", "level"]
    search_fields = ["name"]


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "home"
    list_display = ["name", "kind", "settlement", "locale"]
    list_filter = ["locale", "kind"]
    search_fields = ["name"]


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    list_display = ["term", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["term", "synonyms"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ThemeViewSet, RegionViewSet, InstitutionViewSet, GlossaryViewSet)


register_snippet(TaxonomyGroup)


@hooks.register("register_admin_urls")
def translation_urls():
    review = [path("<int:page_id>/approve/", translation_review.approve, name="approve")]
    health = [
        path("", translation_health.index, name="index"),
        path("<str:language_code>/<slug:kind>/", translation_health.pages, name="pages"),
    ]
    return [
        path("translation-review/", include((review, "translation_review"))),
        path("translation-health/", include((health, "translation_health"))),
    ]


class TranslationHealthMenuItem(MenuItem):
    def is_shown(self, request):
        return translation_health.user_can_watch_translations(request.user)


@hooks.register("register_admin_menu_item")
def translation_health_menu_item():
    return TranslationHealthMenuItem(
        _("Translation health"),
        reverse("translation_health:index"),
        icon_name="globe",
        order=350,
    )


class ApproveTranslationButton(PageMenuItem):
    label = _("Approve machine translation")
    icon_name = "check"
    url_name = "translation_review:approve"

    def is_shown(self, user):
        page = self.page.specific_deferred
        return (
            isinstance(page, KnowledgePage) and page.machine_translated and can_approve(user, page)
        )


@hooks.register("register_page_header_buttons")
def approve_translation_button(page, user, view_name, next_url=None):
    yield ApproveTranslationButton(page=page, next_url=next_url, priority=40)


@hooks.register("register_log_actions")
def translation_log_actions(actions):
    actions.register_action(
        APPROVE_ACTION, _("Approve machine translation"), _("Machine translation approved")
    )


class ReaderFeedbackViewSet(SnippetViewSet):
    """Editors approve or reject what readers send; only approved answers are counted.

    Readers create feedback on the site, so nobody adds it here (no Editor has the
    ``add`` permission); the newest come first; filter by status to see what waits.
    """

    model = ReaderFeedback
    icon = "comment"
    menu_label = _("Reader feedback")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["__str__", "kind", "text", "region", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["text"]
    ordering = ["-created_at"]
    inspect_view_enabled = True


register_snippet(ReaderFeedbackViewSet)


@hooks.register("register_admin_urls")
def register_overdue_url():
    return [path("overdue-for-review/", overdue_for_review, name="knowledge_overdue_for_review")]


class OverdueMenuItem(MenuItem):
    def is_shown(self, request):
        return is_review_editor(request.user)


@hooks.register("register_admin_menu_item")
def register_overdue_menu_item():
    return OverdueMenuItem(
        _("Overdue for review"),
        reverse("knowledge_overdue_for_review"),
        icon_name="date",
        order=320,
    )
