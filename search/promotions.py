"""Promoted results: pages editors pin for a query, first on the results page.

A promotion belongs to one language (its page's). Only pages the reader may read
are shown (the same ``searchable_pages`` queryset as every result), so a pinned
members-only or unpublished page stays invisible to anonymous readers.
"""

from search.models import PromotedResult, normalise_query


def promoted_pages(query, language, pages):
    """Readable pinned pages for ``query`` in ``language``, in the editors' order."""
    normalised = normalise_query(query)
    if not normalised:
        return []
    pinned = list(
        PromotedResult.objects.filter(query=normalised, locale__language_code=language)
        .order_by("sort_order", "pk")
        .values_list("page_id", flat=True)
    )
    if not pinned:
        return []
    readable = {
        page.pk: page
        for page in pages.filter(pk__in=pinned).only("pk", "translation_key", "content_type")
    }
    return [readable[pk] for pk in pinned if pk in readable]
