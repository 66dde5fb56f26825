"""Extension points of the library's detail pages.

Apps that build on the library add panels to its pages here, so that a method or
package page can show what they know (the write-ups that developed or used it)
while the library imports nothing of theirs. A panel is a callable
``panel(page, request, cards)`` returning ``(template_name, context)``, or None when
it has nothing to show; the ``{% detail_panels page %}`` tag renders them in order.
``cards`` is the page's ``knowledge.cards.CardBatch``: a panel asks it for the cards
it shows, so that they load with the page's other cards.
"""

DETAIL_PANELS = []


def register_detail_panel(panel):
    """Add a panel to every library detail page that includes ``{% detail_panels %}``."""
    if panel not in DETAIL_PANELS:
        DETAIL_PANELS.append(panel)
    return panel


def detail_panels(page, request, cards):
    """``(template_name, context)`` of each registered panel that has something to show."""
    for panel in DETAIL_PANELS:
        result = panel(page, request, cards)
        if result is not None:
            yield result


class _PlainIndexAnalysis:
    """Text goes to the search index as written, until an app registers an analysis."""

    def index_text(self, text, obj):
        return text

    def autocomplete_text(self, text, obj):
        return text

    def query_text(self, query, language):
        return query


_index_analysis = _PlainIndexAnalysis()


def register_index_analysis(analysis):
    """Set what the library's search fields pass their text through before indexing.

    ``analysis`` has ``index_text(text, obj)``, ``autocomplete_text(text, obj)`` and
    ``query_text(query, language)`` (a query as that language's index holds it);
    the search app registers its language analysis here so the library stays free
    of search code. ``None`` restores plain text.
    """
    global _index_analysis
    _index_analysis = analysis or _PlainIndexAnalysis()


def index_analysis():
    return _index_analysis
