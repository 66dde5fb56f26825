"""Curated collections: an ordered selection with an introduction, chosen by editors."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable

from knowledge.api_fields import PublicPagesField
from knowledge.models.pages import KnowledgePage


class CuratedCollection(KnowledgePage):
    """For example "starting a volunteer programme in a small town": items in reading order."""

    listing_type = "collection"
    listing_type_label = _("Collection")

    parent_page_types = ["knowledge.LibraryIndexPage"]
    subpage_types = []
    is_creatable = True

    api_fields = KnowledgePage.api_fields + [
        APIField("items", serializer=PublicPagesField(item_attribute="item")),
    ]

    content_panels = (
        KnowledgePage.content_panels
        + [FieldPanel("body"), InlinePanel("items", label=_("Items"))]
        + KnowledgePage.classification_panels
    )

    class Meta:
        verbose_name = _("curated collection")
        verbose_name_plural = _("curated collections")

    def get_context(self, request, *args, **kwargs):
        from knowledge.listing import localized_pages

        context = super().get_context(request, *args, **kwargs)
        links = list(self.items.select_related("item"))
        shown = localized_pages([link.item for link in links], self.locale)
        notes = {link.item.translation_key: link.note for link in links}
        context["items"] = [(card, notes.get(card.page.translation_key, "")) for card in shown]
        return context


class CollectionItem(Orderable):
    collection = ParentalKey(CuratedCollection, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(
        KnowledgePage, verbose_name=_("item"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(_("why it is here"), blank=True)

    panels = [FieldPanel("item"), FieldPanel("note")]
