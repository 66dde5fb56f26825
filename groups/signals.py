"""Keeps access and moderation in step with the page tree.

A new mentor group (or a new translation of one) gets its Django groups and
collection, and its mentors' group gets rights on the new page; a new programme
is put under the editors' workflow.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from groups.models import MentorGroup, Programme
from groups.moderation import assign_editorial_workflow
from groups.roles import grant_mentor_access


@receiver(post_save, sender=MentorGroup)
def mentor_group_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_mentor_access(instance.access, [instance])


@receiver(post_save, sender=Programme)
def programme_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_editorial_workflow(instance)
