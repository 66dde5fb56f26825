"""The domain glossary: community-culture terms with their equivalents in each language."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class GlossaryTerm(TranslatableMixin, index.Indexed, models.Model):
    """One concept of the field, e.g. közművelődés = ljubiteljska kultura = community culture.

    The translations of a term share its ``translation_key`` and its ``slug``; the
    slug is the anchor of the term on the public glossary page in every language.
    """

    term = models.CharField(_("term"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("The same in every language."))
    definition = models.TextField(_("definition"), blank=True)
    synonyms = models.TextField(
        _("synonyms"),
        blank=True,
        help_text=_("Other words for the same concept in this language, one per line."),
    )

    # One slug in every language: wagtail-localize copies it, translators never see it.
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    panels = [
        FieldPanel("term"),
        FieldPanel("slug"),
        FieldPanel("definition"),
        FieldPanel("synonyms"),
    ]
    search_fields = [
        index.SearchField("term"),
        index.SearchField("synonyms"),
        index.AutocompleteField("term"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_glossary_slug_per_locale"
            )
        ]

    def __str__(self):
        return self.term

    @property
    def synonym_list(self):
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]
