"""A regional bundle's offer catalogue as a PDF file, made on the server.

fpdf2 writes the PDF in pure Python (no system libraries), with DejaVu Sans from
``site/fonts/`` embedded as a subset, so Hungarian and Slovenian letters (ő, ű, č,
š, ž) come out right on any machine. The fonts live beside the templates rather
than in ``static/``: they are read by the server, never sent to browsers. Labels
are in the bundle's language; a package shown in its original language is marked
with that language, as on the page.
"""

import re

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from knowledge.offer_catalogue import offer_catalogue
from knowledge.templatetags.library_tags import language_name

FONT_DIR = settings.SITE_DIR / "fonts"
FONT = "DejaVuSans"
TEXT_COLOUR = (20, 20, 20)
QUIET_COLOUR = (90, 90, 90)
LINE = 5.5
# Control characters other than line breaks have no glyph; they are dropped.
UNPRINTABLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def catalogue_response(bundle, request):
    """The bundle's catalogue as a PDF attachment named after its slug."""
    document = render_catalogue(offer_catalogue(bundle, request))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{bundle.slug}.pdf"
    )
    # The page is the thing to index; the file repeats it.
    response["X-Robots-Tag"] = "noindex"
    return response


def render_catalogue(catalogue):
    """PDF bytes of an ``OfferCatalogue``."""
    pdf = CataloguePDF(footer_text=catalogue.title)
    pdf.set_title(_clean(catalogue.title))
    pdf.set_lang(catalogue.language)
    pdf.add_page()

    pdf.quiet(_("Regional bundle"), size=10)
    pdf.heading(catalogue.title, size=20)
    if catalogue.summary:
        pdf.paragraph(catalogue.summary, size=12)
    if catalogue.region:
        pdf.quiet(f"{_('Region')}: {catalogue.region}", size=11)
    if catalogue.url:
        pdf.link_line(catalogue.url)
    pdf.ln(4)

    pdf.heading(_("Packages in this offer"), size=15)
    if not catalogue.entries:
        pdf.paragraph(_("No packages have been added yet."))
    for entry in catalogue.entries:
        pdf.package(entry)
    return bytes(pdf.output())


class CataloguePDF(FPDF):
    """A4 pages in DejaVu Sans with the catalogue's title and page numbers at the foot."""

    def __init__(self, footer_text):
        super().__init__(format="A4", unit="mm")
        self.footer_text = _clean(footer_text)
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_text_color(*TEXT_COLOUR)
        self.set_font(FONT, size=11)

    def footer(self):
        self.set_y(-13)
        self.set_font(FONT, size=8)
        self.set_text_color(*QUIET_COLOUR)
        page = _("Page %(number)s of %(total)s") % {
            "number": self.page_no(),
            "total": self.str_alias_nb_pages,
        }
        self.cell(0, 5, f"{self.footer_text} · {page}", align="C")
        self.set_text_color(*TEXT_COLOUR)

    def heading(self, text, size):
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, _clean(text), align="L", **_next_line())
        self.ln(1.5)
        self.set_font(FONT, size=11)

    def paragraph(self, text, size=11):
        self.set_font(FONT, size=size)
        self.multi_cell(0, LINE, _clean(text), align="L", **_next_line())
        self.ln(1.5)
        self.set_font(FONT, size=11)

    def quiet(self, text, size=9):
        self.set_font(FONT, size=size)
        self.set_text_color(*QUIET_COLOUR)
        self.multi_cell(0, LINE - 0.5, _clean(text), align="L", **_next_line())
        self.set_text_color(*TEXT_COLOUR)
        self.set_font(FONT, size=11)

    def link_line(self, url):
        self.set_font(FONT, size=9)
        self.set_text_color(0, 70, 140)
        self.multi_cell(0, LINE - 0.5, _clean(url), align="L", link=url, **_next_line())
        self.set_text_color(*TEXT_COLOUR)
        self.set_font(FONT, size=11)

    def package(self, entry):
        """One package: title, language notes, summary, its facts and its address."""
        self.ln(2)
        self.start_section(_clean(entry.title)[:200] or "-", level=0)
        self.heading(entry.title, size=14)
        if entry.is_fallback:
            language = language_name(entry.language)
            self.quiet(
                _("Not yet translated; shown in the original: %(language)s")
                % {"language": language}
            )
        if entry.machine_translated:
            self.quiet(_("This translation was made by machine and has not been reviewed yet."))
        if entry.summary:
            self.paragraph(entry.summary)
        if entry.facts:
            self.facts(entry.facts)
        if entry.url:
            self.link_line(entry.url)
        self.ln(2)
        self.set_draw_color(*QUIET_COLOUR)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())

    def facts(self, facts):
        """Each fact on its own line: the label in bold, the value running on after it."""
        for label, value in facts:
            self.set_font(FONT, "B", 10)
            self.write(LINE - 0.5, f"{_clean(label)}: ")
            self.set_font(FONT, size=10)
            self.write(LINE - 0.5, _clean(value))
            self.ln(LINE - 0.5)
        self.ln(1)
        self.set_font(FONT, size=11)


def _next_line():
    return {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def _clean(text):
    """Text as fpdf2 can set it: plain line breaks, no control characters."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return UNPRINTABLE.sub(" ", text).strip()
