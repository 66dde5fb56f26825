"""Pages under no view restriction, decided in the same SQL query that lists them."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def unrestricted(queryset):
    """``queryset`` without pages that have, or sit below, a view restriction.

    Wagtail's ``PageQuerySet.public()`` answers the same, but first reads every
    restriction, one more query per call; a page with a language switcher, navigation,
    related items and provenance calls it several times. Here it is a correlated
    ``NOT EXISTS`` in the same query: is there a restriction on a page whose path is a
    prefix of this page's path (the page itself or an ancestor)? Nothing to invalidate.

    Not for querysets that go on to ``.search()``: search backends accept only plain
    field lookups as filters, so those keep ``.public()`` (see ``knowledge.public``).
    """
    restricting = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.filter(~Exists(restricting))
