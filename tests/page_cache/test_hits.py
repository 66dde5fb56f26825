"""Signed-out readers are answered from the cache: by host, path, query and language."""

import pytest
from django.core.cache import cache

from config.page_cache import entry_key
from search.models import QueryStatistic
from tests.conftest import translate
from tests.page_cache.conftest import HIT, MISS, cache_state


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_of",
    [
        lambda tree, method: method.url,
        lambda tree, method: tree["hu"]["home"].url,
        lambda tree, method: tree["hu"]["methods"].url,
        lambda tree, method: tree["hu"]["methods"].url + "?theme=festivals",
        lambda tree, method: "/hu/glossary/",
        lambda tree, method: "/hu/feed/",
        lambda tree, method: "/hu/feed/festivals/",
        lambda tree, method: "/sitemap.xml",
        lambda tree, method: "/robots.txt",
        lambda tree, method: "/hu/search/",
        lambda tree, method: "/hu/search/suggest/?q=vil",
        lambda tree, method: "/api/v2/pages/?type=method",
    ],
    ids=[
        "method",
        "home",
        "listing",
        "filtered-listing",
        "glossary",
        "feed",
        "theme-feed",
        "sitemap",
        "robots",
        "search-page",
        "suggest",
        "api",
    ],
)
def test_the_second_read_is_a_hit_without_sql(
    client, site_tree, method, url_of, django_assert_num_queries
):
    url = url_of(site_tree, method)
    first = client.get(url)
    assert first.status_code == 200
    assert cache_state(first) == MISS
    with django_assert_num_queries(0):
        second = client.get(url)
    assert cache_state(second) == HIT
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.django_db
def test_cached_search_results_still_count_each_search(client, method):
    url = "/hu/search/?q=világkávézó"
    first = client.get(url)
    assert "Világkávézó" in first.content.decode()
    second = client.get(url)
    assert cache_state(second) == HIT
    assert second.content == first.content
    assert second["X-Robots-Tag"] == "noindex"
    statistic = QueryStatistic.objects.get()
    assert statistic.searches == 2
    assert statistic.zero_results == 0


@pytest.mark.django_db
def test_query_string_and_host_are_part_of_the_key(client, site_tree, method):
    listing = site_tree["hu"]["methods"].url
    client.get(listing + "?theme=festivals")
    assert cache_state(client.get(listing + "?theme=festivals&page=1")) == MISS
    assert cache_state(client.get(listing + "?page=1&theme=festivals")) == MISS
    assert cache_state(client.get(listing)) == MISS
    assert cache_state(client.get(listing + "?theme=festivals", HTTP_HOST="localhost")) == MISS
    absolute = client.get("/robots.txt", HTTP_HOST="localhost").content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in absolute
    assert "http://testserver" not in absolute


@pytest.mark.django_db
def test_a_slovenian_reader_never_gets_the_hungarian_page(client, site_tree, method):
    slovenian = translate(method, "sl", title="Svetovna kavarna")
    hungarian_home = client.get("/hu/", HTTP_ACCEPT_LANGUAGE="hu")
    assert cache_state(hungarian_home) == MISS
    for accept in ("sl", "hu", "en"):
        page = client.get("/sl/", HTTP_ACCEPT_LANGUAGE=accept)
        assert page["Content-Language"] == "sl"
        assert '<html lang="sl">' in page.content.decode()
    assert client.get("/sl/")["Content-Language"] == "sl"
    client.get(method.url)
    response = client.get(slovenian.url, HTTP_ACCEPT_LANGUAGE="hu")
    html = response.content.decode()
    assert "Svetovna kavarna" in html
    assert "<h1>Világkávézó" not in html
    # The bare address is a redirect by Accept-Language: never stored, varies on it.
    for accept, target in (("hu", "/hu/"), ("sl", "/sl/"), ("hu", "/hu/")):
        redirect = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
        assert redirect.status_code == 302
        assert redirect["Location"] == target
        assert "Accept-Language" in redirect["Vary"]
        assert cache_state(redirect) is None


@pytest.mark.django_db
def test_vary_follows_what_chose_the_language(client, site_tree, method):
    page = client.get(method.url)
    # The path chose the language: it does not vary on the reader's settings.
    assert "Accept-Language" not in page.get("Vary", "")
    assert page["Content-Language"] == "hu"
    # Outside the prefixes the language comes from the request, and the key holds it.
    sitemap = client.get("/sitemap.xml")
    assert "Accept-Language" in sitemap["Vary"]


def test_the_key_holds_the_language(rf):
    hungarian, slovenian = rf.get("/sitemap.xml"), rf.get("/sitemap.xml")
    hungarian.LANGUAGE_CODE, slovenian.LANGUAGE_CODE = "hu", "sl"
    assert entry_key(hungarian) != entry_key(slovenian)
    again = rf.get("/sitemap.xml")
    again.LANGUAGE_CODE = "hu"
    assert entry_key(again) == entry_key(hungarian)


@pytest.mark.django_db
def test_a_response_that_varies_on_accept_is_served_only_for_the_same_accept(client):
    as_json = client.get("/api/v2/pages/", HTTP_ACCEPT="application/json")
    assert cache_state(as_json) == MISS
    assert "Accept" in as_json["Vary"]
    browsable = client.get("/api/v2/pages/", HTTP_ACCEPT="text/html")
    assert cache_state(browsable) != HIT
    assert browsable["Content-Type"].startswith("text/html")
    again = client.get("/api/v2/pages/", HTTP_ACCEPT="application/json")
    assert cache_state(again) == HIT
    assert again["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_head_is_answered_from_the_cache(client, method, django_assert_num_queries):
    client.get(method.url)
    with django_assert_num_queries(0):
        response = client.head(method.url)
    assert response.status_code == 200
    assert cache_state(response) == HIT


@pytest.mark.django_db
def test_error_answers_are_not_stored(client, site_tree):
    assert cache_state(client.get("/hu/nincs-ilyen-oldal/")) is None
    assert client.get("/hu/nincs-ilyen-oldal/").status_code == 404
    assert client.get("/hu/search/?page=x").status_code == 404
    assert client.get("/hu/search/", {"q": "x" * 500}).status_code == 400
    assert not [key for key in cache._cache if ":page:" in key]
