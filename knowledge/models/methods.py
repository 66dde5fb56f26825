"""Methodology articles: methods a mentor can pick up and run."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from knowledge.api_fields import PublicPagesField
from knowledge.blocks import StepsBlock
from knowledge.models.pages import KnowledgePage
from knowledge.restrictions import unrestricted


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC_BY_NC_SA = "cc-by-nc-sa-4.0", "CC BY-NC-SA 4.0"
    ALL_RIGHTS = "all-rights-reserved", _("All rights reserved")


class MethodologyArticle(KnowledgePage):
    """A method with what a facilitator needs on the day: steps, durations, materials.

    Lineage: ``adapted_from`` names the method this one was adapted from, with what
    changed and why. Its evidence (the write-ups that used it) comes from the groups
    app through reverse relations; this module does not know about groups.
    """

    listing_type = "method"
    requires_review_date = True
    accepts_reader_feedback = True
    shows_detail_panels = True
    listing_type_label = _("Method")

    purpose = models.TextField(_("purpose"), blank=True)
    when_to_use = models.TextField(_("when to use"), blank=True)
    audience = models.CharField(_("audience"), max_length=255, blank=True)
    group_size_min = models.PositiveSmallIntegerField(
        _("smallest group"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    group_size_max = models.PositiveSmallIntegerField(
        _("largest group"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    preparation = models.TextField(_("preparation"), blank=True)
    materials = models.TextField(_("materials"), blank=True, help_text=_("One item per line."))
    steps = StreamField(StepsBlock(), verbose_name=_("steps"), blank=True)
    variations = models.TextField(_("variations"), blank=True)
    risks = models.TextField(_("risks and how to handle them"), blank=True)
    evaluation = models.TextField(_("how to evaluate"), blank=True)
    adapted_from = models.ForeignKey(
        "self",
        verbose_name=_("adapted from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adaptations",
    )
    adaptation_note = models.TextField(_("what changed and why"), blank=True)
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY_SA
    )

    parent_page_types = ["knowledge.LibraryIndexPage"]
    subpage_types = []
    is_creatable = True
    # Read with the page when it is served (knowledge.routing): the page shows its source.
    serve_select_related = ("adapted_from",)

    search_fields = KnowledgePage.search_fields + [
        index.SearchField("purpose"),
        index.SearchField("when_to_use"),
        index.SearchField("steps"),
        index.SearchField("materials"),
    ]

    api_fields = (
        KnowledgePage.api_fields
        + [
            APIField(name)
            for name in (
                "purpose",
                "when_to_use",
                "audience",
                "group_size_min",
                "group_size_max",
                "duration_minutes",
                "preparation",
                "materials",
                "steps",
                "variations",
                "risks",
                "evaluation",
            )
        ]
        + [
            APIField("adapted_from", serializer=PublicPagesField(many=False)),
            APIField("adaptation_note"),
            APIField("licence"),
        ]
    )

    content_panels = (
        KnowledgePage.content_panels
        + [
            FieldPanel("purpose"),
            FieldPanel("when_to_use"),
            MultiFieldPanel(
                [
                    FieldPanel("audience"),
                    FieldRowPanel(
                        [
                            FieldPanel("group_size_min"),
                            FieldPanel("group_size_max"),
                            FieldPanel("duration_minutes"),
                        ]
                    ),
                ],
                heading=_("Who and how long"),
            ),
            FieldPanel("preparation"),
            FieldPanel("materials"),
            FieldPanel("steps"),
            FieldPanel("variations"),
            FieldPanel("risks"),
            FieldPanel("evaluation"),
            FieldPanel("body"),
            MultiFieldPanel(
                [FieldPanel("adapted_from"), FieldPanel("adaptation_note"), FieldPanel("licence")],
                heading=_("Lineage and licence"),
            ),
        ]
        + KnowledgePage.classification_panels
    )

    class Meta:
        verbose_name = _("methodology article")
        verbose_name_plural = _("methodology articles")

    @property
    def materials_list(self):
        return [line.strip() for line in self.materials.splitlines() if line.strip()]

    @property
    def steps_total_minutes(self):
        return sum(step.value.get("minutes") or 0 for step in self.steps)

    def get_card_context(self, request, cards):
        source = [self.adapted_from] if self.adapted_from_id else []
        adaptations = unrestricted(self.adaptations.live()).order_by("title")
        return {
            "adapted_from": cards.localized(source),
            "adaptations": cards.localized(adaptations),
        }
