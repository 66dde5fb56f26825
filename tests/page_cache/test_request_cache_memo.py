"""One request reads each key of the shared cache from Redis once, and sees its own writes.

Against a real Redis (``REDIS_TEST_URL``, by default database 15 of the local server);
another client changes keys behind the site's back to show what is read from where.
"""

import os
import uuid

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from config.request_cache_memo import end_request, start_request
from tests.security.test_failure_behaviour import closed_port

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def redis_reachable():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def shared_cache():
    if not redis_reachable():
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"memo-test-{uuid.uuid4().hex}"
    settings = {"BACKEND": "config.cache.ResilientRedisCache", "LOCATION": REDIS_URL}
    with override_settings(CACHES={"default": {**settings, "KEY_PREFIX": prefix}}):
        cache = caches["default"]
        yield cache
        cache.clear()


@pytest.fixture
def behind_the_back(shared_cache):
    """Writes a key as another process would, in the cache's own format."""
    other = redis.Redis.from_url(REDIS_URL)

    def write(key, value):
        other.set(shared_cache.make_key(key), shared_cache._cache._serializer.dumps(value))

    return write


@pytest.fixture
def in_a_request():
    start_request()
    yield
    end_request()


def test_a_request_reads_a_key_once(shared_cache, behind_the_back):
    shared_cache.set("taxonomy:version", 1)
    start_request()
    assert shared_cache.get("taxonomy:version") == 1
    behind_the_back("taxonomy:version", 2)
    assert shared_cache.get("taxonomy:version") == 1  # the request's own snapshot
    assert shared_cache.get_many(["taxonomy:version"]) == {"taxonomy:version": 1}
    end_request()
    start_request()
    assert shared_cache.get("taxonomy:version") == 2  # the next request reads it again
    end_request()


def test_a_missing_key_is_read_once_too(shared_cache, behind_the_back, in_a_request):
    assert shared_cache.get("absent", "default") == "default"
    behind_the_back("absent", "written elsewhere")
    assert shared_cache.get("absent") is None
    assert shared_cache.get_many(["absent"]) == {}


def test_a_request_sees_its_own_writes(shared_cache, in_a_request):
    assert shared_cache.get("site:version") is None
    shared_cache.set("site:version", 10)
    assert shared_cache.get("site:version") == 10
    assert shared_cache.incr("site:version") == 11
    assert shared_cache.get("site:version") == 11
    assert shared_cache.add("site:version", 99) is False
    assert shared_cache.get("site:version") == 11
    shared_cache.set_many({"a": "x", "b": "y"})
    assert shared_cache.get_many(["a", "b", "site:version"]) == {
        "a": "x",
        "b": "y",
        "site:version": 11,
    }
    shared_cache.delete("a")
    shared_cache.delete_many(["b"])
    assert shared_cache.get_many(["a", "b"]) == {}
    assert shared_cache.add("a", "again") is True
    assert shared_cache.get("a") == "again"


def test_outside_a_request_every_read_goes_to_redis(shared_cache, behind_the_back):
    shared_cache.set("taxonomy:version", 1)
    assert shared_cache.get("taxonomy:version") == 1
    behind_the_back("taxonomy:version", 2)
    assert shared_cache.get("taxonomy:version") == 2


def test_with_redis_down_nothing_written_is_read_back(in_a_request):
    down = {
        "BACKEND": "config.cache.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    with override_settings(CACHES={"default": down}):
        cache = caches["default"]
        cache.set("health:probe", "token")
        assert cache.get("health:probe") is None  # the health check still sees it down
        assert cache.add("health:probe", "token") is False
        assert cache.get("health:probe") is None


def test_pages_read_each_key_once_per_request(shared_cache, client, site_tree, method):
    """A listing asks for the taxonomy on every card: one Redis read per key. The test
    client sends the request signals as Django's WSGI handler does."""
    url = site_tree["hu"]["methods"].url
    reads = []
    original = shared_cache._cache.get

    def counting_get(key, default=None):
        reads.append(key)
        return original(key, default)

    shared_cache._cache.get = counting_get
    with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
        assert client.get(url).status_code == 200
    assert reads
    assert len(reads) == len(set(reads)), sorted(reads)


def test_a_hit_before_django_never_reads_what_a_request_kept(shared_cache, behind_the_back):
    """The WSGI layer answers outside Django's request signals; a memo that an earlier
    request left behind must not hand it an old site version."""
    from config.page_cache_wsgi import PageCacheApplication
    from config.request_cache_memo import _memo
    from tests.page_cache.test_wsgi_layer import environ, never_called

    start_request()
    shared_cache.set("site:version", 1)
    behind_the_back("site:version", 2)
    assert shared_cache.get("site:version") == 1
    PageCacheApplication(never_called).answer(environ("/hu/"))
    assert _memo.get() is None
    assert shared_cache.get("site:version") == 2
