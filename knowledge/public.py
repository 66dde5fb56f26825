"""The one definition of "public": what anonymous readers, feeds, the API, exports and
the sitemap may show.

A page is public when it is live, no view restriction sits on it or on any of its
ancestors (Wagtail's ``.public()``), and, for a library item, its visibility is
``public``. The visibility check is deliberately redundant with the restriction the
signals derive from it: if the two ever disagree, the page stays out (fail closed).

Media are public unless their collection, or a collection above it, carries a view
restriction (a private collection).
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import Collection, CollectionViewRestriction, Page

from knowledge.models import KnowledgePage
from knowledge.restrictions import unrestricted, unrestricted_in_bulk

PUBLIC = KnowledgePage.Visibility.PUBLIC


def public_pages(model=Page, restrictions_inline=False, in_bulk=False):
    """Live pages of ``model`` that anyone may read, whoever asks.

    The restriction check is Wagtail's ``.public()``, which reads the restrictions in
    a query of its own: such querysets also go to the search backends, whose filters
    must be plain field lookups. With ``restrictions_inline`` the same check is a
    subquery of the listing query itself (``knowledge.restrictions.unrestricted``),
    for querysets that are only read from the database; ``in_bulk`` as well makes it
    the form for queries that read many rows, counts and long listings
    (``knowledge.restrictions.unrestricted_in_bulk``).
    """
    pages = model.objects.live().filter(depth__gt=1)
    in_bulk = in_bulk and restrictions_inline
    if not restrictions_inline:
        pages = pages.public()
    elif in_bulk:
        pages = unrestricted_in_bulk(pages)
    else:
        pages = unrestricted(pages)
    if issubclass(model, KnowledgePage) and not in_bulk:
        return pages.filter(visibility=PUBLIC)
    # The few items that are not public, from their own index: for a query that reads
    # many rows this keeps the item table out of the filter (it is joined only for
    # the rows returned).
    hidden_items = KnowledgePage.objects.exclude(visibility=PUBLIC).values("pk")
    return pages.exclude(id__in=hidden_items)


def private_collection_ids():
    """Collections with a view restriction, and every collection below them (one query)."""
    restricting = CollectionViewRestriction.objects.filter(
        collection__path=Substr(OuterRef("path"), 1, Length("collection__path"))
    )
    return set(Collection.objects.filter(Exists(restricting)).values_list("pk", flat=True))


def public_media(model):
    """Images or documents (``model``) that are not in a private collection."""
    return model.objects.exclude(collection_id__in=private_collection_ids())
