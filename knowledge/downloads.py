"""A filtered listing as a file: CSV for spreadsheets, JSON for scripts.

The rows are exactly the listing's items (same filters, same language fallback,
same order, public and live only), every one of them rather than one page. The
columns are described in ``docs/listing-downloads.md``. Text that a spreadsheet
would run as a formula is prefixed with an apostrophe in the CSV.
"""

import csv
import io
import json

from django.http import HttpResponse
from django.utils.text import slugify

from knowledge.links import absolute_url
from knowledge.listing import make_cards, with_card_data

FORMATS = ("csv", "json")
COLUMNS = [
    "title",
    "url",
    "type",
    "language",
    "shown_in_source_language",
    "original_language",
    "machine_translated",
    "summary",
    "themes",
    "regions",
    "first_published_at",
    "last_published_at",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def rows(items, locale, request):
    """One dict per listed item, in the listing's order, named in the reader's language."""
    for card in make_cards(with_card_data(items), locale, with_images=False):
        page = card.page
        yield {
            "title": page.title,
            "url": absolute_url(page, request),
            "type": card.type_code,
            "language": card.language,
            "shown_in_source_language": card.is_fallback,
            "original_language": page.original_language,
            "machine_translated": page.machine_translated,
            "summary": page.summary,
            "themes": [term.slug for term in card.themes],
            "regions": [term.slug for term in card.regions],
            "first_published_at": _iso(page.first_published_at),
            "last_published_at": _iso(page.last_published_at),
        }


def _iso(moment):
    return moment.isoformat() if moment else None


def _cell(value):
    if isinstance(value, list):
        value = ";".join(value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    elif value is None:
        value = ""
    value = str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def as_csv(records):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([_cell(record[column]) for column in COLUMNS])
    return buffer.getvalue()


def download_response(listing_page, items, export_format, request):
    """The listing ``items`` as a CSV or JSON attachment named after the listing."""
    records = list(rows(items, listing_page.locale, request))
    name = f"{slugify(listing_page.slug) or 'listing'}-{listing_page.locale.language_code}"
    if export_format == "csv":
        # A byte-order mark so that spreadsheet programs read the accents right.
        response = HttpResponse("\ufeff" + as_csv(records), content_type="text/csv; charset=utf-8")
    else:
        body = json.dumps({"count": len(records), "items": records}, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{export_format}"'
    response["X-Robots-Tag"] = "noindex"
    return response
