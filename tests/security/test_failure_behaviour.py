"""With Redis or the search backend really unreachable, readers and editors carry on.

"Down" here is a closed port on 127.0.0.1: the clients really try to connect and
are refused, as they would be with the service stopped.
"""

import logging
import socket

import pytest
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from tests.factories import MethodologyArticleFactory


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the socket is


@pytest.fixture
def redis_down():
    url = f"redis://127.0.0.1:{closed_port()}/0"
    redis_cache = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Django's test signals rebuild the cache handlers when CACHES changes.
    with override_settings(CACHES=redis_cache):
        yield


@pytest.fixture
def search_down():
    backends = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [f"http://127.0.0.1:{closed_port()}"],
            "INDEX": "kapcsolodasok-test-down",
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
        }
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_health_reports_every_dependency_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "search": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_serve_and_editors_save_with_redis_down(
    client, admin_client, site_tree, redis_down, caplog
):
    from django.core.cache import caches

    assert type(caches["default"]).__name__ == "ResilientRedisCache"
    method = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Redis nélkül")
    with caplog.at_level(logging.ERROR, logger="config.cache"):
        assert client.get(method.url).status_code == 200
        assert client.get(site_tree["hu"]["methods"].url).status_code == 200
    assert any("Cache unavailable" in record.message for record in caplog.records)
    method.title = "Redis nélkül is mentve"
    method.save_revision().publish()
    method.refresh_from_db()
    assert method.title == "Redis nélkül is mentve"


@pytest.mark.django_db
def test_health_reports_redis_down_without_details(client, redis_down):
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body == {
        "status": "error",
        "checks": {"database": "ok", "cache": "error", "search": "ok"},
    }
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_search_degrades_with_a_translated_message_when_the_backend_is_down(
    client, search_down, caplog
):
    assert get_search_backend().__class__.__module__.endswith("elasticsearch9")
    with caplog.at_level(logging.ERROR, logger="search"):
        response = client.get("/hu/search/?q=önkéntesség", HTTP_ACCEPT_LANGUAGE="hu")
    assert response.status_code == 503
    assert "A keresés átmenetileg nem érhető el" in response.content.decode()
    assert any("Search backend failed" in record.message for record in caplog.records)


@pytest.mark.django_db
def test_editors_save_and_pages_serve_with_the_search_backend_down(client, site_tree, search_down):
    method = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Index nélkül")
    method.title = "Index nélkül is mentve"
    method.save_revision().publish()
    method.refresh_from_db()
    assert method.title == "Index nélkül is mentve"
    assert client.get(method.url).status_code == 200


@pytest.mark.django_db
def test_health_reports_search_down(client, search_down):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "search": "error"}
