"""The editor's approval of a machine translation (admin).

Reached from the translation health lists, the page header menu and the
translation editor's header (``knowledge.translation_editor``). Whoever may not
publish the page gets a plain 403, not Wagtail's redirect to the dashboard, so a
crafted request is visibly refused; the refusal names no page.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_valid_next_url_from_request

from knowledge.admin_refusal import forbidden
from knowledge.machine_translation import approve_translation, can_approve
from knowledge.models import KnowledgePage


def approve(request, page_id):
    """GET asks for confirmation; POST records the approval and clears the notice."""
    page = get_object_or_404(KnowledgePage, pk=page_id).specific
    if not can_approve(request.user, page):
        return forbidden(
            request, _("Only an editor who may publish a page can approve its translation.")
        )
    next_url = get_valid_next_url_from_request(request) or reverse("translation_health:index")
    if not page.machine_translated:
        messages.info(
            request,
            _("“%(title)s” has no unreviewed machine translation.")
            % {"title": page.get_admin_display_title()},
        )
        return redirect(next_url)
    if request.method == "POST":
        approve_translation(page, request.user)
        messages.success(
            request,
            _("Translation of “%(title)s” approved.") % {"title": page.get_admin_display_title()},
        )
        return redirect(next_url)
    original = page.get_translations().filter(locale__language_code=page.original_language).first()
    return TemplateResponse(
        request,
        "knowledge/admin/approve_translation.html",
        {"page": page, "original": original, "next": next_url},
    )
