"""Purge the front cache (Varnish, a CDN) when what it may hold changes.

Off unless the settings name a purge target (``WAGTAILFRONTENDCACHE``, built from
``FRONTEND_CACHE_PURGE_URL``, ``CLOUDFLARE_*`` or ``CLOUDFRONT_DISTRIBUTION_ID``).

Wagtail's own handlers purge a published page's address and, for each language,
the same address with its language prefix swapped. Here every translation is a
page of its own with its own slugs (``/hu/modszerek/…``, ``/sl/metode/…``), so those
swapped addresses do not exist (``WAGTAILFRONTENDCACHE_LANGUAGES`` is empty to turn
the swapping off) and this app config connects these handlers instead:

- A page published, unpublished or deleted: in every language, its translations
  (their addresses, extra cached paths and API detail), the parent of each (the
  listing or group page that shows it; a language without a translation lists
  the source, marked), and each language's home page and feed. New pages an
  import publishes in bulk (``knowledge.bulk_pages.pages_published_in_bulk``)
  purge the same, a batch at a time.
- A view restriction added to, changed on or removed from a page: the same for the
  page and each page below it.
- An image saved (moved to another collection, say) or deleted, or a collection's
  view restriction changed: the ``/media/`` addresses of the images and their
  renditions, which are publicly cached for a day while they are public.

Purges are sent once the transaction commits, so a cache that refills at once
gets the new version. Filtered and paginated listings, related-item panels and
search results are not enumerable; they catch up when their cache lifetime ends
(see the README, "Deployment past one machine").
"""

from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.apps import WagtailFrontendCacheAppConfig
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest, logger
from wagtail.signals import page_published, page_unpublished

PURGE_TIMEOUT_SECONDS = 5


class TimeLimitedHTTPBackend(HTTPBackend):
    """Wagtail's HTTP ``PURGE`` backend, but a cache that does not answer cannot hang a publish."""

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(
            url=urlunsplit(
                [self.cache_scheme, self.cache_netloc, parts.path, parts.query, parts.fragment]
            ),
            headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"},
        )
        try:
            urlopen(request, timeout=PURGE_TIMEOUT_SECONDS)  # noqa: S310 - configured location
        except HTTPError as error:
            logger.error(
                "Couldn't purge '%s' from HTTP cache: %d %s", url, error.code, error.reason
            )
        except (URLError, TimeoutError) as error:
            logger.error("Couldn't purge '%s' from HTTP cache: %s", url, error)


class FrontendCacheConfig(WagtailFrontendCacheAppConfig):
    """Wagtail's front-cache app, with ``config.cache_purge``'s handlers instead of its own."""

    def ready(self):
        from wagtail.images import get_image_model
        from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

        from config import cache_purge
        from knowledge.bulk_pages import pages_published_in_bulk

        def connect(signal, handler, sender=None):
            signal.connect(handler, sender=sender, dispatch_uid=f"{__name__}.{handler.__name__}")

        connect(page_published, cache_purge.purge_page)
        connect(page_unpublished, cache_purge.purge_page)
        connect(pages_published_in_bulk, cache_purge.purge_pages_published_in_bulk)
        connect(pre_delete, cache_purge.purge_deleted_page, sender=Page)
        for signal in (post_save, post_delete):
            connect(signal, cache_purge.purge_restricted_pages, sender=PageViewRestriction)
            connect(signal, cache_purge.purge_collection_images, sender=CollectionViewRestriction)
        connect(post_save, cache_purge.purge_image, sender=get_image_model())
        connect(pre_delete, cache_purge.purge_image, sender=get_image_model())
