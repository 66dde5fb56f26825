"""Template fragments cached per language, host and site version.

Navigation, the footer, the language versions and a page's themes and regions are
the same for every reader of a page (they list only unrestricted, live pages), so
signed-in readers and page-cache misses get them from the cache too. The key holds
the site version (``config.site_version``), so they go stale together with the cached
pages and need no purging of their own.

``{% sitecache "name" var1 var2 %}…{% endsitecache %}`` works like Django's
``{% cache %}`` with that key and ``PAGE_CACHE_SECONDS`` as its lifetime; with the
page cache off (0) it renders every time. Previews never read or fill it: a preview
renders a draft under the live page's id. Never put a CSP nonce or a CSRF token in
a fragment.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.models import Page

from config.page_cache import enabled
from config.site_version import current_version
from knowledge.templatetags.library_tags import language_versions

register = template.Library()

SECTION_DEPTH = 3  # root (1) → a language's home (2) → its sections (3)


def _fragment_key(request, name, vary_on):
    parts = [get_language() or "", request.get_host(), str(current_version(request))]
    parts += [str(value) for value in vary_on]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"fragment:{name}:{digest}"


def _usable(request):
    return (
        enabled()
        and request is not None
        and not getattr(request, "is_dummy", False)
        and not getattr(request, "is_preview", False)
    )


class SiteCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if not _usable(request):
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        key = _fragment_key(request, name, [value.resolve(context) for value in self.vary_on])
        value = cache.get(key)
        if value is None:
            value = self.nodelist.render(context)
            cache.set(key, value, settings.PAGE_CACHE_SECONDS)
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
    if not _usable(request):
        return language_versions(context)
    page = context.get("page")
    where = f"page:{page.pk}" if isinstance(page, Page) and page.pk else request.get_full_path()
    key = _fragment_key(request, "language-versions", [request.scheme, where])
    versions = cache.get(key)
    if versions is None:
        versions = language_versions(context)
        cache.set(key, versions, settings.PAGE_CACHE_SECONDS)
    return versions
