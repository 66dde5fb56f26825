"""The sitemap lists public, live pages of every language with hreflang alternates; robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import KnowledgePage
from knowledge.public import public_pages
from tests.conftest import publish, translate
from tests.factories import MethodologyArticleFactory

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    result = {}
    for url in root.findall("s:url", NS):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        result[url.findtext("s:loc", namespaces=NS)] = alternates
    return result


@pytest.mark.django_db
def test_every_public_page_of_every_language_with_its_alternates(client, site_tree):
    method = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Műhelykör")
    method_sl = translate(method, "sl", title="Delavniški krog")
    found = entries(client)
    assert len(found) == public_pages().count()
    hu_url = f"http://testserver{method.url}"
    sl_url = f"http://testserver{method_sl.url}"
    assert hu_url in found and sl_url in found
    assert found[hu_url] == {"hu": hu_url, "sl": sl_url, "x-default": hu_url}
    assert found[sl_url] == found[hu_url]
    home_en = f"http://testserver{site_tree['en']['home'].url}"
    assert found[home_en]["en"] == home_en and found[home_en]["hu"].endswith("/hu/")


@pytest.mark.django_db
def test_restricted_pages_drafts_and_their_translations_stay_out(client, site_tree):
    method = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Nyilvános")
    hidden = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Tagoknak")
    hidden_sl = translate(hidden, "sl", title="Za člane")
    hidden.visibility = KnowledgePage.Visibility.MEMBERS
    publish(hidden)
    draft_sl = translate(method, "sl", title="Osnutek")
    draft_sl.unpublish()
    found = entries(client)
    locations = set(found) | {href for alts in found.values() for href in alts.values()}
    assert f"http://testserver{method.url}" in found
    for page in (hidden, draft_sl):
        page.refresh_from_db()
        assert f"http://testserver{page.url}" not in locations
    # Neither is an alternate of its public translation: both are left alone.
    assert found[f"http://testserver{method.url}"] == {}
    assert found[f"http://testserver{hidden_sl.url}"] == {}


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
def test_sitemap_queries_do_not_grow_with_the_number_of_pages(client, site_tree):
    def count():
        client.get("/sitemap.xml")
        cache.clear()
        client.get("/sitemap.xml")
        with CaptureQueriesContext(connection) as captured:
            client.get("/sitemap.xml")
        return len(captured)

    for _number in range(2):
        translate(MethodologyArticleFactory(parent=site_tree["hu"]["methods"]), "sl")
    few = count()
    for _number in range(6):
        translate(MethodologyArticleFactory(parent=site_tree["hu"]["methods"]), "sl")
    assert count() == few


@pytest.mark.django_db
def test_robots_points_at_the_sitemap_and_keeps_crawlers_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for rule in ("Disallow: /admin/", "Disallow: /*/search/?", "Disallow: /*/feed/*?"):
        assert rule in lines
