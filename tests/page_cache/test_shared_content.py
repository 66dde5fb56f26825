"""A page's main content and its route are kept as fragments, with the page cache off.

Every request still goes through the view and renders the page around its content, so
these tests turn the page cache off and fragments on, as ``make bench-compare`` runs
the site: what a second request shows must be exactly what the first rendered, only
public content is ever shared, and a change reaches the next request.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from knowledge.models import MethodologyArticle
from tests.factories import MethodologyArticleFactory, ThemeFactory
from tests.groups.factories import WorkshopWriteUpFactory

NONCE_ATTRIBUTE = 'nonce="'


@pytest.fixture(autouse=True)
def fragments_without_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 300


def content_keys():
    return [key for key in cache._cache if ":fragment:content:" in key]


def route_keys():
    return [key for key in cache._cache if ":fragment:route:" in key]


def read(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


def main_of(response):
    html = response.content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


@pytest.mark.django_db
def test_the_second_read_of_a_method_shows_the_same_page_without_a_query(client, site_tree, method):
    other = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Halcsontváz")
    method.body = [("related", {"title": "Kapcsolódó", "pages": [other]})]
    method.save_revision().publish()
    first, first_queries = read(client, method.url)
    assert first_queries > 0
    assert "Halcsontváz" in main_of(first)
    assert len(content_keys()) == 1 and len(route_keys()) == 1
    second, second_queries = read(client, method.url)
    assert second_queries == 0
    assert second.content == first.content


@pytest.mark.django_db
def test_home_and_listing_share_their_content_per_query_string(client, site_tree, method):
    home = site_tree["hu"]["home"].url
    methods = site_tree["hu"]["methods"].url
    filtered = f"{methods}?theme=festivals"
    for url in (home, methods, filtered):
        first, _queries = read(client, url)
        second, queries = read(client, url)
        assert queries == 0
        assert second.content == first.content
    assert len(content_keys()) == 3
    ThemeFactory(slug="volunteering", name="Önkéntesség")
    other_theme, _queries = read(client, f"{methods}?theme=volunteering")
    assert "Világkávézó" not in main_of(other_theme)
    assert "Világkávézó" in main_of(read(client, filtered)[0])


@pytest.mark.django_db
def test_publishing_reaches_the_next_read(client, method):
    read(client, method.url)
    method.title = "Világkávézó, újra"
    method.save_revision().publish()
    response, _queries = read(client, method.url)
    assert "Világkávézó, újra" in main_of(response)


@pytest.mark.django_db
def test_content_follows_the_site_version_and_no_other_change(client, method):
    """A raw update bumps no version: the content stays as it was until a purge."""
    first, _queries = read(client, method.url)
    MethodologyArticle.objects.filter(pk=method.pk).update(summary="Csendben átírva.")
    stale, _queries = read(client, method.url)
    assert "Csendben átírva." not in main_of(stale)
    assert main_of(stale) == main_of(first)
    cache.clear()
    fresh, _queries = read(client, method.url)
    assert "Csendben átírva." in main_of(fresh)


@pytest.mark.django_db
def test_a_moved_page_is_routed_at_its_new_address(client, site_tree, method):
    old_url = method.url
    read(client, old_url)
    method.slug = "vilagkavezo-uj"
    method.save_revision().publish()
    method.refresh_from_db()
    assert client.get(old_url).status_code == 404
    response, _queries = read(client, method.url)
    assert "Világkávézó" in main_of(response)


@pytest.mark.django_db
def test_shared_content_holds_no_nonce_and_no_csrf_token(client, method):
    read(client, method.url)
    shared, _queries = read(client, method.url)
    assert NONCE_ATTRIBUTE not in main_of(shared)
    assert "csrfmiddlewaretoken" not in main_of(shared)
    assert "csrftoken" not in shared.cookies


@pytest.mark.django_db
def test_signed_in_readers_get_the_same_public_content(client, method, reader):
    anonymous, _queries = read(client, method.url)
    member = Client()
    member.force_login(reader)
    signed_in, _queries = read(member, method.url)
    assert main_of(signed_in) == main_of(anonymous)
    assert len(content_keys()) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["members", "group"])
def test_restricted_write_ups_never_share_their_content(groups, people, visibility):
    group_a, _group_b = groups
    writeup = WorkshopWriteUpFactory(
        parent=group_a,
        title="Alkalom kukoricacső",
        what_we_did="<p>Szövegben is: kukoricacső.</p>",
        visibility=visibility,
    )
    member = Client()
    member.force_login(people["member_1"])
    for _read in range(2):
        response = member.get(writeup.url)
        assert response.status_code == 200
        assert "kukoricacső" in response.content.decode()
    assert content_keys() == [] and route_keys() == []
    assert not any("kukoricacső".encode() in value for value in cache_values())
    assert Client().get(writeup.url).status_code == 302


@pytest.mark.django_db
def test_a_password_page_never_shares_its_content(client, method):
    restriction = PageViewRestriction.objects.create(
        page=method, restriction_type="password", password="titok"
    )
    form_url = f"/hu/_util/authenticate_with_password/{restriction.pk}/{method.pk}/"
    holder = Client()
    holder.post(form_url, {"password": "titok", "return_url": method.url})
    for _read in range(2):
        assert "Világkávézó" in main_of(holder.get(method.url))
    assert content_keys() == [] and route_keys() == []
    assert not any(b"Kis asztalok" in value for value in cache_values())


@pytest.mark.django_db
def test_nothing_is_kept_with_fragments_off(client, method, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    read(client, method.url)
    _response, queries = read(client, method.url)
    assert queries > 0
    assert content_keys() == [] and route_keys() == []


def cache_values():
    """The raw bytes the process-memory cache holds (pickled values)."""
    return list(cache._cache.values())
