"""Rich text is cleaned when it is saved, whoever wrote it.

Wagtail renders stored rich text as it is: its editor and our Markdown import only
ever store safe HTML, but a raw POST, a shell session, a future API or a bug in
one of them could store ``<a href="javascript:...">`` or a ``<script>``. So every
model save passes its ``RichTextField`` values and the rich text inside its
``StreamField`` values through :func:`clean_rich_text`, which drops script-like
elements, event-handler and style attributes, and links whose scheme is not
allowed (``javascript:``, ``data:``, ``vbscript:``, with any obfuscation Wagtail's
own ``check_url`` sees through). Clean HTML is returned unchanged, byte for byte.
"""

import re

from bs4 import BeautifulSoup
from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.blocks import ListBlock, RichTextBlock, StreamBlock, StructBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText
from wagtail.whitelist import check_url

DROPPED_ELEMENTS = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "link",
    "meta",
    "base",
    "svg",
    "math",
    "template",
    "noscript",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster"}
FORBIDDEN_ATTRIBUTES = {"style", "srcdoc", "srcset"}
SUSPICIOUS = re.compile(
    r"<\s*/?\s*(?:" + "|".join(sorted(DROPPED_ELEMENTS)) + r")\b"
    r"|\son\w+\s*="
    r"|\s(?:style|srcdoc|srcset)\s*="
    r"|\s(?:href|src|action|formaction|xlink:href|background|poster)\s*=",
    re.IGNORECASE,
)


def _clean_tag(tag):
    changed = False
    for name in list(tag.attrs):
        lowered = name.lower()
        value = tag.attrs[name]
        if lowered.startswith("on") or lowered in FORBIDDEN_ATTRIBUTES:
            del tag.attrs[name]
            changed = True
        elif lowered in URL_ATTRIBUTES:
            if isinstance(value, list):
                value = " ".join(value)
            if check_url(value) is None:
                del tag.attrs[name]
                changed = True
    return changed


def clean_rich_text(html):
    """``html`` without script, event handlers or unsafe link targets."""
    if not html or not SUSPICIOUS.search(html):
        return html
    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for element in soup.find_all(DROPPED_ELEMENTS):
        element.decompose()
        changed = True
    for tag in soup.find_all(True):
        changed = _clean_tag(tag) or changed
    return str(soup) if changed else html


def _clean_block_value(block, value):
    """Clean rich text anywhere inside one StreamField block's value, in place."""
    if value is None:
        return
    if isinstance(block, RichTextBlock) and isinstance(value, RichText):
        value.source = clean_rich_text(value.source)
    elif isinstance(block, StreamBlock):
        for child in value:
            _clean_block_value(child.block, child.value)
    elif isinstance(block, StructBlock):
        for name, child_block in block.child_blocks.items():
            _clean_block_value(child_block, value.get(name))
    elif isinstance(block, ListBlock):
        for child in value.bound_blocks:
            _clean_block_value(child.block, child.value)


@receiver(pre_save, dispatch_uid="knowledge.clean_rich_text_on_save")
def clean_rich_text_on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, RichTextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, clean_rich_text(value))
        elif isinstance(field, StreamField):
            value = getattr(instance, field.attname)
            if value is not None and hasattr(value, "stream_block"):
                _clean_block_value(value.stream_block, value)
