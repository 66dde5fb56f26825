"""The editor's approval inside wagtail-localize's translation editor.

wagtail-localize 1.14 draws its translation editor with React from JSON props:
its action menu (publish, unpublish, lock, machine translate…) takes no items
from Wagtail's hooks, and the page header it includes is given no buttons, so
neither ``register_page_action_menu_item`` nor ``register_page_header_buttons``
reaches it. The project's override of ``wagtail_localize/admin/edit_translation.html``
hands that header the actions below instead: on a machine-translated library page,
for whoever may publish it, an "Approve translation" button that posts to the
review view (``knowledge.views.translation_review``) and comes back here.
"""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from knowledge.machine_translation import can_approve
from knowledge.models import KnowledgePage


class ApproveTranslationAction(Component):
    """A one-click form: the editor has the translation and its source in front of them."""

    template_name = "knowledge/admin/approve_translation_action.html"

    def __init__(self, page, next_url):
        self.page = page
        self.next_url = next_url

    def get_context_data(self, parent_context=None):
        parent_context = parent_context or {}
        return {
            "page": self.page,
            "action_url": reverse("translation_review:approve", args=[self.page.pk]),
            "next_url": self.next_url,
            "csrf_token": parent_context.get("csrf_token"),
        }


def header_actions(request, instance):
    """The review actions for the translation editor's header; none for snippets."""
    if not isinstance(instance, KnowledgePage):
        return []
    page = KnowledgePage.objects.filter(pk=instance.pk, machine_translated=True).first()
    if page is None or not can_approve(request.user, page):
        return []
    return [ApproveTranslationAction(page, next_url=request.path)]
