"""Pages under no view restriction, decided in the same SQL query that lists them."""

from django.db.models import BooleanField, Expression, F
from wagtail.models import Page, PageViewRestriction

# Deeper than any page of the site's structure (programme → group → write-up is depth 6).
# A page below this depth counts as restricted: it is hidden, never shown by mistake.
DEEPEST_CHECKED = 10


class RestrictedPath(Expression):
    """``EXISTS`` a view restriction on one of the page's ancestor paths (or its own).

    A page's ancestors are the prefixes of its tree path, one per level, so the subquery
    asks for a restriction on one of those exact paths: an index lookup per level in
    the page-path index, the same cost at 100 pages as at 100,000. (Comparing each
    restricted page's path with a substring of this page's path, the obvious way,
    makes the database read every page for every row: 1 s for a listing of 10,000.)
    Written as SQL rather than ``Q`` objects because Django would resolve and compile
    the ten alternatives on every query, a few milliseconds each time.
    """

    def __init__(self):
        super().__init__(output_field=BooleanField())
        self.path, self.depth = F("path"), F("depth")

    def get_source_expressions(self):
        return [self.path, self.depth]

    def set_source_expressions(self, expressions):
        self.path, self.depth = expressions

    def as_sql(self, compiler, connection):
        path_sql, path_params = compiler.compile(self.path)
        depth_sql, depth_params = compiler.compile(self.depth)
        quote = connection.ops.quote_name
        restriction = quote(PageViewRestriction._meta.db_table)
        page = quote(Page._meta.db_table)
        prefixes = ", ".join(
            f"SUBSTR({path_sql}, 1, {Page.steplen * level})"
            for level in range(1, DEEPEST_CHECKED + 1)
        )
        sql = (
            f"(EXISTS (SELECT 1 FROM {restriction} INNER JOIN {page} restricted_page"
            f" ON ({restriction}.{quote('page_id')} = restricted_page.{quote('id')})"
            f" WHERE restricted_page.{quote('path')} IN ({prefixes}))"
            f" OR {depth_sql} > {DEEPEST_CHECKED})"
        )
        return sql, (*path_params * DEEPEST_CHECKED, *depth_params)


class InRestrictedSubtree(Expression):
    """The page is one of those that have, or sit below, a view restriction.

    The same question as ``RestrictedPath``, asked the other way round: the subquery
    names every page under a restricted page, once for the whole query (PostgreSQL
    hashes it), and each row costs one lookup in that set. ``RestrictedPath`` costs
    an index lookup or two per row, which adds up where a query reads many rows: a
    count of 50,000 public pages took 600 ms, the set 1 ms to build. What the set
    costs grows with the restricted pages (one index range per restriction), not
    with the library. A restricted page's subtree is the paths from its own up to
    its own followed by ``~``, which sorts after every character of Wagtail's path
    alphabet (``0-9A-Z``); the path column compares bytewise (collation "C" on
    PostgreSQL, SQLite's default), so this is one range of the path index.
    """

    def __init__(self):
        super().__init__(output_field=BooleanField())
        # The page table's own id, also for a page type's queryset (whose primary key
        # is its own table's pointer): the condition then names the page row only.
        self.page_id = F("id")

    def get_source_expressions(self):
        return [self.page_id]

    def set_source_expressions(self, expressions):
        (self.page_id,) = expressions

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.page_id)
        quote = connection.ops.quote_name
        restriction = quote(PageViewRestriction._meta.db_table)
        page = quote(Page._meta.db_table)
        path, id_ = quote("path"), quote("id")
        sql = (
            f"({pk_sql} IN (SELECT below.{id_} FROM {restriction}"
            f" INNER JOIN {page} restricted_page"
            f" ON ({restriction}.{quote('page_id')} = restricted_page.{id_})"
            f" INNER JOIN {page} below ON (below.{path} >= restricted_page.{path}"
            f" AND below.{path} < restricted_page.{path} || '~')))"
        )
        return sql, pk_params


def restricted():
    """True for a page that has, or sits below, a view restriction."""
    return RestrictedPath()


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


def unrestricted_in_bulk(queryset):
    """``unrestricted(queryset)`` for queries that read many rows to return a few.

    A count, or a listing that passes over many candidates for each row it shows:
    the restricted pages are found once for the whole query (``InRestrictedSubtree``)
    instead of being looked up for every row read. Not for ``.search()`` either.
    """
    return queryset.filter(~InRestrictedSubtree())


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
