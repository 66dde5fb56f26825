"""Search results are cached like pages; editors' promoted results purge them.

Query statistics are written by every search and shown to no reader, so they purge
nothing; a cached result page counts its search again on every hit
(``config.page_cache.repeat_on_hit``).
"""

from config.site_version import purge_when_changed
from search.models import PromotedResult


def connect():
    purge_when_changed(PromotedResult, dispatch_prefix="search.cache_purge")
