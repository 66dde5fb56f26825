"""The main content of a library page, rendered once per page, address and site version.

What a library page shows inside ``<main>`` is the same for every reader who may open
it: its cards, lists and panels name only public, live pages, whoever reads. So the
content of a public page is kept as a fragment (``knowledge.fragments``), and a page
whose content is in the cache skips reading its cards and panels (``get_context``) as
well as rendering them; the header, the language versions and the footer around it
are rendered (or taken from their own fragments) as on any page.

Only content that anybody may read is shared: the page must be live, of public
visibility, and found unrestricted by routing (``knowledge.restrictions``), which
Wagtail's own routing never records, so pages it routes are rendered every time; and
the request a ``GET`` or ``HEAD`` outside previews. The key holds the language, scheme,
host and path, the page and its live revision and the full query string (filters, page
number, the outcome of a feedback form). Content never holds a CSP nonce or a CSRF
token: the public pages run no inline code and the feedback form needs no token.
"""

import functools

from wagtail.models import Page

from knowledge.fragments import fragment_key, read, usable
from knowledge.route_cache import is_public

CONTENT_HTML = "cached_content"
CONTENT_KEY = "content_cache_key"


def content_key(request, page):
    """The key ``page``'s content is shared under for ``request``; None when it is not."""
    if not (
        usable(request)
        and request.method in ("GET", "HEAD")
        and page.live
        and getattr(page, "_known_unrestricted", False)
        and is_public(page)
    ):
        return None
    vary_on = [
        request.scheme,
        request.path,
        page.pk,
        page.live_revision_id,
        request.META.get("QUERY_STRING", ""),
    ]
    return fragment_key(request, "content", vary_on)


def shares_content(get_context):
    """For a page type's ``get_context``: its content comes from the cache when it is
    there, without the reads ``get_context`` makes for it; otherwise the context says
    under which key ``{% cachedcontent %}`` (in ``base.html``) stores what it renders."""

    @functools.wraps(get_context)
    def context_with_shared_content(page, request, *args, **kwargs):
        key = content_key(request, page)
        if key is not None:
            html = read(key)
            if html is not None:
                context = Page.get_context(page, request, *args, **kwargs)
                context[CONTENT_HTML] = html
                return context
        context = get_context(page, request, *args, **kwargs)
        if key is not None:
            context[CONTENT_KEY] = key
        return context

    return context_with_shared_content
