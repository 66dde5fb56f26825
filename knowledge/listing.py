"""Listing the library: what a reader may see, in their language, filtered and paged.

Every listing goes through ``library_items``: public, live items in the reader's
language, plus the source-language item of each work that has no live translation
in that language (shown with its language marked). Cards are built in bulk, with a
fixed number of queries whatever the number of items (``knowledge.cards``).
"""

import operator
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from knowledge.cards import (  # noqa: F401 (the listing's cards, used from here elsewhere)
    CARD_RENDITION,
    CARD_RENDITION_LARGE,
    Card,
    localized_pages,
    make_cards,
)
from knowledge.models import KnowledgePage
from knowledge.public import public_pages
from knowledge.site_chrome import site_chrome
from knowledge.taxonomy_cache import region_ids, regions_in, theme_ids, themes_in

PAGE_SIZE = 12
# A listing reads its matches up to this many pages past the page shown and no
# further (see ``BoundedPaginator``): what it costs depends on this, not on the size
# of the library.
COUNTED_PAGES_AHEAD = 1
MAX_FILTER_VALUES = 20


def visible_pages(in_bulk=False):
    """Public, live library items: what anonymous readers, feeds and exports may show.

    ``in_bulk`` for queries that read many items to return a few (see
    ``knowledge.public.public_pages``).
    """
    return public_pages(KnowledgePage, restrictions_inline=True, in_bulk=in_bulk)


def library_items(locale, within=None, request=None):
    """Items for a reader of ``locale``, falling back to the source language per work.

    With ``within`` (a section), the items below it or below one of its live
    translations; ``request`` may know those already (see ``section_paths``).
    """
    return _in_reader_language(visible_pages(in_bulk=True), locale, within, request)


def library_item_pages(locale, within=None, request=None):
    """The items of ``library_items`` as plain page rows, for a query of their ids.

    Every condition then names the page table alone (the item table is not joined),
    and PostgreSQL can read the newest pages first and stop once it has a page's
    worth, instead of collecting and sorting every match: at 100,000 items a filtered
    listing's twelve cost 250 ms collected, 10 ms read newest first.
    """
    pages = public_pages(Page, restrictions_inline=True, in_bulk=True)
    # Library items by their page type, a column of the page row, rather than a join.
    item_types = ContentType.objects.get_for_models(*library_models()).values()
    return _in_reader_language(pages.filter(content_type__in=item_types), locale, within, request)


def library_models():
    """Every page model that is a library item (``KnowledgePage`` and its subclasses)."""
    from wagtail.models import get_page_models

    return [model for model in get_page_models() if issubclass(model, KnowledgePage)]


def section_paths(section, request=None):
    """Tree paths of ``section`` and its live translations.

    A request served by the site's routing knows them from the query that routed it
    (``knowledge.site_chrome``); without one, they are read (one small query).
    """
    if request is not None:
        return sorted({section.path, *site_chrome(request, section).version_paths})
    versions = Page.objects.filter(translation_key=section.translation_key, live=True)
    return sorted({section.path, *versions.values_list("path", flat=True)})


def _in_reader_language(visible, locale, within, request=None):
    """``visible`` pages for a reader of ``locale`` (below the section ``within``), newest
    first.

    A listing passes over many items for each one it shows (a filter that matches one
    item in fifty reads fifty), so ``visible`` has the restriction check made for
    reading many rows. The check inside "not translated here" stays the per-row one:
    it runs for a few rows, and PostgreSQL would charge the other's one-off cost to
    every row it might read, and so sort every match instead of reading the newest
    first.
    """
    # The path condition is always true (one tree, one root) but correlated by more than
    # equality, so PostgreSQL checks this per row it lists (an index lookup) instead of
    # first hashing every translation in the reader's language: with ORDER BY … LIMIT
    # that is 20 lookups instead of reading all 5,000 pages of a language.
    translated_here = visible_pages().filter(
        locale=locale,
        translation_key=OuterRef("translation_key"),
        path__startswith=Substr(OuterRef("path"), 1, Page.steplen),
    )
    # Whether a row is its work's source is asked of the row's own item in a
    # subquery, so that the condition names the page row only; the language is the
    # row's own, and comparing with it keeps this a check of the rows read (an index
    # lookup each), not a set of every source page built first.
    row_language = Locale.objects.filter(pk=OuterRef(OuterRef("locale_id"))).values("language_code")
    is_source = KnowledgePage.objects.filter(
        pk=OuterRef("pk"), original_language=Subquery(row_language)
    )
    items = visible.filter(Q(locale=locale) | (Exists(is_source) & ~Exists(translated_here)))
    if within is not None:
        # Below the section or one of its translations, named by their paths: a path
        # prefix is a range of the path index whose size PostgreSQL estimates well,
        # where a correlated subquery was guessed to match almost nothing, and a
        # listing planned for almost nothing reads and sorts every match to show twelve.
        paths = section_paths(within, request)
        items = items.filter(reduce(operator.or_, (Q(path__startswith=path) for path in paths)))
    return items.order_by("-first_published_at", "-pk")


