"""The admin page "Overdue for review": what editors should check, oldest first.

Editors see every overdue method and package, drafts and restricted ones
included (they curate all of them), each with its owner and a link to edit it.
"""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from knowledge.review import is_review_editor, overdue_items

MAX_LISTED = 500


def overdue_for_review(request):
    if not is_review_editor(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    items = list(overdue_items(today)[:MAX_LISTED])
    rows = [(item, (today - item.review_date).days) for item in items]
    return TemplateResponse(
        request, "knowledge/admin/overdue_for_review.html", {"rows": rows, "today": today}
    )
