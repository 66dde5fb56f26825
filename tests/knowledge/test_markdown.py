"""knowledge.markdown: imported Markdown is untrusted, and export must read back the same.

These are plain functions; no database is needed.
"""

import pytest
from bs4 import BeautifulSoup
from django.utils.html import escape

from knowledge.blocks import BodyBlock
from knowledge.markdown import (
    markdown_to_rich_text,
    markdown_to_stream,
    rich_text_to_markdown,
    stream_to_markdown,
)

ARTICLE = (
    "## Mikor jó\n\n"
    "Ha a csoport **elakadt**, lásd [a leírást](https://example.org/fa) és *ezt*.\n\n"
    "- egy\n- **kettő**\n\n"
    "Közbülső bekezdés.\n\n"
    "1. első\n2. második\n\n"
    "### Részletek\n\n"
    "> idézet\n\n"
    "Sor  \ntörés, levél: [írj](mailto:mentor@example.org)."
)


def html_of(blocks):
    return "".join(block["value"] for block in blocks if block["type"] == "paragraph")


def links(html):
    return [a.get("href") for a in BeautifulSoup(html, "html.parser").find_all("a")]


def stream(blocks):
    """The StreamValue a page's body would hold for these raw blocks."""
    return BodyBlock().to_python(blocks)


# Markdown in


def test_headings_become_heading_blocks_and_text_paragraph_blocks():
    blocks = markdown_to_stream(ARTICLE)
    assert [block["type"] for block in blocks] == ["heading", "paragraph", "heading", "paragraph"]
    assert blocks[0]["value"] == {"text": "Mikor jó", "level": "h2"}
    assert blocks[2]["value"] == {"text": "Részletek", "level": "h3"}


def test_heading_levels_are_folded_into_h2_and_h3():
    blocks = markdown_to_stream("# Egy\n\n#### Négy")
    assert [block["value"]["level"] for block in blocks] == ["h2", "h3"]


def test_lists_links_emphasis_and_quotes_are_kept():
    html = html_of(markdown_to_stream(ARTICLE))
    soup = BeautifulSoup(html, "html.parser")
    assert [li.get_text(strip=True) for li in soup.select("ul > li")] == ["egy", "kettő"]
    assert [li.get_text(strip=True) for li in soup.select("ol > li")] == ["első", "második"]
    assert soup.find("b").get_text() == "elakadt"
    assert soup.find("i").get_text() == "ezt"
    assert soup.find("blockquote").get_text(strip=True) == "idézet"
    assert soup.find("br") is not None
    assert links(html) == ["https://example.org/fa", "mailto:mentor@example.org"]


def test_rich_text_turns_headings_into_bold_paragraphs():
    html = markdown_to_rich_text("## Lépés\n\nSzöveg [link](https://example.org).")
    assert html.startswith("<p><b>Lépés</b></p>")
    assert '<a href="https://example.org">link</a>' in html
    assert "<h2" not in html


def test_empty_input_gives_nothing():
    assert markdown_to_stream("") == []
    assert markdown_to_stream(None) == []
    assert markdown_to_rich_text("") == ""


# Untrusted input


DANGEROUS = {
    "script block": "<script>alert(1)</script>\n\nszöveg",
    "inline script": "szöveg <script>alert(1)</script> tovább",
    "upper-case script": "<SCRIPT>alert(1)</SCRIPT>\n\nszöveg",
    "iframe": '<iframe src="https://evil.example"></iframe>\n\nszöveg',
    "iframe in a div": '<div><iframe src="https://evil.example"></iframe>szöveg</div>',
    "style": "<style>body{display:none}</style>\n\nszöveg",
    "object": '<object data="https://evil.example/x.swf"></object>szöveg',
    "onerror": '<img src="x" onerror="alert(1)">\n\nszöveg',
    "onclick on a link": '<a href="https://example.org" onclick="alert(1)">szöveg</a>',
    "onload on svg": "<svg onload=alert(1)>szöveg</svg>",
    "script in a heading": "## <script>alert(1)</script>szöveg",
}


@pytest.mark.parametrize("text", DANGEROUS.values(), ids=list(DANGEROUS))
@pytest.mark.parametrize("convert", [markdown_to_rich_text, markdown_to_stream])
def test_scripts_frames_and_event_handlers_are_removed(convert, text):
    result = convert(text)
    output = str(result).lower()
    for forbidden in ("<script", "alert(1)", "<iframe", "<style", "<object", "<img", "<svg"):
        assert forbidden not in output
    assert "onerror" not in output
    assert "onclick" not in output
    assert "onload" not in output
    assert "szöveg" in output


