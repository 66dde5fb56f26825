"""What routing read for a path, kept per language, host and site version.

Routing (``knowledge.routing``) reads the request's site, the header pages with the
pages of the path (one query) and the specific page (one more). What it reads depends
only on the host, the language and the path, and changes only with the site version
(publishing, moving, view restrictions, sites and locales all bump it), so it is kept
as a fragment (``knowledge.fragments``): the pickled rows, which every request
unpickles into objects of its own to change as it serves. With fragments off it is
read every time. Only routes to public pages with no view restriction on the way are
kept (restricted pages are read from the database every time), and Wagtail still
checks restrictions on every request, from what the rows say.
"""

import pickle

from knowledge.fragments import fragment_key, read, store, usable


def is_public(page):
    """Whether ``page`` is of public visibility (pages without one are)."""
    from knowledge.models.mixins import VisibilityMixin

    public = VisibilityMixin.Visibility.PUBLIC
    return getattr(page, "visibility", public) == public


def route_key(request, path):
    if not usable(request):
        return None
    return fragment_key(request, "route", [request.get_port(), path])


def cached_route(key):
    """``(site, rows, specific page)`` stored under ``key``, as new objects; or None."""
    data = read(key) if key is not None else None
    return pickle.loads(data) if data is not None else None


def store_route(key, site, rows, specific):
    if key is not None:
        store(key, pickle.dumps((site, rows, specific), pickle.HIGHEST_PROTOCOL))
