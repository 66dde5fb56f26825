"""Markdown in, Wagtail rich text and StreamField out (and back, for export).

Imported text is untrusted: after Markdown is rendered, only a small set of tags
survives, and links keep only http, https and mailto targets.
"""

import re
import threading

import markdown as markdown_lib
from bs4 import BeautifulSoup, NavigableString, Tag
from django.utils.html import escape

INLINE_TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i", "a": "a", "br": "br"}
BLOCK_TAGS = {"p", "ul", "ol", "li", "blockquote"}
HEADING_TAGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
DROPPED_TAGS = {"script", "style", "iframe", "object", "embed", "template"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _safe_href(href):
    href = (href or "").strip()
    return href if href.lower().startswith(SAFE_SCHEMES) else ""


def _clean_children(node):
    """Rich-text HTML of a node's children, keeping only the allowed tags."""
    parts = []
    for child in node.children:
        if isinstance(child, NavigableString):
            parts.append(escape(str(child)))
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name in DROPPED_TAGS:
                continue
            inner = _clean_children(child)
            if name == "br":
                parts.append("<br/>")
            elif name == "a":
                href = _safe_href(child.get("href"))
                parts.append(f'<a href="{escape(href)}">{inner}</a>' if href else inner)
            elif name in INLINE_TAGS:
                tag = INLINE_TAGS[name]
                parts.append(f"<{tag}>{inner}</{tag}>")
            elif name in BLOCK_TAGS:
                parts.append(f"<{name}>{inner}</{name}>")
            else:
                parts.append(inner)
    return "".join(parts)


_renderers = threading.local()


def _render(text):
    """Markdown to HTML; one renderer per thread, reset between texts (making a new one
    for every text costs more than rendering most texts)."""
    renderer = getattr(_renderers, "markdown", None)
    if renderer is None:
        renderer = _renderers.markdown = markdown_lib.Markdown()
    return renderer.reset().convert(text)


def _top_level(html):
    return list(BeautifulSoup(html, "html.parser").children)


def _markdown_parts(text):
    """``("heading", node)`` or ``("html", cleaned fragment)`` for each top-level block."""
    for node in _top_level(_render(text or "")):
        if isinstance(node, NavigableString):
            if str(node).strip():
                yield "html", f"<p>{escape(str(node).strip())}</p>"
        elif node.name in DROPPED_TAGS:
            continue
        elif node.name in HEADING_TAGS:
            yield "heading", node
        elif node.name in BLOCK_TAGS:
            yield "html", f"<{node.name}>{_clean_children(node)}</{node.name}>"
        else:
            yield "html", f"<p>{_clean_children(node)}</p>"


def markdown_to_rich_text(text):
    """One rich-text value from Markdown; headings become bold paragraphs."""
    return "".join(
        f"<p><b>{_clean_children(part)}</b></p>" if kind == "heading" else part
        for kind, part in _markdown_parts(text)
    )


def markdown_to_stream(text):
    """Body blocks from Markdown: a heading block per heading, paragraphs in between."""
    blocks, pending = [], []
    for kind, part in _markdown_parts(text):
        if kind == "html":
            pending.append(part)
            continue
        if pending:
            blocks.append({"type": "paragraph", "value": "".join(pending)})
            pending = []
        heading = {"text": part.get_text(" ", strip=True), "level": HEADING_TAGS[part.name]}
        blocks.append({"type": "heading", "value": heading})
    if pending:
        blocks.append({"type": "paragraph", "value": "".join(pending)})
    return blocks


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
LINE_START_MARK = re.compile(r"^(\s*)([#>+-]|\d+(?=\.))", re.MULTILINE)


def _literal(text):
    """Text that Markdown reads back as the same text: its special characters escaped.

    Newlines are HTML whitespace here; a line break in rich text is a ``<br>``.
    """
    text = re.sub(r"\s*\n\s*", " ", text)
    text = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)


def _block_text(text):
    """Escape what would start a heading, quote or list, such as "2024. május", at a line start."""

    def escape_mark(match):
        lead, mark = match.groups()
        return f"{lead}{mark}\\" if mark[0].isdigit() else f"{lead}\\{mark}"

    return LINE_START_MARK.sub(escape_mark, text)


def _emphasis(marker, inner):
    """``inner`` between Markdown markers, with its outer spaces kept outside them."""
    if not inner.strip():
        return inner
    stripped = inner.strip()
    start = inner[: len(inner) - len(inner.lstrip())]
    end = inner[len(inner.rstrip()) :]
    return f"{start}{marker}{stripped}{marker}{end}"


def _inline_markdown(node):
    parts = []
    for child in node.children:
        if isinstance(child, NavigableString):
            parts.append(_literal(str(child)))
        elif child.name in ("b", "strong"):
            parts.append(_emphasis("**", _inline_markdown(child)))
        elif child.name in ("i", "em"):
            parts.append(_emphasis("*", _inline_markdown(child)))
        elif child.name == "a":
            parts.append(f"[{_inline_markdown(child)}]({child.get('href', '')})")
        elif child.name == "br":
            parts.append("  \n")
        else:
            parts.append(_inline_markdown(child))
    return re.sub(r"  \n\s+", "  \n", "".join(parts))  # no indent after a line break


def rich_text_to_markdown(html):
    """Markdown from stored rich text, for export."""
    out = []
    for node in _top_level(html or ""):
        if isinstance(node, NavigableString):
            if str(node).strip():
                out.append(_block_text(_literal(str(node).strip())))
        elif node.name in ("ul", "ol"):
            items = node.find_all("li", recursive=False)
            for number, item in enumerate(items, start=1):
                marker = f"{number}." if node.name == "ol" else "-"
                out.append(f"{marker} {_block_text(_inline_markdown(item).strip())}")
            out.append("")
        elif node.name in HEADING_TAGS:
            marker = "##" if HEADING_TAGS[node.name] == "h2" else "###"
            out.append(f"{marker} {_literal(node.get_text())}")
        elif node.name == "blockquote":
            out.append(f"> {_block_text(_inline_markdown(node).strip())}")
        else:
            out.append(_block_text(_inline_markdown(node).strip()))
        out.append("")
    return "\n".join(out).strip()


def stream_to_markdown(stream):
    """Markdown from body blocks: headings and paragraphs; other blocks have no Markdown form."""
    out = []
    for block in stream:
        if block.block_type == "heading":
            marker = "##" if block.value["level"] == "h2" else "###"
            out.append(f"{marker} {_literal(block.value['text'])}")
        elif block.block_type == "paragraph":
            out.append(rich_text_to_markdown(block.value.source))
    return "\n\n".join(part for part in out if part)
