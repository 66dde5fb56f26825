"""The one definition of "public": what anonymous readers, feeds, the API, exports and
the sitemap may show.

A page is public when it is live, no view restriction sits on it or on any of its
ancestors (Wagtail's ``.public()``), and, for a library item, its visibility is
``public``. The visibility check is deliberately redundant with the restriction the
signals derive from it: if the two ever disagree, the page stays out (fail closed).

Media are public unless their collection, or a collection above it, carries a view
restriction (a private collection).
"""

from django.db.models import Q
from wagtail.models import Collection, CollectionViewRestriction, Page

from knowledge.models import KnowledgePage

PUBLIC = KnowledgePage.Visibility.PUBLIC


def public_pages(model=Page):
    """Live pages of ``model`` that anyone may read, whoever asks."""
    # Wagtail's .public(), not unrestricted(): these querysets also go to the search
    # backends, whose filters must be plain field lookups.
    pages = model.objects.live().public().filter(depth__gt=1)
    if issubclass(model, KnowledgePage):
        return pages.filter(visibility=PUBLIC)
    hidden_items = KnowledgePage.objects.exclude(visibility=PUBLIC).values("pk")
    return pages.exclude(pk__in=hidden_items)


def private_collection_ids():
    """Collections with a view restriction, and every collection below them."""
    restricted_paths = list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True).distinct()
    )
    if not restricted_paths:
        return set()
    inside = Q()
    for path in restricted_paths:
        inside |= Q(path__startswith=path)
    return set(Collection.objects.filter(inside).values_list("pk", flat=True))


def public_media(model):
    """Images or documents (``model``) that are not in a private collection."""
    return model.objects.exclude(collection_id__in=private_collection_ids())
