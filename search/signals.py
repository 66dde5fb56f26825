"""Index a page again once publishing has finished.

Wagtail's post_save handler indexes a page when its row is written, but a
ClusterableModel writes its row before its parental many-to-many relations (themes,
regions, keywords), so that entry would miss the latest classification.
``page_published`` is sent after everything is written; the update goes through the
same background task as Wagtail's own.
"""

from modelsearch.tasks import insert_or_update_object_task
from wagtail.signals import page_published

from knowledge.models import KnowledgePage


def reindex_published_page(sender, instance, **kwargs):
    if isinstance(instance, KnowledgePage):
        insert_or_update_object_task.enqueue(
            instance._meta.app_label, instance._meta.model_name, str(instance.pk)
        )


def connect():
    page_published.connect(reindex_published_page, dispatch_uid="search.reindex_published_page")
