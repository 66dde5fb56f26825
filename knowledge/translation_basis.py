"""Recording what a translation made outside wagtail-localize matches in its source.

A translation is brought up to date with its source when the importer writes it
(at the end of the file, once every source in it has its final revision) or when
it is published in the page editor. Either way it is taken to match the source
as published at that moment, and ``TranslationBasis`` records that publication.

Translations that wagtail-localize keeps in sync are left out: their content
comes from the source as last synced, not as published now, so their own sync
state says whether they are outdated.
"""

from django.utils import timezone
from wagtail.models import Page
from wagtail_localize.models import Translation

from knowledge.models import KnowledgePage, TranslationBasis


def source_of(page):
    """The page in the original language of ``page``'s work, or None."""
    if not page.original_language or page.original_language == page.locale.language_code:
        return None
    return (
        Page.objects.filter(
            translation_key=page.translation_key, locale__language_code=page.original_language
        )
        .only("pk", "last_published_at", "live_revision_id", "latest_revision_id")
        .first()
    )


def is_synced_by_localize(page):
    """Whether wagtail-localize keeps ``page`` in sync (an enabled translation record)."""
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).exists()


def record_basis(page):
    """Take ``page`` as matching its source as published now; returns the basis or None."""
    if not isinstance(page, KnowledgePage):
        return None
    source = source_of(page)
    if source is None or is_synced_by_localize(page):
        return None
    basis, _created = TranslationBasis.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "source_revision_id": source.live_revision_id or source.latest_revision_id,
            "source_published_at": source.last_published_at,
            "recorded_at": timezone.now(),
        },
    )
    return basis
