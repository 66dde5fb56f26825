"""Publishing purges the front cache: each language's address of the page and what lists it.

A small HTTP server on 127.0.0.1 stands in for Varnish and records every ``PURGE``
it receives (the ``Host`` header and the path), exactly as Wagtail's HTTP backend
sends them.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from config.site_version import bump_after_commit
from tests.conftest import publish, translate
from tests.factories import MethodologyArticleFactory


class PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.purges.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def front_cache(settings):
    """A fake Varnish, configured as FRONTEND_CACHE_PURGE_URL would configure it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purges = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "purge-1": {
            "BACKEND": "config.frontend_cache.TimeLimitedHTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield server.purges
    server.shutdown()
    server.server_close()


@pytest.fixture
def article(site_tree):
    """A method in Hungarian with Slovenian and English translations of their own slugs."""
    source = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Közösségi térkép", slug="kozossegi-terkep"
    )
    return {
        "hu": source,
        "sl": translate(source, "sl", title="Skupnostni zemljevid", slug="skupnostni-zemljevid"),
        "en": translate(source, "en", title="Community map", slug="community-map"),
    }


def listing_and_home_paths(site_tree):
    return {
        path
        for code, pages in site_tree.items()
        for path in (pages["methods"].url, pages["home"].url, f"/{code}/feed/")
    }


def page_paths(pages):
    return {page.url for page in pages} | {f"/api/v2/pages/{page.pk}/" for page in pages}


@pytest.mark.django_db
def test_publishing_purges_the_page_in_each_language(
    front_cache, article, site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(article["hu"])
    assert {path for _host, path in front_cache} == (
        page_paths(article.values()) | listing_and_home_paths(site_tree)
    )
    assert {
        "/hu/modszerek/kozossegi-terkep/",
        "/sl/metode/skupnostni-zemljevid/",
        "/en/methods/community-map/",
    } <= {path for _host, path in front_cache}
    assert {host for host, _path in front_cache} == {article["hu"].get_site().hostname}


@pytest.mark.django_db
def test_a_page_without_translations_purges_every_languages_listings(
    front_cache, site_tree, django_capture_on_commit_callbacks
):
    """The Slovenian and English listings show the Hungarian source, marked."""
    source = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], slug="csak-magyarul")
    with django_capture_on_commit_callbacks(execute=True):
        publish(source)
    assert {path for _host, path in front_cache} == (
        page_paths([source]) | listing_and_home_paths(site_tree)
    )


def front_cache_purges(callbacks):
    """The commit callbacks that purge the front cache (the page cache bumps its own)."""
    return [callback for callback in callbacks if callback is not bump_after_commit]


@pytest.mark.django_db
def test_nothing_is_purged_before_the_transaction_commits(
    front_cache, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(article["sl"])
    assert len(front_cache_purges(callbacks)) == 1
    assert front_cache == []


@pytest.mark.django_db
def test_purging_is_off_without_a_target(
    settings, front_cache, article, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish(article["hu"])
    assert front_cache_purges(callbacks) == []
    assert front_cache == []


@pytest.mark.django_db
def test_unpublishing_purges_the_page(front_cache, article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article["en"].unpublish()
    assert page_paths(article.values()) <= {path for _host, path in front_cache}


@pytest.mark.django_db
def test_restricting_a_page_purges_it(front_cache, article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=article["sl"], restriction_type=PageViewRestriction.LOGIN
        )
    assert "/sl/metode/skupnostni-zemljevid/" in {path for _host, path in front_cache}


@pytest.mark.django_db
def test_an_image_moved_into_a_private_collection_is_purged(
    front_cache, site_tree, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    PILImage.new("RGB", (16, 16), "teal").save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Térkép", file=ImageFile(buffer, name="terkep.png")
    )
    rendition = image.get_rendition("fill-8x8")
    private = Collection.get_first_root_node().add_child(name="Csoport")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    with django_capture_on_commit_callbacks(execute=True):
        image.collection = private
        image.save()
    assert {image.file.url, rendition.url} <= {path for _host, path in front_cache}
