"""The library's base page, the home page and the library index.

``KnowledgePage`` is built from the abstract mixins in ``mixins.py`` and is itself
concrete (multi-table): the library lists, filters, paginates and falls back across
every type in one query, which an abstract base cannot do.
"""

from django.db import models
from django.http import Http404
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from knowledge.api_fields import KeywordsField, PublicImageField, TermsField
from knowledge.blocks import RICH_TEXT_FEATURES, BodyBlock
from knowledge.content_cache import shares_content
from knowledge.forms import KnowledgePageForm
from knowledge.models.mixins import (
    ListingImageMixin,
    OriginalLanguageMixin,
    RegionsMixin,
    ReviewDateMixin,
    SummaryMixin,
    ThemesMixin,
    VisibilityMixin,
)
from knowledge.restrictions import KnownRestrictionsMixin
from knowledge.search_index import analysed_fields


class KnowledgePageTag(TaggedItemBase):
    """Free keywords (django-taggit), beside the controlled themes."""

    content_object = ParentalKey(
        "knowledge.KnowledgePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class KnowledgePage(
    SummaryMixin,
    ListingImageMixin,
    ThemesMixin,
    RegionsMixin,
    OriginalLanguageMixin,
    ReviewDateMixin,
    VisibilityMixin,
    KnownRestrictionsMixin,
    Page,
):
    """Everything the library lists: methods, packages, bundles, collections, write-ups.

    Subclasses set ``listing_type`` to the code used by the ``type`` filter.
    """

    listing_type = ""
    listing_type_label = ""
    # Methods and packages are checked by an editor every so often (knowledge.review).
    requires_review_date = False
    # Readers may say whether it was useful and that they used it (knowledge.feedback).
    accepts_reader_feedback = False
    # Its template shows the panels other apps add (knowledge.extensions).
    shows_detail_panels = False

    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    keywords = ClusterTaggableManager(
        through=KnowledgePageTag, verbose_name=_("keywords"), blank=True
    )

    is_creatable = False
    base_form_class = KnowledgePageForm
    override_translatable_fields = OriginalLanguageMixin.review_state_fields

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.AutocompleteField("summary"),
        index.SearchField("classification_text"),
        index.FilterField("locale_id"),
        index.FilterField("visibility"),
    ]

    # What the read-only API shows; related items pass through fields that drop
    # anything not public (see knowledge.api_fields).
    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("themes", serializer=TermsField()),
        APIField("regions", serializer=TermsField()),
        APIField("keywords", serializer=KeywordsField()),
        APIField("original_language"),
        APIField("machine_translated"),
        APIField("listing_image", serializer=PublicImageField()),
    ]

    content_panels = Page.content_panels + SummaryMixin.summary_panels
    classification_panels = [
        MultiFieldPanel(
            ThemesMixin.themes_panels + RegionsMixin.regions_panels + [FieldPanel("keywords")],
            heading=_("Classification"),
        )
    ]
    settings_panels = (
        Page.settings_panels
        + VisibilityMixin.visibility_panels
        + OriginalLanguageMixin.original_language_panels
        + ReviewDateMixin.review_date_panels
    )
    promote_panels = Page.promote_panels + ListingImageMixin.listing_image_panels

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        indexes = [
            # The few items that are not public: every query for public pages of any
            # type leaves them out (knowledge.public), which without this index reads
            # the whole table, 50 ms at 100,000 items.
            models.Index(
                fields=["page_ptr"],
                condition=~models.Q(visibility="public"),
                name="knowledge_hidden_items",
            ),
        ]

    def save(self, *args, **kwargs):
        self.set_library_defaults()
        return super().save(*args, **kwargs)

    def set_library_defaults(self):
        """A review date for types that need one, and the original language; pages
        written in bulk (``knowledge.bulk_pages``) are not saved one by one, so they ask
        for these here too."""
        if self.review_date is None and self.requires_review_date:
            from knowledge.review import default_review_date

            self.review_date = default_review_date()
        if not self.original_language:
            if self.locale_id is None:
                self.locale = self.get_default_locale()
            self.original_language = self.locale.language_code

    @classmethod
    def get_search_fields(cls):
        """Every text field analysed in the page's own language (see ``search_index``)."""
        return analysed_fields(super().get_search_fields())

    @classmethod
    def get_indexed_objects(cls):
        return (
            super()
            .get_indexed_objects()
            .select_related("locale")
            .prefetch_related("themes", "regions", "tagged_items__tag")
        )

    @shares_content
    def get_context(self, request, *args, **kwargs):
        """The page with every list of cards it shows, read together (``knowledge.cards``).

        Page types add their lists in ``get_card_context``; related-items blocks, the
        images of the body, the page's own picture and terms, and the panels of other
        apps are asked for here, and all of them load at once before rendering.
        """
        from knowledge.cards import CardBatch, ask_for_body
        from knowledge.extensions import detail_panels

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            self.attach_unsaved_terms()
        cards = CardBatch(self.locale)
        cards.include(self)
        ask_for_body(self.body, cards)
        context["card_batch"] = cards
        context.update(self.get_card_context(request, cards))
        if self.shows_detail_panels:
            context["detail_panels"] = list(detail_panels(self, request, cards))
        cards.load()
        return context

    def get_card_context(self, request, cards):
        """What this page type shows beside itself, its card lists asked of ``cards``."""
        return {}

    def attach_unsaved_terms(self):
        """A preview shows the revision being edited: its terms are in memory, not in rows."""
        self.theme_slugs = [theme.slug for theme in self.themes.all()]
        self.region_slugs = [
            region.slug for region in sorted(self.regions.all(), key=lambda region: region.path)
        ]

    def classification_text(self):
        """Theme, region and keyword names, searched in the page's language."""
        names = [theme.name for theme in self.themes.all()]
        names += [region.name for region in self.regions.all()]
        names += [item.tag.name for item in self.tagged_items.all()]
        return " ".join(names)

    @classproperty
    def listing_types(cls):
        """Map of ``type`` filter code to page model, for every concrete library type."""
        from wagtail.models import get_page_models

        return {
            model.listing_type: model
            for model in get_page_models()
            if issubclass(model, KnowledgePage) and model.listing_type
        }


