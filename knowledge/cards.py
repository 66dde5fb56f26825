"""Cards: library items as lists show them, in a fixed number of queries for a whole page.

A card shows an item's title, type, language, summary, picture, themes and regions,
the themes and regions named in the reader's language (``knowledge.taxonomy_cache``).
``make_cards`` reads what cards need for any number of pages in two queries: the
theme and region slugs of every page in one, the pictures with their renditions in
the other (``knowledge.renditions``).

A detail page shows several lists of chosen items (adapted from, adaptations,
related items, where it was used...), each in the reader's language where that
translation is public. A ``CardBatch`` collects the lists a page asks for and loads
them together when the first one is read: one query finds the public versions of
every chosen work, and the card data of all of them (and the page's own picture and
terms) come in the same two queries as above.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import CharField, F, Value
from wagtail.models import Locale

from knowledge.collation import sort_key
from knowledge.models import KnowledgePage
from knowledge.public import public_pages
from knowledge.renditions import prefetch_renditions
from knowledge.taxonomy_cache import regions_in, themes_in

CARD_RENDITION = "fill-480x270|format-webp"
# Twice the size, for high-density screens and for cards that span a phone's width.
CARD_RENDITION_LARGE = "fill-960x540|format-webp"
CARD_RENDITIONS = (CARD_RENDITION, CARD_RENDITION_LARGE)
# The picture at the top of a detail page (includes/page_header.html).
HEADER_RENDITIONS = ("fill-640x360|format-webp", "fill-1280x720|format-webp")


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


def _term_rows(model, relation, ids, order):
    """``(page id, relation, slug, sort value)`` rows of one page model's term relation."""
    field = model._meta.get_field(relation)
    through = field.remote_field.through
    page_column = field.m2m_field_name()
    term_column = field.m2m_reverse_field_name()
    return (
        through.objects.filter(**{f"{page_column}__in": ids})
        .annotate(
            page=F(page_column),
            kind=Value(relation, output_field=CharField()),
            slug=F(f"{term_column}__slug"),
            order=F(f"{term_column}__{order}"),
        )
        .values_list("page", "kind", "slug", "order")
    )


def attach_term_slugs(pages):
    """Give each page ``theme_slugs`` and ``region_slugs`` (regions in tree order), in one query.

    Library items have both; other pages with ``themes`` (such as mentor groups) their themes.
    """
    by_model = defaultdict(set)
    for page in pages:
        model = KnowledgePage if isinstance(page, KnowledgePage) else type(page)
        by_model[model].add(page.pk)
    parts = []
    for model, ids in by_model.items():
        names = {field.name for field in model._meta.get_fields()}
        if "themes" in names:
            parts.append(_term_rows(model, "themes", ids, "name"))
        if "regions" in names and model._meta.get_field("regions").many_to_many:
            parts.append(_term_rows(model, "regions", ids, "path"))
    found = defaultdict(lambda: {"themes": [], "regions": []})
    if parts:
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for page_id, relation, slug, order in rows:
            found[page_id][relation].append((order, slug))
    for page in pages:
        terms = found.get(page.pk, {"themes": [], "regions": []})
        page.theme_slugs = [slug for _order, slug in terms["themes"]]
        page.region_slugs = [slug for _order, slug in sorted(terms["regions"])]


def localized_terms(page, locale_id):
    """``(themes, regions)`` of a page as Terms named in ``locale_id``'s language.

    Themes are sorted by their name there; regions keep the tree order.
    """
    theme_terms = themes_in(locale_id)
    region_terms = regions_in(locale_id)
    if not hasattr(page, "theme_slugs"):
        attach_term_slugs([page])
    themes = sorted(
        (theme_terms[slug] for slug in page.theme_slugs if slug in theme_terms),
        key=lambda term: term.name,
    )
    regions = [region_terms[slug] for slug in page.region_slugs if slug in region_terms]
    return themes, regions


def load_card_data(pages, renditions=CARD_RENDITIONS):
    """Term slugs and listing images (with ``renditions``) of ``pages``: two queries."""
    pages = list(pages)
    if pages:
        attach_term_slugs(pages)
        if renditions:
            prefetch_renditions(renditions, pages=pages)
    return pages


def make_cards(pages, reader_locale, with_images=True):
    """Cards for ``pages``, with their card data read in a fixed number of queries."""
    pages = load_card_data(pages, CARD_RENDITIONS if with_images else ())
    return make_cards_from_loaded(pages, reader_locale)


class Cards(Sequence):
    """A list of cards that a ``CardBatch`` fills when any of its lists is first read."""

    def __init__(self, batch):
        self._batch = batch
        self._cards = None
        self._total = 0

    def _filled(self, cards, total):
        self._cards = cards
        self._total = total

    @property
    def all(self):
        if self._cards is None:
            self._batch.load()
        return self._cards

    @property
    def total(self):
        """How many cards there were before ``limit`` cut the list."""
        self.all  # noqa: B018 (loads the batch)
        return self._total

    def __getitem__(self, index):
        return self.all[index]

    def __len__(self):
        return len(self.all)

    def __bool__(self):
        return bool(self.all)


@dataclass
class _Wanted:
    pages: list
    cards: Cards
    model: type
    sort_by_title: bool
    limit: int | None
    localize: bool = True


