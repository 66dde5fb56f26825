"""Template fragments cached per language, host and site version.

Navigation, the footer, the language versions and a page's themes and regions are
the same for every reader of a page (they list only unrestricted, live pages), so
signed-in readers and page-cache misses get them from the cache too. The key holds
the site version (``config.site_version``), so they go stale together with the cached
pages and need no purging of their own.

``{% sitecache "name" var1 var2 %}…{% endsitecache %}`` works like Django's
``{% cache %}`` with that key and the lifetime of ``knowledge.fragments``; with
fragments off (0) it renders every time. ``{% cachedcontent %}`` holds a page's main
content (``knowledge.content_cache``). Never put a CSP nonce or a CSRF token in a
fragment.
"""

from django import template
from wagtail.models import Page

from knowledge.content_cache import CONTENT_HTML, CONTENT_KEY
from knowledge.fragments import fragment_key, read, store, usable
from knowledge.templatetags.library_tags import language_versions

register = template.Library()

SECTION_DEPTH = 3  # root (1) → a language's home (2) → its sections (3)


class SiteCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if not usable(request):
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        key = fragment_key(request, name, [value.resolve(context) for value in self.vary_on])
        value = read(key)
        if value is None:
            value = self.nodelist.render(context)
            store(key, value)
        return value


@register.tag
def sitecache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]!r} needs a fragment name.")
    nodelist = parser.parse(("endsitecache",))
    parser.delete_first_token()
    return SiteCacheNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )


class CachedContentNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = context.get(CONTENT_HTML)
        if html is not None:
            return html
        value = self.nodelist.render(context)
        key = context.get(CONTENT_KEY)
        if key is not None:
            store(key, value)
        return value


@register.tag
def cachedcontent(parser, token):
    """A page's main content: from the cache when its ``get_context`` found it there
    (``knowledge.content_cache``), otherwise rendered and stored under the key it left."""
    nodelist = parser.parse(("endcachedcontent",))
    parser.delete_first_token()
    return CachedContentNode(nodelist)


@register.filter
def nav_branch(page):
    """The section a page sits in, as its tree path: what the main navigation marks."""
    if isinstance(page, Page) and page.depth >= SECTION_DEPTH:
        return page.path[: SECTION_DEPTH * Page.steplen]
    return ""


@register.simple_tag(takes_context=True)
def cached_language_versions(context):
    """``language_versions``, cached: for a page by its id, elsewhere by the full path."""
    request = context["request"]
    if not usable(request):
        return language_versions(context)
    page = context.get("page")
    where = f"page:{page.pk}" if isinstance(page, Page) and page.pk else request.get_full_path()
    key = fragment_key(request, "language-versions", [request.scheme, where])
    versions = read(key)
    if versions is None:
        versions = language_versions(context)
        store(key, versions)
    return versions
