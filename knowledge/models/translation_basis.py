"""What a translation made outside wagtail-localize was last brought up to date with.

wagtail-localize keeps its own sync state for the translations it makes. A
translation written by the importer or edited directly in the page editor has
none, so this row records the source's publication it matches: the source's
``last_published_at`` (and the revision then live) when the translation was
imported or last published. The source published again after that makes the
translation outdated (see ``knowledge.translation_health``).

It is kept outside the page and its revisions, so reverting or syncing a page
never rewrites it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationBasis(models.Model):
    page = models.OneToOneField(
        "knowledge.KnowledgePage",
        verbose_name=_("translation"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="translation_basis",
    )
    source_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("source revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_published_at = models.DateTimeField(_("source published at"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("translation basis")
        verbose_name_plural = _("translation bases")

    def __str__(self):
        return str(self.page_id)