def with_card_data(queryset):
    """Items with what their cards read from the page row's relations (see ``make_cards``)."""
    return queryset.select_related("locale")


class BoundedPaginator(Paginator):
    """Pages of ``ids``, read up to a limit, which may be fewer than all there are.

    Counting every match costs as much as the library is large (at 100,000 items a
    filtered listing counted 600 matches in 250 ms to show twelve). Reading the
    matches newest first and stopping at a limit costs what the limit is, whatever
    the size: ``count`` is then at most ``count_limit``, and ``more_than_counted``
    says that there are more (the page says "more than 24 items" and "page 1 of more
    than 2", and links the next page).
    """

    def __init__(self, ids, per_page, count_limit):
        super().__init__(ids[:count_limit], per_page)
        self.count_limit = count_limit
        self.more_than_counted = len(ids) > count_limit


def paginate(items, page_param, per_page=PAGE_SIZE, locale=None):
    """A page of cards from an ordered queryset of pages or from search results, for a
    reader of ``locale``.

    Of a queryset, the ids are read up to COUNTED_PAGES_AHEAD pages past the one
    asked for (``BoundedPaginator``), then that page's items. A malformed or
    out-of-range page number is a 404.
    """
    number = page_param or "1"
    if not (isinstance(number, str) and number.isdigit() and len(number) <= 6):
        raise Http404(_("There is no such page."))
    if isinstance(items, QuerySet):
        count_limit = (int(number) + COUNTED_PAGES_AHEAD) * per_page
        ids = list(items.values_list("pk", flat=True)[: count_limit + 1])
        paginator = BoundedPaginator(ids, per_page, count_limit)
    else:
        paginator = Paginator(items, per_page)
    try:
        page_obj = paginator.page(int(number))
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error
    wanted = [getattr(item, "pk", item) for item in page_obj.object_list]
    by_pk = with_card_data(KnowledgePage.objects.filter(pk__in=wanted)).in_bulk()
    page_obj.cards = make_cards(
        [by_pk[pk] for pk in wanted if pk in by_pk], locale or Locale.get_active()
    )
    return page_obj


@dataclass
class LibraryFilter:
    """Theme, region and type filters from a query string.

    Values of one filter combine with OR, different filters with AND; a region
    includes everything inside it. Unknown values make the filter invalid.
    """

    locale: Locale
    themes: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    types: list = field(default_factory=list)

    @classmethod
    def from_query(cls, query, locale):
        themes = _values(query, "theme")
        regions = _values(query, "region")
        types = _values(query, "type")
        if themes is None or regions is None or types is None:
            return None
        known_themes = themes_in(locale.pk)
        known_regions = regions_in(locale.pk)
        known_types = KnowledgePage.listing_types
        if any(slug not in known_themes for slug in themes):
            return None
        if any(slug not in known_regions for slug in regions):
            return None
        if any(code not in known_types for code in types):
            return None
        return cls(locale=locale, themes=themes, regions=regions, types=types)

    @property
    def is_active(self):
        return bool(self.themes or self.regions or self.types)

    def apply(self, queryset):
        # The terms go into the query as their primary keys (from the taxonomy cache),
        # so that the database estimates from its statistics how many items each one
        # has and picks its plan by that, rather than guessing for a slug.
        through_themes = KnowledgePage.themes.through
        through_regions = KnowledgePage.regions.through
        if self.themes:
            themes = theme_ids(self.locale.pk, self.themes)
            queryset = queryset.filter(
                pk__in=through_themes.objects.filter(theme_id__in=themes).values("knowledgepage_id")
            )
        if self.regions:
            regions = region_ids(self.locale.pk, self.regions)
            queryset = queryset.filter(
                pk__in=through_regions.objects.filter(region_id__in=regions).values(
                    "knowledgepage_id"
                )
            )
        if self.types:
            models = [KnowledgePage.listing_types[code] for code in self.types]
            queryset = queryset.filter(content_type__in=[_content_type(model) for model in models])
        return queryset

    def facets(self, queryset=None):
        """The options a reader can filter by, named in their language."""
        themes = sorted(themes_in(self.locale.pk).values(), key=lambda term: term.name)
        regions = list(regions_in(self.locale.pk).values())
        types = [
            (code, model.listing_type_label) for code, model in KnowledgePage.listing_types.items()
        ]
        return {"themes": themes, "regions": regions, "types": types}

    def querystring(self, page=None):
        from urllib.parse import urlencode

        pairs = [("theme", s) for s in self.themes]
        pairs += [("region", s) for s in self.regions]
        pairs += [("type", s) for s in self.types]
        if page:
            pairs.append(("page", page))
        return urlencode(pairs)


def _values(query, name):
    values = [value for value in query.getlist(name) if value != ""]
    if len(values) > MAX_FILTER_VALUES or any(len(value) > 80 for value in values):
        return None
    return list(dict.fromkeys(values))


def _content_type(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model)
