"""Finding the page for a request in one query, exactly as Wagtail's own routing would.

Wagtail routes one path segment at a time: for each segment it loads the child by
slug and then its specific instance, and before serving it reads the ancestors and
then the view restrictions of the page: two queries per level of the tree plus two,
on every page. Here one query brings the site's home pages (one per language), the
page of every segment, whether any view restriction lies on the way, and what the
page's header needs anyway (the menu of the reader's home and the page's
translations, see ``knowledge.site_chrome``); one more loads the page's specific
instance. The result is handed to Wagtail's own ``serve`` view through the route
cache Wagtail keeps on the request (``Page.route_for_request``), so serve hooks,
view restrictions, passwords and serving stay Wagtail's.

The walk follows Wagtail's rules: the root page is localized to the active language
(when that translation is live), each segment is the child with that slug, and the
last page must be live. A page on the way that routes by itself is handed the rest
of the path, as Wagtail would: a routable page whose sub-route matches it, or a page
type with a ``route`` of its own. Anything unusual (homes at other depths, a language
without a home, a page without its content type) is left to Wagtail's routing.

With fragments on, what the two queries and the site lookup read for a path is kept
per language, host and site version (``knowledge.route_cache``), and the next request
for the path walks the same rows without a query.
"""

from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from knowledge.locales import active_language_code
from knowledge.restrictions import known_unrestricted
from knowledge.route_cache import cached_route, is_public, route_key, store_route
from knowledge.site_chrome import SiteChrome, chrome_query

ROUTE_CACHE = "_wagtail_route_for_request"  # documented in Page.route_for_request


class LeaveToWagtail(Exception):
    """This request is routed by Wagtail's own, slower routing."""


def serve(request, path):
    """Wagtail's ``serve`` view, with the route found in one query."""
    if not hasattr(request, ROUTE_CACHE):
        try:
            setattr(request, ROUTE_CACHE, route(request, path))
        except Http404:
            setattr(request, ROUTE_CACHE, None)
        except LeaveToWagtail:
            pass
    return wagtail_views.serve(request, path)


def route(request, path):
    """The ``RouteResult`` of ``path`` for ``request``; raises Http404 as Wagtail does."""
    key = route_key(request, path)
    cached = cached_route(key)
    components = [component for component in path.split("/") if component]
    if cached is not None:
        site, rows, specific = cached
        request._wagtail_site = site  # what Site.find_for_request keeps on the request
    else:
        site = Site.find_for_request(request)
        if site is None:
            return None
        rows = list(chrome_query(site.root_page, path_slugs=components))
        specific = None
    stored = RouteStore(key, site, rows, specific)
    root = site.root_page
    homes = {
        row.locale.language_code: row for row in rows if row.translation_key == root.translation_key
    }
    if any(not _is_sibling(home, root) for home in homes.values()):
        raise LeaveToWagtail
    home = homes.get(active_language_code())
    if home is None:
        raise LeaveToWagtail
    if not home.live:
        home = next(row for row in rows if row.pk == root.pk)
    ancestors = [row for row in rows if home.path.startswith(row.path) and row.depth < home.depth]
    on_the_way = [*ancestors, home]

    current = home
    for level, slug in enumerate(components):
        remaining = components[level:]
        if _routes_itself(current, remaining):
            return _finish(request, current, remaining, on_the_way, stored)
        child = next(
            (
                row
                for row in rows
                if row.depth == current.depth + 1
                and row.slug == slug
                and row.path.startswith(current.path)
            ),
            None,
        )
        if child is None:
            raise Http404
        child._cached_parent_obj = current
        current = child
        on_the_way.append(child)
    return _finish(request, current, [], on_the_way, stored)


def _is_sibling(page, other):
    return page.depth == other.depth and page.path[: -Page.steplen] == other.path[: -Page.steplen]


def _routes_itself(page, remaining):
    """Whether ``page`` would take ``remaining`` itself instead of passing it to a child."""
    model = page.specific_class
    if model is None:
        raise LeaveToWagtail
    if model.route is Page.route:
        return False
    if model.route is RoutablePageMixin.route:
        if not page.live:
            return False
        try:
            model.get_resolver().resolve("/" + "/".join(remaining) + "/")
        except Http404:
            return False
        return True
    return True


class RouteStore:
    """What ``route`` read, and the specific page once it is known, to keep for the path."""

    def __init__(self, key, site, rows, specific):
        self.key = key
        self.site = site
        self.rows = rows
        self.specific = specific

    def specific_page(self, page, shareable):
        """The specific ``page``; kept with the rows when ``shareable`` (nothing restricted)."""
        if self.specific is None or self.specific.pk != page.pk:
            self.specific = specific_with_related(page)
            if shareable and is_public(self.specific):
                store_route(self.key, self.site, self.rows, self.specific)
        return self.specific


def _finish(request, page, remaining, on_the_way, stored):
    rows, root = stored.rows, stored.site.root_page
    unrestricted = not any(row.restricted or row.alias_of_id for row in on_the_way)
    specific = stored.specific_page(page, shareable=unrestricted)
    if unrestricted:
        known_unrestricted(specific)
    # The translations asked for are those of the page the whole path names.
    request.site_chrome = SiteChrome.from_rows(rows, root, page=None if remaining else page)
    return specific.route(request, remaining)


def specific_with_related(page, *related):
    """``page.specific`` with its locale (and ``related``) read in the same query.

    A page type may name more foreign keys to read with it in ``serve_select_related``.
    """
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page  # as Wagtail's ``specific`` does
    related = {"locale", *getattr(model, "serve_select_related", ()), *related}
    specific = model._default_manager.select_related(*related).get(pk=page.pk)
    for name, value in page.__dict__.items():
        if name != "_state":
            specific.__dict__.setdefault(name, value)
    return specific
