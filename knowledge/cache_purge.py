"""What purges the cached site: every change that can alter what a page shows.

Pages: publishing, unpublishing, moving, deleting, and any other write to a page row
except the bookkeeping of a draft (saving a revision, locking), which changes nothing
a reader sees; a mentor saving drafts all day must not empty the cache each time.
View restrictions (page and collection privacy), sites and locales. Snippets and
inline items of the library: themes, regions, institutions, glossary terms, featured
and collected items, keywords; images and documents (titles, alt texts, focal
points). Reader feedback only when an editor moderates it: a new answer is pending
and changes no page, and anonymous senders must not be able to empty the cache.

``groups`` and ``search`` register their own models the same way.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from config.site_version import purge_site_cache, purge_when_changed
from knowledge.models import ImportedObject, ReaderFeedback

# Fields a draft save or a lock writes to the page row; none of them is shown to readers.
DRAFT_BOOKKEEPING = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision_created_at",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)
# Rows of the library that no page shows.
NOT_SHOWN = {ReaderFeedback, ImportedObject}


def page_saved(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    purge_site_cache()


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_site_cache()


def feedback_saved(sender, instance, created, **kwargs):
    if created and instance.status == ReaderFeedback.Status.PENDING:
        return
    purge_site_cache()


def feedback_deleted(sender, instance, **kwargs):
    if instance.status == ReaderFeedback.Status.APPROVED:
        purge_site_cache()


def connect():
    # Page subclasses send save and delete signals under their own class.
    post_save.connect(page_saved, dispatch_uid="knowledge.cache_purge.page_saved")
    post_delete.connect(page_deleted, dispatch_uid="knowledge.cache_purge.page_deleted")
    page_published.connect(purge_site_cache, dispatch_uid="knowledge.cache_purge.published")
    page_unpublished.connect(purge_site_cache, dispatch_uid="knowledge.cache_purge.unpublished")
    post_page_move.connect(purge_site_cache, dispatch_uid="knowledge.cache_purge.moved")
    post_save.connect(feedback_saved, sender=ReaderFeedback, dispatch_uid="knowledge.feedback")
    post_delete.connect(feedback_deleted, sender=ReaderFeedback, dispatch_uid="knowledge.feedback")

    library = [
        model
        for model in apps.get_app_config("knowledge").get_models()
        if not issubclass(model, Page) and model not in NOT_SHOWN
    ]
    purge_when_changed(
        PageViewRestriction,
        CollectionViewRestriction,
        Site,
        Locale,
        Tag,
        get_image_model(),
        get_document_model(),
        *library,
        dispatch_prefix="knowledge.cache_purge",
    )