class CardBatch:
    """The card lists of one response, loaded together (see the module docstring)."""

    def __init__(self, locale):
        self.locale = locale
        self._wanted = []
        self._included = []
        self._images = []
        self._by_key = {}

    def localized(self, pages, *, model=KnowledgePage, sort_by_title=False, limit=None, key=None):
        """Cards for chosen ``pages``, each in the reader's language where it is public.

        A page without a public translation in that language is shown as chosen, or,
        when the chosen page itself is not public (an unpublished translation), in its
        original language; either way marked as a fallback. Works with nothing public
        are dropped. ``model`` is the type the cards' pages are read as; ``key``
        names the list so that a template can find it again (``named``).
        """
        cards = Cards(self)
        self._wanted.append(
            _Wanted(
                [page for page in pages if page is not None], cards, model, sort_by_title, limit
            )
        )
        if key is not None:
            self._by_key[key] = cards
        return cards

    def shown(self, pages):
        """Cards for ``pages`` as they are (already in the reader's language or chosen so)."""
        cards = Cards(self)
        self._wanted.append(_Wanted(list(pages), cards, None, False, None, localize=False))
        return cards

    def named(self, key):
        return self._by_key.get(key)

    def include(self, page, renditions=HEADER_RENDITIONS):
        """Read ``page``'s own terms and picture (in ``renditions``) with the cards."""
        self._included.append((page, renditions))

    def include_images(self, images, renditions):
        """Read the ``renditions`` of ``images`` (such as those of image blocks) too."""
        self._images.append((images, renditions))

    def load(self):
        """Fill every list asked for so far; lists asked for later load on their own."""
        wanted, self._wanted = self._wanted, []
        included, self._included = self._included, []
        images, self._images = self._images, []
        chosen_per_list = self._choose(wanted)
        pages = [page for chosen in chosen_per_list for page in chosen]
        pages += [page for page, _renditions in included]
        renditions = set(CARD_RENDITIONS) if chosen_per_list else set()
        for _page, page_renditions in included:
            renditions.update(page_renditions)
        for _images, image_renditions in images:
            renditions.update(image_renditions)
        # A page may carry its terms already (a preview's, from memory): keep them.
        unattached = [page for page in pages if not hasattr(page, "theme_slugs")]
        if unattached:
            attach_term_slugs(unattached)
        if pages or images:
            prefetch_renditions(
                renditions,
                pages=pages,
                images=[image for block_images, _specs in images for image in block_images],
            )
        for want, chosen in zip(wanted, chosen_per_list, strict=True):
            cards = make_cards_from_loaded(chosen, self.locale)
            if want.sort_by_title:
                cards.sort(key=lambda card: sort_key(card.title))
            total = len(cards)
            if want.limit is not None:
                cards = cards[: want.limit]
            want.cards._filled(cards, total)

    def _choose(self, wanted):
        """For each list, the public version of each chosen work to show, in order."""
        candidates = {}
        by_model = defaultdict(set)
        for want in wanted:
            if want.localize:
                by_model[want.model].update(page.translation_key for page in want.pages)
        for model, keys in by_model.items():
            if keys:
                candidates[model] = list(
                    public_pages(model, restrictions_inline=True)
                    .filter(translation_key__in=keys)
                    .select_related("locale")
                )
        chosen_per_list = []
        for want in wanted:
            if not want.localize:
                chosen_per_list.append(want.pages)
                continue
            chosen_pks = {page.pk for page in want.pages}
            by_key = {}
            for page in candidates.get(want.model, []):
                rank = _preference(page, self.locale, chosen_pks)
                current = by_key.get(page.translation_key)
                if rank is not None and (current is None or rank < current[0]):
                    by_key[page.translation_key] = (rank, page)
            chosen = [
                by_key[page.translation_key][1]
                for page in want.pages
                if page.translation_key in by_key
            ]
            chosen_per_list.append(_unique(chosen))
        return chosen_per_list


def make_cards_from_loaded(pages, reader_locale):
    """Cards for pages whose card data is already attached."""
    cards = []
    for page in pages:
        themes, regions = localized_terms(page, reader_locale.pk)
        cards.append(Card(page=page, reader_locale=reader_locale, themes=themes, regions=regions))
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


def localized_pages(pages, locale, specific=False, sort_by_title=False):
    """Cards for chosen pages in ``locale`` (see ``CardBatch.localized``), loaded now."""
    batch = CardBatch(locale)
    model = KnowledgePage
    if specific:
        classes = {page.specific_class for page in pages if page is not None}
        model = classes.pop() if len(classes) == 1 else KnowledgePage
    cards = batch.localized(pages, model=model, sort_by_title=sort_by_title)
    return list(cards)


def related_key(pages):
    """How a related-items block's list is named in a batch: by the pages it links."""
    return ("related", tuple(page.pk for page in pages if page is not None))


def ask_for_body(body, cards):
    """Ask ``cards`` for what a StreamField body shows: related items and block images."""
    from knowledge.blocks import IMAGE_BLOCK_RENDITIONS

    images = []
    for block in body:
        if block.block_type == "related":
            pages = [page for page in block.value["pages"] if page is not None]
            cards.localized(pages, key=related_key(pages))
        elif block.block_type == "image":
            images.append(block.value["image"])
    if images:
        cards.include_images(images, IMAGE_BLOCK_RENDITIONS)
