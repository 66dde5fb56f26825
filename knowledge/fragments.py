"""Parts of pages kept in the site's cache, keyed by language, host and site version.

The template tags of ``knowledge.templatetags.fragment_cache`` and the main content of
library pages (``knowledge.content_cache``) are stored here. Every key holds the site
version (``config.site_version``), so a fragment goes stale together with the cached
pages and needs no purging of its own. Fragments live ``FRAGMENT_CACHE_SECONDS``, by
default as long as cached pages (``PAGE_CACHE_SECONDS``); 0 renders every time.
Previews never read or fill them: a preview renders a draft under the live page's id.

An entry under one version never changes while that version is current, and no
request asks for it once the version has moved on. So each worker also keeps the
entries it read or stored last in its own memory (``read``, ``store``), for no longer
than their lifetime: a request then asks the shared cache only for the site version.
Entries are shared between the requests a worker serves, so they are strings or
values that nothing changes.
"""

import hashlib
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from config.site_version import current_version


def lifetime():
    """Seconds a fragment is kept; 0 when fragments are off."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    return settings.PAGE_CACHE_SECONDS if seconds is None else seconds


def usable(request):
    return (
        lifetime() > 0
        and request is not None
        and not getattr(request, "is_dummy", False)
        and not getattr(request, "is_preview", False)
    )


def fragment_key(request, name, vary_on):
    parts = [get_language() or "", request.get_host(), str(current_version(request))]
    parts += [str(value) for value in vary_on]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"fragment:{name}:{digest}"


LOCAL_ENTRIES = 512
_local = OrderedDict()  # key -> (monotonic expiry, value), least recently used first


def _remember(key, value):
    _local[key] = (time.monotonic() + lifetime(), value)
    _local.move_to_end(key)
    while len(_local) > LOCAL_ENTRIES:
        _local.popitem(last=False)


def read(key):
    """The fragment stored under ``key``, or None."""
    entry = _local.get(key)
    if entry is not None:
        if entry[0] > time.monotonic():
            _local.move_to_end(key)
            return entry[1]
        del _local[key]
    value = cache.get(key)
    if value is not None:
        _remember(key, value)
    return value


def store(key, value):
    cache.set(key, value, lifetime())
    _remember(key, value)
