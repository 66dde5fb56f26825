"""What crawlers get: ``/sitemap.xml`` with ``hreflang`` alternates, and ``/robots.txt``.

The sitemap lists every public, live page of every language (``knowledge.public``),
not only the default site's tree as Wagtail's own sitemap does. Each entry names
its live, public translations as ``xhtml:link`` alternates (itself included, as
search engines expect) plus an ``x-default`` pointing at the default language's
version. Alternates are fetched once per sitemap page, not per entry.
"""

from collections import defaultdict

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from knowledge.links import absolute_url
from knowledge.public import public_pages


class PublicPagesSitemap(Sitemap):
    def items(self):
        # Every public page, counted and read in one go: the restriction check for many.
        pages = public_pages(Page, restrictions_inline=True, in_bulk=True)
        return pages.select_related("locale").order_by("path")

    def alternates_for(self, pages):
        """``{translation_key: [{"lang_code", "location"}]}`` of public, live translations."""
        keys = {page.translation_key for page in pages}
        translations = (
            public_pages(Page, restrictions_inline=True)
            .filter(translation_key__in=keys)
            .select_related("locale")
        )
        found = defaultdict(dict)
        for translation in translations:
            location = absolute_url(translation, self.request)
            if location:
                found[translation.translation_key][translation.locale.language_code] = location
        alternates = {}
        for key, by_language in found.items():
            if len(by_language) < 2:
                continue  # a page without translations needs no alternates
            entries = [
                {"lang_code": code, "location": location}
                for code, location in sorted(by_language.items())
            ]
            if settings.LANGUAGE_CODE in by_language:
                entries.append(
                    {"lang_code": "x-default", "location": by_language[settings.LANGUAGE_CODE]}
                )
            alternates[key] = entries
        return alternates

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        alternates = self.alternates_for(pages)
        urls = []
        for item in pages:
            location = absolute_url(item, self.request)
            if not location:
                continue
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": item.last_published_at,
                    "alternates": alternates.get(item.translation_key, []),
                }
            )
        return urls


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": PublicPagesSitemap})


ROBOTS_RULES = [
    "User-agent: *",
    "Disallow: /admin/",
    "Disallow: /api/",
    # Search results (the empty search page itself may be crawled), suggestions, and
    # feeds with query strings added.
    "Disallow: /*/search/?",
    "Disallow: /*/search/suggest/",
    "Disallow: /*/feed/*?",
]


@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    body = "\n".join([*ROBOTS_RULES, "", f"Sitemap: {sitemap_url}", ""])
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
