"""Listing the library: what a reader may see, in their language, filtered and paged.

Every listing goes through ``library_items``: public, live items in the reader's
language, plus the source-language item of each work that has no live translation
in that language (shown with its language marked). Cards are built in bulk, with a
fixed number of queries whatever the number of items (``knowledge.cards``).
"""

import operator
from dataclasses import dataclass, field
from functools import reduce

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Exists, F, OuterRef, Q, QuerySet
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
from knowledge.taxonomy_cache import regions_in, themes_in

PAGE_SIZE = 12
MAX_FILTER_VALUES = 20


def visible_pages():
    """Public, live library items: what anonymous readers, feeds and exports may show."""
    return public_pages(KnowledgePage, restrictions_inline=True)


def library_items(locale, within=None):
    """Items for a reader of ``locale``, falling back to the source language per work."""
    visible = visible_pages()
    # The path condition is always true (one tree, one root) but correlated by more than
    # equality, so PostgreSQL checks this per row it lists (an index lookup) instead of
    # first hashing every translation in the reader's language: with ORDER BY … LIMIT
    # that is 20 lookups instead of reading all 5,000 pages of a language.
    translated_here = visible.filter(
        locale=locale,
        translation_key=OuterRef("translation_key"),
        path__startswith=Substr(OuterRef("path"), 1, Page.steplen),
    )
    items = visible.filter(
        Q(locale=locale)
        | (Q(locale__language_code=F("original_language")) & ~Exists(translated_here))
    )
    if within is not None:
        # Below the section or one of its translations (all at the section's depth).
        sections = Page.objects.filter(
            translation_key=within.translation_key,
            path=Substr(OuterRef("path"), 1, within.depth * Page.steplen),
        )
        items = items.filter(Exists(sections))
    return items.order_by("-first_published_at", "-pk")


def with_card_data(queryset):
    """Items with what their cards read from the page row's relations (see ``make_cards``)."""
    return queryset.select_related("locale")


def paginate(items, page_param, per_page=PAGE_SIZE, locale=None):
    """A page of cards from a queryset or search results, for a reader of ``locale``.

    A malformed or out-of-range page number is a 404.
    """
    is_queryset = isinstance(items, QuerySet)
    if is_queryset:
        items = with_card_data(items)
    paginator = Paginator(items, per_page)
    number = page_param or "1"
    if not (isinstance(number, str) and number.isdigit() and len(number) <= 6):
        raise Http404(_("There is no such page."))
    try:
        page_obj = paginator.page(int(number))
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error
    pages = list(page_obj.object_list)
    if not is_queryset:
        by_pk = with_card_data(KnowledgePage.objects.filter(pk__in=[p.pk for p in pages])).in_bulk()
        pages = [by_pk[p.pk] for p in pages if p.pk in by_pk]
    page_obj.cards = make_cards(pages, locale or Locale.get_active())
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
        through_themes = KnowledgePage.themes.through
        through_regions = KnowledgePage.regions.through
        if self.themes:
            queryset = queryset.filter(
                pk__in=through_themes.objects.filter(theme__slug__in=self.themes).values(
                    "knowledgepage_id"
                )
            )
        if self.regions:
            terms = regions_in(self.locale.pk)
            inside = reduce(
                operator.or_,
                (
                    Q(region__path=terms[slug].path)
                    | Q(region__path__startswith=f"{terms[slug].path}/")
                    for slug in self.regions
                ),
            )
            queryset = queryset.filter(
                pk__in=through_regions.objects.filter(inside).values("knowledgepage_id")
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
