"""With Redis unreachable the site answers from the database, and editors publish.

Redis is "down" as in ``tests/security/test_failure_behaviour.py``: a closed port on
127.0.0.1, so the client really tries and is refused.
"""

import logging

import pytest
from django.test import Client, override_settings

from config.site_version import purge_site_cache
from tests.conftest import publish
from tests.page_cache.conftest import HIT, cache_state
from tests.security.test_failure_behaviour import closed_port


@pytest.fixture
def redis_down():
    caches = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=caches):
        yield


@pytest.mark.django_db
def test_pages_are_served_fresh_and_published_with_redis_down(
    client, site_tree, method, reader, redis_down, caplog
):
    from django.core.cache import caches

    assert type(caches["default"]).__name__ == "ResilientRedisCache"
    with caplog.at_level(logging.ERROR, logger="config.cache"):
        for url in (method.url, method.url, site_tree["hu"]["methods"].url, "/hu/feed/"):
            response = client.get(url)
            assert response.status_code == 200
            assert cache_state(response) != HIT
        method.title = "Redis nélkül is friss"
        publish(method)
        purge_site_cache()
        assert "Redis nélkül is friss" in client.get(method.url).content.decode()
        member = Client()
        member.force_login(reader)
        html = member.get(method.url).content.decode()
        assert "Redis nélkül is friss" in html
        assert "Fesztiválok" in html  # the themes fragment, rendered without the cache
    assert any("Cache unavailable" in record.message for record in caplog.records)
