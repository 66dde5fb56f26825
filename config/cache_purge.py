"""What to purge from the front cache when pages, restrictions or images change.

Connected by ``config.frontend_cache.FrontendCacheConfig`` (see that module for
the rule); each handler does nothing unless a purge target is configured.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import filepath_to_uri
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site


def purging_enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_after_commit(urls):
    urls = sorted(urls)
    if urls:
        transaction.on_commit(lambda: purge_urls_from_cache(urls))


def _absolute(root_url, path):
    return urljoin(root_url + "/", path.lstrip("/"))


def _own_addresses(site, page):
    """A page's address, its other cached paths and its API detail."""
    urls = set()
    if page_url := page.get_full_url():
        urls.update(urljoin(page_url, path.lstrip("/")) for path in page.get_cached_paths())
    urls.add(_absolute(site.root_url, reverse("wagtailapi:pages:detail", args=[page.pk])))
    return urls


def _homes_and_feeds(site):
    urls = set()
    for home in site.root_page.get_translations(inclusive=True):
        if home_url := home.get_full_url():
            urls.add(home_url)
        with translation.override(home.locale.language_code):
            urls.add(_absolute(site.root_url, reverse("library_feed")))
    return urls


def page_addresses(page):
    """Every address a front cache may hold that shows ``page``, in every language."""
    site = page.get_site()
    if site is None:
        return set()
    urls = set()
    for translated in page.get_translations(inclusive=True).specific(defer=True):
        urls |= _own_addresses(site, translated)
        parent = translated.get_parent()
        if parent is not None:
            # A language without a translation lists the source in its own listing.
            for listing in parent.get_translations(inclusive=True):
                if listing_url := listing.get_full_url():
                    urls.add(listing_url)
    return urls | _homes_and_feeds(site)


def addresses_of_new_pages(pages):
    """``page_addresses`` of many pages published together (``knowledge.bulk_pages``),
    reading the translations, listings and home pages once rather than once a page."""
    pages = list(pages)
    site = pages[0].get_site() if pages else None
    if site is None:
        return set()
    urls, parent_paths = set(), set()
    works = Page.objects.filter(translation_key__in={page.translation_key for page in pages})
    for translated in works.specific(defer=True):
        urls |= _own_addresses(site, translated)
        parent_paths.add(translated.path[: -translated.steplen])
    parents = Page.objects.filter(path__in=parent_paths).values("translation_key")
    for listing in Page.objects.filter(translation_key__in=parents):
        if listing_url := listing.get_full_url():
            urls.add(listing_url)
    return urls | _homes_and_feeds(site)


def image_addresses(images):
    """The ``/media/`` addresses of ``images`` and of their renditions."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return set()
    urls = set()
    for image in images:
        names = [image.file.name, *image.renditions.values_list("file", flat=True)]
        urls.update(
            _absolute(site.root_url, settings.MEDIA_URL + filepath_to_uri(name))
            for name in names
            if name
        )
    return urls


def purge_page(sender, instance, **kwargs):
    if purging_enabled():
        purge_after_commit(page_addresses(instance))


def purge_pages_published_in_bulk(sender, pages, **kwargs):
    if purging_enabled():
        purge_after_commit(addresses_of_new_pages(pages))


def purge_deleted_page(sender, instance, **kwargs):
    if purging_enabled() and instance.live:
        purge_after_commit(page_addresses(instance))


def purge_restricted_pages(sender, instance, **kwargs):
    if not purging_enabled():
        return
    urls = set()
    for page in Page.objects.descendant_of(instance.page, inclusive=True).live():
        urls |= page_addresses(page)
    purge_after_commit(urls)


def purge_image(sender, instance, created=False, **kwargs):
    if purging_enabled() and not created:
        purge_after_commit(image_addresses([instance]))


def purge_collection_images(sender, instance, **kwargs):
    if not purging_enabled():
        return
    collections = Collection.objects.descendant_of(instance.collection, inclusive=True)
    images = get_image_model().objects.filter(collection__in=collections)
    purge_after_commit(image_addresses(images))