BAD_LINKS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " JaVaScRiPt:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    " DATA:text/html,x",
    "vbscript:msgbox(1)",
    "  VbScRiPt:msgbox(1)",
]


@pytest.mark.parametrize("href", BAD_LINKS)
@pytest.mark.parametrize("form", ["markdown", "html"])
def test_dangerous_link_targets_are_dropped_and_the_text_kept(href, form):
    text = f"[katt]({href})" if form == "markdown" else f'<a href="{href}">katt</a>'
    for html in (markdown_to_rich_text(text), html_of(markdown_to_stream(text))):
        assert links(html) == []
        assert "katt" in html
        lowered = html.lower()
        assert "script:" not in lowered.replace(" ", "").replace("\t", "")
        assert "data:" not in lowered


@pytest.mark.parametrize(
    "href", ["https://example.org/a?b=1&c=2", "http://example.org", "mailto:a@example.org"]
)
def test_http_https_and_mailto_links_are_kept(href):
    assert links(markdown_to_rich_text(f"[ok]({href})")) == [href]


def test_text_is_html_escaped():
    html = markdown_to_rich_text('a < b & c > d "idézet" `<b>kód</b>`')
    assert "a &lt; b &amp; c &gt; d" in html
    assert "&lt;b&gt;kód&lt;/b&gt;" in html
    assert "<b>" not in html


def test_an_attribute_cannot_be_broken_out_of():
    html = markdown_to_rich_text('<a href="https://example.org/&quot;onmouseover=&quot;x">l</a>')
    anchor = BeautifulSoup(html, "html.parser").find("a")
    assert list(anchor.attrs) == ["href"]


# Rich text and body blocks back to Markdown


def test_stream_to_markdown_round_trips_the_common_constructs():
    blocks = markdown_to_stream(ARTICLE)
    markdown = stream_to_markdown(stream(blocks))
    assert markdown.startswith("## Mikor jó\n\n")
    assert "**elakadt**" in markdown
    assert "[a leírást](https://example.org/fa)" in markdown
    assert "- egy\n- **kettő**" in markdown
    assert "1. első\n2. második" in markdown
    assert "### Részletek" in markdown
    assert markdown_to_stream(markdown) == blocks


def test_rich_text_to_markdown_round_trips_a_step_description():
    html = markdown_to_rich_text("Írjuk fel a **problémát**, *röviden*.\n\n- okok\n- hatások")
    markdown = rich_text_to_markdown(html)
    assert markdown == "Írjuk fel a **problémát**, *röviden*.\n\n- okok\n- hatások"
    assert markdown_to_rich_text(markdown) == html


def test_rich_text_from_the_editor_converts_too():
    """Draftail stores headings, quotes and links with other attributes; export reads them."""
    html = (
        '<h2 data-block-key="a">Cím</h2>'
        '<p data-block-key="b">Egy <b>kettő</b> <a href="https://example.org">három</a></p>'
        '<blockquote data-block-key="c">Négy</blockquote>'
    )
    assert rich_text_to_markdown(html) == (
        "## Cím\n\nEgy **kettő** [három](https://example.org)\n\n> Négy"
    )


LITERAL_TEXT = [
    "2024. május 12-én találkoztunk.",
    "a *csillag* és _aláhúzás_, file_name",
    "x <b>nem félkövér</b> szöveg",
    "# nem cím",
    "- nem lista",
    "+ nem lista",
    "> nem idézet",
    "[nem link](https://example.org)",
    "AT&T &lt; 3 < 4",
    "visszaper\\jel és `kód`",
]


@pytest.mark.parametrize("text", LITERAL_TEXT)
def test_literal_text_keeps_its_meaning_through_markdown(text):
    """Export must not turn a Hungarian date into a list or asterisks into emphasis."""
    html = f"<p>{escape(text)}</p>"
    assert markdown_to_rich_text(rich_text_to_markdown(html)) == html


def test_spaces_inside_emphasis_do_not_break_it():
    markdown = rich_text_to_markdown("<p>egy<b> kettő </b>három</p>")
    assert markdown == "egy **kettő** három"


def test_other_blocks_have_no_markdown_form():
    value = stream(
        [
            {"type": "quote", "value": {"text": "Idézet", "attribution": "Valaki"}},
            {"type": "heading", "value": {"text": "Cím *csillag*", "level": "h3"}},
        ]
    )
    assert stream_to_markdown(value) == "### Cím \\*csillag\\*"
    assert markdown_to_stream(stream_to_markdown(value)) == [
        {"type": "heading", "value": {"text": "Cím *csillag*", "level": "h3"}}
    ]
