"""Small abstract mixins that make up the library's pages.

Each mixin carries its own fields and the panels that edit them, so a page type
composes its editing interface from the same pieces it composes its data from.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail_localize.fields import BaseTranslatableField


class SummaryMixin(models.Model):
    summary = models.TextField(
        _("summary"),
        max_length=600,
        blank=True,
        help_text=_("One or two plain sentences, shown on cards and in search results."),
    )

    summary_panels = [FieldPanel("summary")]

    class Meta:
        abstract = True


class ListingImageMixin(models.Model):
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    listing_image_panels = [FieldPanel("listing_image")]

    class Meta:
        abstract = True


class ThemesMixin(models.Model):
    """Controlled themes. Filters match by slug, which is the same in every language."""

    themes = ParentalManyToManyField("knowledge.Theme", verbose_name=_("themes"), blank=True)

    themes_panels = [FieldPanel("themes")]

    class Meta:
        abstract = True


class RegionsMixin(models.Model):
    """Regions the item comes from or is about; a filter on a region includes its parts."""

    regions = ParentalManyToManyField("knowledge.Region", verbose_name=_("regions"), blank=True)

    regions_panels = [FieldPanel("regions")]

    class Meta:
        abstract = True


class NotSynchronized(BaseTranslatableField):
    """A field that wagtail-localize neither translates nor copies from the source.

    The review state belongs to each translation: syncing a source must not reset a
    translation's "machine-translated" flag, nor carry the source's approval over.
    """


class OriginalLanguageMixin(models.Model):
    """Where a text comes from, and whether its translation still needs a human eye.

    ``machine_translated`` is set when a translation is saved from machine output
    (see ``knowledge.machine_translation``) and cleared only when an editor approves
    it, which records who did and when.
    """

    original_language = models.CharField(
        _("original language"), max_length=5, choices=settings.LANGUAGES, blank=True
    )
    machine_translated = models.BooleanField(
        _("machine-translated, not reviewed"),
        default=False,
        help_text=_("Set when machine output is used; cleared when an editor approves it."),
    )
    translation_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translation approved by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    translation_reviewed_at = models.DateTimeField(
        _("translation approved at"), null=True, blank=True, editable=False
    )

    # The approval fields are not editable, so wagtail-localize leaves them alone already.
    review_state_fields = [NotSynchronized("machine_translated")]

    original_language_panels = [
        MultiFieldPanel(
            [FieldPanel("original_language"), FieldPanel("machine_translated", read_only=True)],
            heading=_("Language"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def is_source(self):
        return self.original_language == self.locale.language_code


class ReviewDateMixin(models.Model):
    review_date = models.DateField(
        _("review date"),
        null=True,
        blank=True,
        help_text=_("When an editor should check that this is still accurate."),
    )

    review_date_panels = [FieldPanel("review_date")]

    class Meta:
        abstract = True


class VisibilityMixin(models.Model):
    """Who may read a page. Kept in step with Wagtail's view restrictions (see signals)."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Programme members")
        GROUP = "group", _("Group only")

    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )

    visibility_panels = [FieldPanel("visibility")]

    class Meta:
        abstract = True

    def visibility_groups(self):
        """Django groups that may read a group-only page; the groups app narrows this."""
        return []
