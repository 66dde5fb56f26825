"""Programme packages and the regional bundles that assemble them into an offer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable
from wagtail.search import index

from knowledge.api_fields import PublicPagesField, TermsField
from knowledge.models.pages import KnowledgePage


class ProgrammePackage(KnowledgePage):
    """An offer a host institution runs or others can book, built on local values."""

    class Season(models.TextChoices):
        ALL_YEAR = "all-year", _("All year")
        SPRING = "spring", _("Spring")
        SUMMER = "summer", _("Summer")
        AUTUMN = "autumn", _("Autumn")
        WINTER = "winter", _("Winter")

    class PriceBand(models.TextChoices):
        FREE = "free", _("Free")
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        ON_REQUEST = "on-request", _("On request")

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        IN_DEVELOPMENT = "in-development", _("In development")
        BOOKABLE = "bookable", _("Bookable")
        PAUSED = "paused", _("Paused")

    listing_type = "package"
    requires_review_date = True
    accepts_reader_feedback = True
    shows_detail_panels = True
    listing_type_label = _("Programme package")

    audience = models.CharField(_("audience"), max_length=255, blank=True)
    season = models.CharField(
        _("season"), max_length=12, choices=Season.choices, default=Season.ALL_YEAR
    )
    duration = models.CharField(_("duration"), max_length=120, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"), null=True, blank=True)
    price_band = models.CharField(
        _("price band"), max_length=12, choices=PriceBand.choices, default=PriceBand.ON_REQUEST
    )
    accessibility = models.TextField(_("accessibility"), blank=True)
    host = models.ForeignKey(
        "knowledge.Institution",
        verbose_name=_("host institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="packages",
    )
    contact = models.CharField(
        _("contact"),
        max_length=255,
        blank=True,
        help_text=_("A public e-mail address or phone number."),
    )
    local_values = models.TextField(_("local values it builds on"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_DEVELOPMENT
    )
    combines_with = ParentalManyToManyField(
        "self", verbose_name=_("combines with"), blank=True, symmetrical=False
    )

    parent_page_types = ["knowledge.LibraryIndexPage"]
    subpage_types = []
    is_creatable = True
    # Read with the page when it is served (knowledge.routing): the page names its host.
    serve_select_related = ("host",)

    search_fields = KnowledgePage.search_fields + [
        index.SearchField("local_values"),
        index.SearchField("audience"),
    ]

    api_fields = (
        KnowledgePage.api_fields
        + [
            APIField(name)
            for name in (
                "audience",
                "season",
                "duration",
                "capacity",
                "price_band",
                "accessibility",
                "contact",
                "local_values",
                "status",
            )
        ]
        + [APIField("combines_with", serializer=PublicPagesField())]
    )

    content_panels = (
        KnowledgePage.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldPanel("audience"),
                    FieldRowPanel([FieldPanel("season"), FieldPanel("duration")]),
                    FieldRowPanel([FieldPanel("capacity"), FieldPanel("price_band")]),
                    FieldPanel("accessibility"),
                ],
                heading=_("The offer"),
            ),
            MultiFieldPanel(
                [FieldPanel("host"), FieldPanel("contact"), FieldPanel("status")],
                heading=_("Host and booking"),
            ),
            FieldPanel("local_values"),
            FieldPanel("body"),
            FieldPanel("combines_with"),
        ]
        + KnowledgePage.classification_panels
    )

    class Meta:
        verbose_name = _("programme package")
        verbose_name_plural = _("programme packages")

    def get_card_context(self, request, cards):
        return {
            "combines_with": cards.localized(self.combines_with.all(), sort_by_title=True),
            "host": self.localized_host(),
        }

    def localized_host(self):
        """The host institution in the page's language where translated.

        Read with the page when served (``serve_select_related``); a host in another
        language costs one query for its translation.
        """
        if not self.host_id:
            return None
        host = self.host
        if host.locale_id == self.locale_id:
            return host
        return host.get_translations().filter(locale_id=self.locale_id).first() or host


class RegionalBundle(RoutablePageMixin, KnowledgePage):
    """An offer catalogue: the packages of one region, in the order editors chose.

    ``pdf/`` below the page downloads the same catalogue as a PDF file.
    """

    listing_type = "bundle"
    listing_type_label = _("Regional bundle")

    region = models.ForeignKey(
        "knowledge.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bundles",
    )

    parent_page_types = ["knowledge.LibraryIndexPage"]
    subpage_types = []
    is_creatable = True

    api_fields = KnowledgePage.api_fields + [
        APIField("region", serializer=TermsField()),
        APIField(
            "packages",
            serializer=PublicPagesField(source="bundle_packages", item_attribute="package"),
        ),
    ]

    content_panels = (
        KnowledgePage.content_panels
        + [
            FieldPanel("region"),
            FieldPanel("body"),
            InlinePanel("bundle_packages", label=_("Packages")),
        ]
        + KnowledgePage.classification_panels
    )

    class Meta:
        verbose_name = _("regional bundle")
        verbose_name_plural = _("regional bundles")

    def get_card_context(self, request, cards):
        return {"packages": self.package_cards(cards)}

    def package_cards(self, cards=None):
        """The chosen packages a reader may see, in the bundle's language or marked fallback.

        The page asks with the batch of all its cards; the PDF catalogue asks alone.
        """
        from knowledge.cards import CardBatch

        batch = cards if cards is not None else CardBatch(self.locale)
        packages = [link.package for link in self.bundle_packages.select_related("package")]
        return batch.localized(packages, model=ProgrammePackage)

    @path("pdf/", name="pdf")
    def pdf(self, request):
        """The offer catalogue as a PDF download (served after the page's own view checks)."""
        from knowledge.offer_catalogue_pdf import catalogue_response

        return catalogue_response(self, request)


class BundlePackage(Orderable):
    bundle = ParentalKey(RegionalBundle, on_delete=models.CASCADE, related_name="bundle_packages")
    package = models.ForeignKey(
        ProgrammePackage, verbose_name=_("package"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("package")]
