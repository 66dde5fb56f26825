"""Listing the library: what a reader may see, in their language, filtered and paged.

Every listing goes through ``library_items``: public, live items in the reader's
language, plus the source-language item of each work that has no live translation
in that language (shown with its language marked). Cards are built in bulk, with a
fixed number of queries whatever the number of items.
"""

import operator
from dataclasses import dataclass, field
from functools import reduce

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from knowledge.collation import sort_key
from knowledge.models import KnowledgePage
from knowledge.public import public_pages
from knowledge.taxonomy_cache import regions_in, themes_in

PAGE_SIZE = 12
CARD_RENDITION = "fill-480x270|format-webp"
# Twice the size, for high-density screens and for cards that span a phone's width.
CARD_RENDITION_LARGE = "fill-960x540|format-webp"
MAX_FILTER_VALUES = 20


def visible_pages():
    """Public, live library items: what anonymous readers, feeds and exports may show."""
    return public_pages(KnowledgePage)


def library_items(locale, within=None):
    """Items for a reader of ``locale``, falling back to the source language per work."""
    visible = visible_pages()
    translated_here = visible.filter(locale=locale, translation_key=OuterRef("translation_key"))
    items = visible.filter(
        Q(locale=locale)
        | (Q(locale__language_code=F("original_language")) & ~Exists(translated_here))
    )
    if within is not None:
        paths = Page.objects.filter(translation_key=within.translation_key).values_list(
            "path", flat=True
        )
        items = items.filter(reduce(operator.or_, (Q(path__startswith=p) for p in paths)))
    return items.order_by("-first_published_at", "-pk")


def with_card_data(queryset):
    """Everything a card shows, fetched in a fixed number of queries."""
    image_model = get_image_model()
    return queryset.select_related("locale").prefetch_related(
        "themes",
        "regions",
        Prefetch(
            "listing_image",
            queryset=image_model.objects.prefetch_renditions(CARD_RENDITION, CARD_RENDITION_LARGE),
        ),
    )


@dataclass
class Card:
    """A library item as a listing shows it to a reader of ``reader_locale``."""

    page: KnowledgePage
    reader_locale: Locale
    themes: list = field(default_factory=list)
    regions: list = field(default_factory=list)

    @property
    def title(self):
        return self.page.title

    @property
    def url(self):
        return self.page.url

    @property
    def summary(self):
        return self.page.summary

    @property
    def published(self):
        return self.page.first_published_at

    @property
    def language(self):
        return self.page.locale.language_code

    @property
    def is_fallback(self):
        return self.page.locale_id != self.reader_locale.pk

    @property
    def type_code(self):
        return self.page.specific_class.listing_type

    @property
    def type_label(self):
        return self.page.specific_class.listing_type_label

    @property
    def image(self):
        if self.page.listing_image_id:
            return self.page.listing_image.get_rendition(CARD_RENDITION)
        return None

    @property
    def image_large(self):
        if self.page.listing_image_id:
            return self.page.listing_image.get_rendition(CARD_RENDITION_LARGE)
        return None


def make_cards(pages, reader_locale):
    """Cards for pages that already carry their prefetched card data."""
    theme_terms = themes_in(reader_locale.pk)
    region_terms = regions_in(reader_locale.pk)
    cards = []
    for page in pages:
        themes = sorted(
            (theme_terms[t.slug] for t in page.themes.all() if t.slug in theme_terms),
            key=lambda term: term.name,
        )
        regions = [region_terms[r.slug] for r in page.regions.all() if r.slug in region_terms]
        cards.append(Card(page=page, reader_locale=reader_locale, themes=themes, regions=regions))
    return cards


def localized_pages(pages, locale, specific=False, sort_by_title=False):
    """Cards for chosen pages, each in ``locale`` when that translation is visible.

    A page without a visible translation in ``locale`` is shown as chosen, or, when
    the chosen page itself is not visible (an unpublished translation), in its
    original language; either way marked as a fallback. Works with nothing visible
    are dropped. With ``sort_by_title``, cards are ordered by the title shown.
    """
    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    keys = {page.translation_key for page in pages}
    candidates = with_card_data(visible_pages().filter(translation_key__in=keys))
    if specific:
        # The specific rows are read again per type; keep their locale in that query too.
        candidates = candidates.specific().select_related("locale", for_specific_subqueries=True)
    chosen_pks = {page.pk for page in pages}
    by_key = {}
    for page in candidates:
        rank = _preference(page, locale, chosen_pks)
        current = by_key.get(page.translation_key)
        if rank is not None and (current is None or rank < current[0]):
            by_key[page.translation_key] = (rank, page)
    chosen = [by_key[page.translation_key][1] for page in pages if page.translation_key in by_key]
    cards = make_cards(_unique(chosen), locale)
    if sort_by_title:
        cards.sort(key=lambda card: sort_key(card.title))
    return cards


def _preference(page, locale, chosen_pks):
    """Which version of a work to show: the reader's language, the chosen one, the original."""
    if page.locale_id == locale.pk:
        return 0
    if page.pk in chosen_pks:
        return 1
    if page.locale.language_code == page.original_language:
        return 2
    return None


def _unique(pages):
    seen = set()
    result = []
    for page in pages:
        if page.pk not in seen:
            seen.add(page.pk)
            result.append(page)
    return result


def latest_items(locale, limit=6):
    return make_cards(with_card_data(library_items(locale))[:limit], locale)


def featured_for_home(home, request=None):
    items = [link.item for link in home.featured_items.select_related("item")]
    return localized_pages(items, home.locale)


def paginate(items, page_param, per_page=PAGE_SIZE):
    """A page of cards from a queryset or search results.

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
    page_obj.cards = make_cards(pages, Locale.get_active())
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
