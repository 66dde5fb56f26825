"""The Redis cache keeps one client and connection per thread (config/cache.py).

These need a Redis server at 127.0.0.1:6379 (database 15, keys under a prefix of
their own, deleted afterwards) and are skipped without one.
"""

import logging
import os
import threading
import uuid

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

LOCATION = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(LOCATION, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    settings = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": LOCATION,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=settings):
        cache = caches["default"]
        yield cache
        cache.delete_many(["a", "b"])


def test_one_client_per_thread_and_process(redis_cache, monkeypatch):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client  # one server, one pool
    in_another_thread = []
    thread = threading.Thread(
        target=lambda: in_another_thread.append(redis_cache._cache.get_client())
    )
    thread.start()
    thread.join()
    assert in_another_thread[0] is not client
    parent = os.getpid()
    monkeypatch.setattr(os, "getpid", lambda: parent + 1)  # as in a forked worker
    assert redis_cache._cache.get_client() is not client


def test_a_connection_the_server_closed_is_replaced_without_a_failed_operation(redis_cache, caplog):
    redis_cache.set("a", "kept")
    client = redis_cache._cache.get_client()
    killed = client.client_id()
    redis.Redis.from_url(LOCATION).client_kill_filter(_id=killed)
    with caplog.at_level(logging.ERROR, logger="config.cache"):
        assert redis_cache.get("a") == "kept"
        redis_cache.set("b", 2)
        assert redis_cache.get_many(["a", "b"]) == {"a": "kept", "b": 2}
    assert "Cache unavailable" not in caplog.text
    assert redis_cache._cache.get_client().client_id() != killed


def test_keys_are_taken_as_they_are(redis_cache, recwarn):
    """Django warns about keys memcached would refuse; Redis takes them."""
    redis_cache.set("a", 1)
    redis_cache.get("with space and a very long name " * 10)
    assert not [warning for warning in recwarn if "memcached" in str(warning.message)]
