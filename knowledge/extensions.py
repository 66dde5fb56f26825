"""Extension points of the library's detail pages.

Apps that build on the library add panels to its pages here, so that a method or
package page can show what they know (the write-ups that developed or used it)
while the library imports nothing of theirs. A panel is a callable
``panel(page, request)`` returning ``(template_name, context)``, or None when it
has nothing to show; the ``{% detail_panels page %}`` tag renders them in order.
"""

DETAIL_PANELS = []


def register_detail_panel(panel):
    """Add a panel to every library detail page that includes ``{% detail_panels %}``."""
    if panel not in DETAIL_PANELS:
        DETAIL_PANELS.append(panel)
    return panel


def detail_panels(page, request):
    """``(template_name, context)`` of each registered panel that has something to show."""
    for panel in DETAIL_PANELS:
        result = panel(page, request)
        if result is not None:
            yield result
