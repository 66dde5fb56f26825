"""A Redis cache that the site survives losing.

The cache only saves work: every value in it can be computed again. With Django's
own Redis backend, a stopped Redis turns every page into a 500. This backend logs
the failure and answers as an empty cache would (a miss on read, nothing kept on
write), so pages are served from the database and editors can save. The health
endpoint still reports the cache as down, because a value it writes cannot be read
back.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from config.request_cache_memo import RequestMemoMixin

logger = logging.getLogger("config.cache")


def _tolerant(default_factory):
    def decorate(method):
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError):
                logger.error("Cache unavailable during %s", method.__name__, exc_info=True)
                return default_factory(*args, **kwargs)

        wrapper.__name__ = method.__name__
        wrapper.__doc__ = method.__doc__
        return wrapper

    return decorate


def _default_arg(key, default=None, *args, **kwargs):
    return default


class RequestMemoRedisCache(RequestMemoMixin, RedisCache):
    """Django's Redis cache, read once per request and key (``config.request_cache_memo``)."""


class ResilientRedisCache(RequestMemoRedisCache):
    get = _tolerant(_default_arg)(RequestMemoRedisCache.get)
    set = _tolerant(lambda *a, **k: None)(RequestMemoRedisCache.set)
    add = _tolerant(lambda *a, **k: False)(RequestMemoRedisCache.add)
    touch = _tolerant(lambda *a, **k: False)(RequestMemoRedisCache.touch)
    delete = _tolerant(lambda *a, **k: False)(RequestMemoRedisCache.delete)
    get_many = _tolerant(lambda *a, **k: {})(RequestMemoRedisCache.get_many)
    set_many = _tolerant(lambda keys, *a, **k: list(keys))(RequestMemoRedisCache.set_many)
    delete_many = _tolerant(lambda *a, **k: None)(RequestMemoRedisCache.delete_many)
    has_key = _tolerant(lambda *a, **k: False)(RequestMemoRedisCache.has_key)
    incr = _tolerant(lambda key, delta=1, *a, **k: delta)(RequestMemoRedisCache.incr)
    clear = _tolerant(lambda *a, **k: False)(RequestMemoRedisCache.clear)
