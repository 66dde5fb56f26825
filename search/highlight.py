"""Snippets with the query's words marked, escaped piece by piece."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.analysis import WORD, analyser_for

SNIPPET_LENGTH = 260


def _window(text, start, length=SNIPPET_LENGTH):
    """About ``length`` characters of ``text`` around ``start``, cut at spaces."""
    if len(text) <= length:
        return text, False, False
    begin = max(0, start - length // 3)
    if begin:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < start else begin
    end = min(len(text), begin + length)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > begin else end
    return text[begin:end], begin > 0, end < len(text)


def highlight(text, query_tokens, language):
    """``text`` as safe HTML, its words that match ``query_tokens`` in ``<mark>``."""
    if not text:
        return ""
    analyser = analyser_for(language)

    def hits(word):
        return bool(query_tokens.intersection(analyser.index_tokens(word)))

    first = next((m.start() for m in WORD.finditer(text) if hits(m.group())), 0)
    text, cut_before, cut_after = _window(text, first)
    parts, position = [], 0
    for found in WORD.finditer(text):
        if hits(found.group()):
            parts.append(escape(text[position : found.start()]))
            parts.append(f"<mark>{escape(found.group())}</mark>")
            position = found.end()
    parts.append(escape(text[position:]))
    html = "".join(parts)
    return mark_safe(("… " if cut_before else "") + html + (" …" if cut_after else ""))