class HomePage(KnownRestrictionsMixin, Page):
    """The home of one language: an introduction, featured items and what is new."""

    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 3  # one per language, as siblings under the root

    api_fields = [APIField("introduction")]

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        InlinePanel("featured_items", label=_("Featured on the home page")),
    ]

    class Meta:
        verbose_name = _("home page")

    @shares_content
    def get_context(self, request, *args, **kwargs):
        from knowledge.cards import CardBatch
        from knowledge.listing import library_items, with_card_data

        context = super().get_context(request, *args, **kwargs)
        cards = CardBatch(self.locale)
        featured = [link.item for link in self.featured_items.select_related("item")]
        context["featured"] = cards.localized(featured)
        context["latest"] = cards.shown(with_card_data(library_items(self.locale))[:6])
        cards.load()
        return context


class HomeFeaturedItem(Orderable):
    """An item editors chose to show first on the home page."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_items")
    item = models.ForeignKey(
        KnowledgePage, verbose_name=_("item"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("item")]


class LibraryIndexPage(KnownRestrictionsMixin, Page):
    """A section of the library that lists its items with filters and pagination."""

    class Section(models.TextChoices):
        METHODS = "methods", _("Methods")
        PACKAGES = "packages", _("Programme packages")
        COLLECTIONS = "collections", _("Collections")

    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["knowledge.HomePage"]
    subpage_types = [
        "knowledge.MethodologyArticle",
        "knowledge.ProgrammePackage",
        "knowledge.RegionalBundle",
        "knowledge.CuratedCollection",
    ]

    api_fields = [APIField("section"), APIField("introduction")]

    content_panels = Page.content_panels + [FieldPanel("section"), FieldPanel("introduction")]

    class Meta:
        verbose_name = _("library index")

    @shares_content
    def get_context(self, request, *args, **kwargs):
        from knowledge.listing import LibraryFilter, paginate

        context = super().get_context(request, *args, **kwargs)
        library_filter = LibraryFilter.from_query(request.GET, self.locale)
        if library_filter is None:
            raise Http404(_("Unknown filter value."))
        items = library_filter.apply(self.listing_pages(request))
        context["filter"] = library_filter
        context["page_obj"] = paginate(items, request.GET.get("page"), locale=self.locale)
        context["facets"] = library_filter.facets()
        return context

    def serve(self, request, *args, **kwargs):
        """``?format=csv`` or ``?format=json`` downloads the filtered listing, every item."""
        from knowledge.downloads import FORMATS, download_response
        from knowledge.listing import LibraryFilter

        export_format = request.GET.get("format")
        if export_format is None:
            return super().serve(request, *args, **kwargs)
        library_filter = LibraryFilter.from_query(request.GET, self.locale)
        if export_format not in FORMATS or library_filter is None:
            raise Http404(_("Unknown filter value."))
        items = library_filter.apply(self.listing_queryset())
        return download_response(self, items, export_format, request)

    def listing_queryset(self):
        from knowledge.listing import library_items

        return library_items(self.locale, within=self)

    def listing_pages(self, request=None):
        """The listing's items as page rows, to read a page's worth of ids from."""
        from knowledge.listing import library_item_pages

        return library_item_pages(self.locale, within=self, request=request)
