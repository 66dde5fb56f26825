"""Validators, 304s, Cache-Control, CSP nonces on hits, and the off switch."""

import re

import pytest
from django.test import override_settings

from tests.page_cache.conftest import HIT, MISS, cache_state


@pytest.mark.django_db
def test_a_cached_page_is_public_for_a_short_while(client, method):
    for response in (client.get(method.url), client.get(method.url)):
        assert response["Cache-Control"] == "public, max-age=60"
        assert response["ETag"].startswith('W/"')
        assert response["Last-Modified"]


@pytest.mark.django_db
@override_settings(PAGE_CACHE_BROWSER_SECONDS=15)
def test_browsers_keep_a_page_as_long_as_the_setting_says(client, method):
    assert client.get(method.url)["Cache-Control"] == "public, max-age=15"


@pytest.mark.django_db
def test_a_view_keeps_its_own_public_policy(client):
    assert client.get("/robots.txt")["Cache-Control"] == "max-age=86400, public"


@pytest.mark.django_db
def test_conditional_requests_get_304_without_sql(client, method, django_assert_num_queries):
    first = client.get(method.url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    with django_assert_num_queries(0):
        by_etag = client.get(method.url, HTTP_IF_NONE_MATCH=etag)
        by_date = client.get(method.url, HTTP_IF_MODIFIED_SINCE=last_modified)
    for response in (by_etag, by_date):
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag
        assert response["Cache-Control"] == "public, max-age=60"
    assert client.get(method.url, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


@pytest.mark.django_db
def test_a_miss_answers_a_conditional_request_too(client, site_tree, method):
    # A listing: a method page's feedback form carries a signed time, which may tick
    # between the two renders and rightly change the validator.
    listing = site_tree["hu"]["methods"].url
    etag = client.get(listing)["ETag"]
    from django.core.cache import cache

    cache.clear()
    response = client.get(listing, HTTP_IF_NONE_MATCH=etag)
    assert cache_state(response) == MISS
    assert response.status_code == 304


@pytest.mark.django_db
def test_a_changed_page_no_longer_matches_the_old_etag(client, method):
    from tests.conftest import publish

    etag = client.get(method.url)["ETag"]
    method.title = "Világkávézó, átírva"
    publish(method)
    response = client.get(method.url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Világkávézó, átírva" in response.content.decode()
    assert response["ETag"] != etag


@pytest.mark.django_db
def test_private_answers_carry_no_validators_from_the_cache(client, method, reader):
    client.force_login(reader)
    response = client.get(method.url)
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}
    assert "ETag" not in response


def nonces(response):
    header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    in_html = set(re.findall(r'nonce="([^"]+)"|Nonce: ([^<]+)<', response.content.decode()))
    return header, {value for pair in in_html for value in pair if value}


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.page_cache.urls")
def test_every_hit_gets_a_fresh_nonce_in_header_and_html(client, django_assert_num_queries):
    first = client.get("/nonce-page/")
    assert cache_state(first) == MISS
    seen = set()
    header, in_html = nonces(first)
    assert in_html == {header}
    seen.add(header)
    for _hit in range(2):
        with django_assert_num_queries(0):
            response = client.get("/nonce-page/")
        assert cache_state(response) == HIT
        header, in_html = nonces(response)
        assert in_html == {header}
        assert header not in seen
        seen.add(header)
        assert "csp-nonce-placeholder" not in response.content.decode()
        # A 304 would pair the browser's old body with a new nonce: no validators.
        assert "ETag" not in response
        assert "Last-Modified" not in response


@pytest.mark.django_db
def test_public_pages_without_a_nonce_send_none(client, method):
    client.get(method.url)
    response = client.get(method.url)
    assert "'nonce-" not in response["Content-Security-Policy"]
    assert "nonce=" not in response.content.decode()


@pytest.mark.django_db
def test_per_request_headers_are_not_stored(client, method):
    first, second = client.get(method.url), client.get(method.url)
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert second["X-Content-Type-Options"] == "nosniff"
    assert int(second["Content-Length"]) == len(second.content)


@pytest.mark.django_db
@override_settings(PAGE_CACHE_SECONDS=0)
def test_zero_seconds_turns_the_page_cache_off(client, method, django_assert_max_num_queries):
    client.get(method.url)
    response = client.get(method.url)
    assert cache_state(response) is None
    assert "ETag" not in response
    assert "Cache-Control" not in response
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(method.url)
    assert len(queries) > 0
