"""The controlled vocabularies: themes, regions and institutions.

All three are translatable snippets. A theme or region keeps one slug in every
language, so filter URLs and imports name it the same way whatever the reader's
language; the name shown is the one of the reader's locale.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class TaxonomyQuerySet(models.QuerySet):
    def in_locale(self, locale):
        return self.filter(locale=locale)


class Theme(TranslatableMixin, index.Indexed, models.Model):
    """A theme of the shared vocabulary, at most two levels deep."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("The same in every language."))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    scope_note = models.TextField(_("scope note"), blank=True)
    synonyms = models.TextField(
        _("synonyms"), blank=True, help_text=_("One per line; used to widen search.")
    )

    objects = TaxonomyQuerySet.as_manager()

    # One slug in every language: wagtail-localize copies it, translators never see it.
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("scope_note"),
        FieldPanel("synonyms"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_theme_slug_per_locale")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id:
            if self.parent.parent_id:
                raise ValidationError({"parent": _("Themes have at most two levels.")})
            if self.parent.locale_id != self.locale_id:
                raise ValidationError(
                    {"parent": _("The broader theme must be in the same language.")}
                )


class Region(TranslatableMixin, index.Indexed, models.Model):
    """A place in the hierarchy country → county or region → district → settlement.

    ``path`` holds the slugs from the country down, so that "this region and
    everything in it" is one ``startswith`` lookup in every language.
    """

    class Level(models.TextChoices):
        COUNTRY = "country", _("country")
        COUNTY = "county", _("county or statistical region")
        DISTRICT = "district", _("micro-region or district")
        SETTLEMENT = "settlement", _("settlement")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("The same in every language."))
    level = models.CharField(pgettext_lazy("region", "level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=400, editable=False, db_index=True)

    objects = TaxonomyQuerySet.as_manager()

    # One slug in every language: wagtail-localize copies it, translators never see it.
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("level"), FieldPanel("parent")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_region_slug_per_locale")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()

    @property
    def depth(self):
        return self.path.count("/")

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk:
                raise ValidationError({"parent": _("A region cannot be part of itself.")})
            ancestor = ancestor.parent
        if self.parent_id and self.parent.locale_id != self.locale_id:
            raise ValidationError({"parent": _("The larger region must be in the same language.")})

    def self_and_descendants(self):
        """Regions inside this one, in the same language, including itself."""
        return Region.objects.filter(locale_id=self.locale_id).filter(
            models.Q(path=self.path) | models.Q(path__startswith=f"{self.path}/")
        )


class Institution(TranslatableMixin, index.Indexed, models.Model):
    """A community-culture institution, community space, library, school, NGO or municipality."""

    class Kind(models.TextChoices):
        CULTURAL_CENTRE = "cultural-centre", _("community-culture institution")
        COMMUNITY_SPACE = "community-space", _("community space")
        LIBRARY = "library", _("library")
        SCHOOL = "school", _("school")
        NGO = "ngo", _("NGO")
        MUNICIPALITY = "municipality", _("municipality")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    settlement = models.ForeignKey(
        Region,
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="institutions",
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("settlement"),
        FieldPanel("description"),
        FieldPanel("website"),
    ]
    search_fields = [index.SearchField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self):
        return self.name
