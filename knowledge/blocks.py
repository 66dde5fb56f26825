"""StreamField blocks shared by every page type of the library."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "blockquote"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=pgettext_lazy("heading", "level"),
        choices=[("h2", "H2"), ("h3", "H3")],
        default="h2",
        required=True,
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")


# The renditions blocks/image.html shows (read with a page's cards, see knowledge.cards).
IMAGE_BLOCK_RENDITIONS = ("width-1200|format-webp", "width-600|format-webp")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        help_text=_("Describe the image for people who cannot see it; leave empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quotation")


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "tip"
        template = "blocks/callout.html"
        label = _("Highlighted box")


class RelatedItemsBlock(blocks.StructBlock):
    """Links to other pages; each is shown in the reader's language when it exists."""

    title = blocks.CharBlock(label=_("title"), required=False)
    pages = blocks.ListBlock(blocks.PageChooserBlock(label=_("page")), label=_("pages"))

    class Meta:
        icon = "link"
        template = "blocks/related_items.html"
        label = _("Related items")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, template="blocks/paragraph.html"
    )
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    related = RelatedItemsBlock()


class StepBlock(blocks.StructBlock):
    """One step of a method, with the time it takes."""

    title = blocks.CharBlock(label=_("step"), max_length=200)
    minutes = blocks.IntegerBlock(label=_("minutes"), required=False, min_value=1, max_value=1440)
    description = blocks.RichTextBlock(label=_("what happens"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
        template = "blocks/step.html"
        label = _("Step")


class StepsBlock(blocks.StreamBlock):
    step = StepBlock()
