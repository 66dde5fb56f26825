"""Keep search in step with what it reads from the library.

Index a page again once publishing has finished: Wagtail's post_save handler
indexes a page when its row is written, but a ClusterableModel writes its row
before its parental many-to-many relations (themes, regions, keywords), so that
entry would miss the latest classification. ``page_published`` is sent after
everything is written; the update goes through the same background task as
Wagtail's own.

Forget the synonym table when a glossary term is saved or deleted (terms are
snippets without drafts: saving is publishing), and hand the new synonyms to a
backend that applies them itself (Elasticsearch).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelsearch.tasks import insert_or_update_object_task
from wagtail.signals import page_published

from knowledge.models import GlossaryTerm, KnowledgePage
from search.synonym_table import glossary_changed
from search.tasks import update_backend_synonyms


def reindex_published_page(sender, instance, **kwargs):
    if isinstance(instance, KnowledgePage):
        insert_or_update_object_task.enqueue(
            instance._meta.app_label, instance._meta.model_name, str(instance.pk)
        )


def glossary_term_changed(sender, **kwargs):
    glossary_changed()
    transaction.on_commit(update_backend_synonyms.enqueue)


def connect():
    page_published.connect(reindex_published_page, dispatch_uid="search.reindex_published_page")
    post_save.connect(
        glossary_term_changed, sender=GlossaryTerm, dispatch_uid="search.glossary_term_saved"
    )
    post_delete.connect(
        glossary_term_changed, sender=GlossaryTerm, dispatch_uid="search.glossary_term_deleted"
    )
