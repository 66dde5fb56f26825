"""Placing a new write-up under its group as a draft, as the page editor would.

Shared by the ten-minute form and distil-to-public, so both leave the same trail
as the admin's "create" and "submit for moderation": an owner, a logged creation,
a first revision and, when asked, a workflow in progress for the editors.
"""

from django.db import transaction
from wagtail.log_actions import log


@transaction.atomic
def create_draft(group, writeup, user):
    """Add ``writeup`` (unsaved, with its fields set) under ``group`` as a draft by ``user``."""
    writeup.live = False
    writeup.has_unpublished_changes = True
    writeup.owner = user
    writeup.locale = group.locale
    group.add_child(instance=writeup)
    log(instance=writeup, action="wagtail.create", user=user, content_changed=True)
    writeup.save_revision(user=user, log_action=True)
    return writeup


def submit_for_review(writeup, user):
    """Start the group's moderation workflow; returns it, or None when there is none."""
    workflow = writeup.get_workflow()
    if workflow is None:
        return None
    workflow.start(writeup, user)
    return workflow
