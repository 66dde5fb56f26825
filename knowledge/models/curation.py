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

    def get_card_context(self, request, cards):
        links = list(self.items.select_related("item"))
        notes = {link.item.translation_key: link.note for link in links}
        shown = cards.localized([link.item for link in links])
        return {"items": NotedCards(shown, notes)}


class NotedCards:
    """``(card, note)`` pairs of a collection, once its cards are loaded."""

    def __init__(self, cards, notes):
        self.cards = cards
        self.notes = notes

    def __iter__(self):
        for card in self.cards:
            yield card, self.notes.get(card.page.translation_key, "")

    def __bool__(self):
        return bool(self.cards)


class CollectionItem(Orderable):
    collection = ParentalKey(CuratedCollection, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(
        KnowledgePage, verbose_name=_("item"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(_("why it is here"), blank=True)

    panels = [FieldPanel("item"), FieldPanel("note")]
