""" "My write-ups": where each of the group's write-ups stands, for its mentors.

The state is read the way the admin reads it: a workflow in progress means "in
review", a workflow sent back means "changes requested", otherwise a live page is
"published" and anything else a "draft". One query for the write-ups and one for
their workflow states, however many there are.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from groups.mentors import writeups_of_work
from groups.writeup_form import private_response, require_mentor

DRAFT = "draft"
IN_REVIEW = "in-review"
CHANGES_REQUESTED = "changes-requested"
PUBLISHED = "published"
STATE_LABELS = {
    DRAFT: _("Draft"),
    IN_REVIEW: _("In review"),
    CHANGES_REQUESTED: _("Changes requested"),
    PUBLISHED: _("Published"),
}


@dataclass
class WriteUpStatus:
    page: object
    state: str
    edit_url: str

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


def workflow_states(pages):
    """The current workflow status of each page id (in progress or sent back)."""
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(page.pk) for page in pages],
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
    ).values_list("object_id", "status")
    return {int(object_id): status for object_id, status in states}


def state_of(page, workflow_status):
    if workflow_status == WorkflowState.STATUS_IN_PROGRESS:
        return IN_REVIEW
    if workflow_status == WorkflowState.STATUS_NEEDS_CHANGES:
        return CHANGES_REQUESTED
    return PUBLISHED if page.live else DRAFT


def writeup_statuses(group):
    pages = list(
        writeups_of_work(group).select_related("locale").order_by("-date", "-session_number", "-pk")
    )
    statuses = workflow_states(pages) if pages else {}
    return [
        WriteUpStatus(
            page=page,
            state=state_of(page, statuses.get(page.pk)),
            edit_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
        )
        for page in pages
    ]


def my_write_ups(request, group):
    refused = require_mentor(request, group)
    if refused is not None:
        return refused
    response = TemplateResponse(
        request,
        "groups/mentor/my_write_ups.html",
        {
            "page": group,
            "group": group,
            "statuses": writeup_statuses(group),
            "tool_urls": group.mentor_tool_urls(),
        },
    )
    return private_response(response)
