"""Pages under no view restriction, decided in the same SQL query that lists them."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def restricted():
    """True for a page that has, or sits below, a view restriction (a subquery)."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
    )


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
    return queryset.filter(~restricted())


class KnownRestrictionsMixin:
    """Pages that may already know that no view restriction lies on their path.

    Wagtail's serve hook asks every page for its view restrictions, which reads the
    page's ancestors and then the restrictions (two queries). Routing
    (``knowledge.routing``) learns the same in the query it routes with; a page it
    found unrestricted, with no alias on the way, answers from that.
    """

    def get_view_restrictions(self):
        if getattr(self, "_known_unrestricted", False):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def known_unrestricted(page):
    """Record that neither ``page`` nor an ancestor (nor an alias's source) is restricted."""
    page._known_unrestricted = True
