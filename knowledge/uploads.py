"""Upload checks for documents: the content must be what the extension says.

Wagtail already limits a document's size (``WAGTAILDOCS_MAX_UPLOAD_SIZE``) and
checks that an image really is the format its extension names. A document is only
checked by its extension, so a web page renamed ``.pdf`` would be stored as it is.
Downloads are sent as attachments with ``nosniff`` and ``default-src 'none'``, so
such a file could not run on our origin anyway; refusing it at upload also keeps
it from reaching readers' machines as a "PDF".
"""

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

# What each format begins with. Office Open XML and OpenDocument files are ZIP archives.
ZIP = (b"PK\x03\x04",)
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": ZIP,
    "xlsx": ZIP,
    "pptx": ZIP,
    "odt": ZIP,
    "ods": ZIP,
    "odp": ZIP,
}
TEXT_EXTENSIONS = {"txt", "csv"}
# Openings that make a browser treat text as HTML or script (the WHATWG sniffing
# patterns, plus the obvious script and SVG ones).
MARKUP_OPENINGS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<svg",
    b"<?xml",
    b"<!--",
    b"<a ",
    b"<div",
    b"<img",
    b"<style",
    b"<title",
    b"<table",
    b"<p>",
    b"<br",
    b"<b>",
    b"<h1",
    b"<font",
)
SNIFF_LENGTH = 1024


def _opening(uploaded):
    uploaded.seek(0)
    head = uploaded.read(SNIFF_LENGTH)
    uploaded.seek(0)
    return head


def check_document_content(uploaded):
    """Raise ``ValidationError`` unless the file's bytes match its extension."""
    extension = os.path.splitext(uploaded.name)[1].lower().lstrip(".")
    head = _opening(uploaded)
    if extension in SIGNATURES and not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("This file is not a real .%(extension)s file. Upload the original document."),
            code="document_content_mismatch",
            params={"extension": extension},
        )
    if extension in TEXT_EXTENSIONS:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n\x0c").lower()
        if text.startswith(MARKUP_OPENINGS):
            raise ValidationError(
                _("Web pages and scripts cannot be uploaded as documents."),
                code="document_is_markup",
            )


class SafeDocumentForm(BaseDocumentForm):
    """The admin's document form, with the content check above."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        # A new upload is an UploadedFile; an unchanged file on edit is the stored one.
        if uploaded is not None and hasattr(uploaded, "content_type"):
            check_document_content(uploaded)
        return uploaded
