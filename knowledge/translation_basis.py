"""Recording what a translation made outside wagtail-localize matches in its source.

A translation is brought up to date with its source when the importer writes it
(at the end of the file, once every source in it has its final revision) or when
it is published in the page editor. Either way it is taken to match the source
as published at that moment, and ``TranslationBasis`` records that publication.

Translations that wagtail-localize keeps in sync are left out: their content
comes from the source as last synced, not as published now, so their own sync
state says whether they are outdated.

``record_bases`` does the same for many translations at once, in a fixed number of
queries per chunk of pages: the importer records every translation of a file that way.
"""

from django.db.models import Q
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


CHUNK = 500


def record_bases(page_ids):
    """``record_basis`` for each of ``page_ids`` (library pages; others are skipped)."""
    page_ids = list(page_ids)
    for start in range(0, len(page_ids), CHUNK):
        _record_chunk(page_ids[start : start + CHUNK])


def _record_chunk(page_ids):
    translations = [
        page
        for page in KnowledgePage.objects.filter(pk__in=page_ids)
        .select_related("locale")
        .only("pk", "translation_key", "original_language", "locale_id", "locale__language_code")
        if page.original_language and page.original_language != page.locale.language_code
    ]
    if not translations:
        return
    keys = {page.translation_key for page in translations}
    wanted = Q()
    for language in {page.original_language for page in translations}:
        wanted |= Q(locale__language_code=language)
    sources = {
        (translation_key, language): (live_revision_id or latest_revision_id, published_at)
        for translation_key, language, live_revision_id, latest_revision_id, published_at in (
            Page.objects.filter(wanted, translation_key__in=keys).values_list(
                "translation_key",
                "locale__language_code",
                "live_revision_id",
                "latest_revision_id",
                "last_published_at",
            )
        )
    }
    synced = set(
        Translation.objects.filter(source__object_id__in=keys, enabled=True).values_list(
            "source__object_id", "target_locale_id"
        )
    )
    now = timezone.now()
    bases = {}
    for page in translations:
        source = sources.get((page.translation_key, page.original_language))
        if source is None or (page.translation_key, page.locale_id) in synced:
            continue
        revision_id, published_at = source
        bases[page.pk] = TranslationBasis(
            page_id=page.pk,
            source_revision_id=revision_id,
            source_published_at=published_at,
            recorded_at=now,
        )
    existing = set(
        TranslationBasis.objects.filter(page_id__in=bases).values_list("page_id", flat=True)
    )
    TranslationBasis.objects.bulk_update(
        [basis for page_id, basis in bases.items() if page_id in existing],
        ["source_revision", "source_published_at", "recorded_at"],
    )
    TranslationBasis.objects.bulk_create(
        [basis for page_id, basis in bases.items() if page_id not in existing]
    )
