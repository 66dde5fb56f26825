"""Editors moderate: one workflow, an approval task for the Editor group, on each programme.

Wagtail applies the workflow of a page's nearest ancestor, so assigning it to every
programme page covers its groups and their write-ups: a mentor submits, an editor
approves and publishes.
"""

from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from groups.roles import EDITOR, role_group

WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Approval by an editor"


def editorial_workflow():
    """The editors' workflow, created the first time it is needed."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        return workflow
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set([role_group(EDITOR)])
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def assign_editorial_workflow(page):
    """Put ``page`` (a programme) under the editors' workflow, unless it has one already."""
    WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": editorial_workflow()})
