"""Navigation, footer, language versions and themes are cached as fragments.

Signed-in readers never get whole pages from the cache, but these parts are the same
for everyone, so their second page view skips the queries behind them; a change
anywhere makes them stale together with the cached pages.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from knowledge.models import LibraryIndexPage
from tests.conftest import translate
from tests.factories import ProgrammePackageFactory


def sql_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


def menu_queries(sqls):
    """Queries that pick the sections shown in the main navigation."""
    return [sql for sql in sqls if '"show_in_menus"' in sql.partition(" WHERE ")[2]]


def fragment_keys():
    return [key for key in cache._cache if ":fragment:" in key]


@pytest.mark.django_db
def test_a_signed_in_readers_second_view_takes_the_fragments_from_the_cache(
    client, site_tree, method, reader
):
    """A change that bumps no site version (a raw update) shows only once fragments go stale.

    The header's rows come with the routing query (``knowledge.routing``) and the
    terms with the page's cards, so the fragments save rendering, not queries.
    """
    client.force_login(reader)
    first, first_sql = sql_of(client, method.url)
    assert len(menu_queries(first_sql)) == 1  # the routing query, nothing of its own
    methods = site_tree["hu"]["methods"]
    LibraryIndexPage.objects.filter(pk=methods.pk).update(title="Csendben átnevezve")
    second, second_sql = sql_of(client, method.url)
    assert len(second_sql) <= len(first_sql)
    header = BeautifulSoup(second.content, "html.parser").select_one(".site-header")
    assert header == BeautifulSoup(first.content, "html.parser").select_one(".site-header")
    assert "Csendben átnevezve" not in header.get_text()
    assert "Fesztiválok" in second.content.decode()
    cache.clear()
    third = BeautifulSoup(client.get(method.url).content, "html.parser")
    assert "Csendben átnevezve" in third.select_one(".site-header").get_text()


@pytest.mark.django_db
def test_the_navigation_marks_the_section_of_each_page(client, site_tree, method, reader):
    package = ProgrammePackageFactory(parent=site_tree["hu"]["packages"], title="Kínálat")
    client.force_login(reader)

    def current_section(url):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        return soup.select_one('.main-nav [aria-current="page"]').get_text(strip=True)

    for _round in range(2):
        assert current_section(method.url) == site_tree["hu"]["methods"].title
        assert current_section(package.url) == site_tree["hu"]["packages"].title
        assert current_section(site_tree["hu"]["methods"].url) == site_tree["hu"]["methods"].title
    soup = BeautifulSoup(client.get("/hu/glossary/").content, "html.parser")
    assert soup.select_one('.main-nav [aria-current="page"]') is None


@pytest.mark.django_db
def test_a_new_section_reaches_the_cached_navigation(client, site_tree, method, reader):
    client.force_login(reader)
    client.get(method.url)
    site_tree["hu"]["home"].add_child(
        instance=LibraryIndexPage(
            title="Új rovat", slug="uj-rovat", show_in_menus=True, section="collections"
        )
    )
    nav = BeautifulSoup(client.get(method.url).content, "html.parser").select_one(".main-nav")
    assert "Új rovat" in nav.get_text()


@pytest.mark.django_db
def test_renamed_themes_reach_the_cached_fragment(client, method, theme, reader):
    client.force_login(reader)
    assert "Fesztiválok" in client.get(method.url).content.decode()
    theme.name = "Ünnepek"
    theme.save()
    html = client.get(method.url).content.decode()
    assert "Ünnepek" in html
    assert "Fesztiválok" not in html


@pytest.mark.django_db
def test_a_new_translation_reaches_the_cached_language_switcher(client, method, reader):
    client.force_login(reader)

    def switcher():
        soup = BeautifulSoup(client.get(method.url).content, "html.parser")
        return {link["hreflang"]: link["href"] for link in soup.select(".language-switcher a")}

    assert switcher()["sl"] == "/sl/"  # no translation yet: that language's home
    slovenian = translate(method, "sl", title="Svetovna kavarna")
    assert switcher()["sl"] == slovenian.url


@pytest.mark.django_db
def test_fragments_follow_the_language(client, site_tree, reader):
    client.force_login(reader)
    hungarian = client.get(site_tree["hu"]["methods"].url).content.decode()
    slovenian = client.get(site_tree["sl"]["methods"].url).content.decode()
    footer = BeautifulSoup(slovenian, "html.parser").select_one(".site-footer")
    assert 'action="/sl/search/"' in str(footer)
    assert site_tree["sl"]["methods"].title in slovenian
    assert site_tree["sl"]["methods"].title not in hungarian


@pytest.mark.django_db
@override_settings(PAGE_CACHE_SECONDS=0)
def test_no_fragment_is_kept_when_the_cache_is_off(client, method, reader):
    client.force_login(reader)
    client.get(method.url)
    assert fragment_keys() == []
    _response, second_sql = sql_of(client, method.url)
    assert menu_queries(second_sql)
