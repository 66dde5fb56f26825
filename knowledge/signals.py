"""Keeps derived state in step: view restrictions, taxonomy caches, machine-translation
flags and what a translation was last brought up to date with."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published
from wagtail_localize.models import TranslationLog

from knowledge.machine_translation import mark_machine_output
from knowledge.models import Institution, KnowledgePage, Region, Theme
from knowledge.taxonomy_cache import bump_taxonomy_version
from knowledge.translation_basis import record_basis


def wanted_restriction(page):
    """``(restriction type, groups)`` that the page's ``visibility`` asks for, or None.

    Members-only means "signed in": accounts exist only for programme people.
    """
    if page.visibility == page.Visibility.PUBLIC:
        return None
    if page.visibility == page.Visibility.MEMBERS:
        return PageViewRestriction.LOGIN, []
    return PageViewRestriction.GROUPS, list(page.visibility_groups())


def sync_view_restriction(page):
    """Turn ``visibility`` into a Wagtail view restriction on the page.

    Wagtail's restrictions are honoured by page serving, ``.public()`` querysets,
    the sitemap and the API, so visibility needs no second enforcement path.
    """
    restrictions = PageViewRestriction.objects.filter(page=page)
    wanted = wanted_restriction(page)
    if wanted is None:
        restrictions.delete()
        return
    wanted_type, groups = wanted
    restriction = restrictions.first()
    if restriction is None:
        restriction = PageViewRestriction(page=page)
    restriction.restriction_type = wanted_type
    restriction.save()
    restriction.groups.set(groups)
    restrictions.exclude(pk=restriction.pk).delete()


@receiver(post_save)
def page_saved(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, KnowledgePage):
        return
    # Saving a draft revision writes only bookkeeping fields; the live visibility
    # changes when the page row itself is written (creation or publishing).
    if update_fields is not None and "visibility" not in update_fields:
        return
    sync_view_restriction(instance)


@receiver(post_save, sender=Theme)
@receiver(post_save, sender=Region)
@receiver(post_save, sender=Institution)
@receiver(post_delete, sender=Theme)
@receiver(post_delete, sender=Region)
@receiver(post_delete, sender=Institution)
def taxonomy_changed(**kwargs):
    bump_taxonomy_version()


@receiver(post_save, sender=TranslationLog)
def translation_saved(sender, instance, created, **kwargs):
    """wagtail-localize saved a translation: flag it if machine output went into it."""
    if created:
        mark_machine_output(instance)


@receiver(page_published)
def translation_published(sender, instance, **kwargs):
    """A translation published in the page editor matches its source as published now."""
    record_basis(instance)
