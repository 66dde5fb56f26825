"""Page-cache hits answered in front of Django (config/page_cache_wsgi.py).

Each test calls WSGI applications with environ dicts as gunicorn builds them. A hit the
layer answers is compared with the hit Django's whole middleware stack serves for the
same request; everything the layer must not answer has to reach Django.
"""

import io
import logging
import re
from dataclasses import dataclass
from urllib.parse import unquote

import pytest
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.db import close_old_connections
from django.test import override_settings

from config import page_cache
from config.page_cache_wsgi import MAX_TARGET_LENGTH, PageCacheApplication, language
from config.site_version import bump_version
from search.models import QueryStatistic
from tests.factories import MethodologyArticleFactory
from tests.page_cache.conftest import HIT, MISS
from tests.security.test_failure_behaviour import closed_port

NONCE = re.compile(r"nonce-([A-Za-z0-9+/=]+)|nonce=\"([^\"]+)\"|Nonce: ([^<]+)<")
PROXY_REQUEST_ID = "proxy-request-0123456789"


@pytest.fixture(autouse=True)
def _connections_stay_open():
    """As Django's test client does: a request's end must not close the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def environ(url, method="GET", **headers):
    """A WSGI environ for ``url`` as gunicorn builds it: PATH_INFO unquoted, as Latin-1."""
    path, _, query = url.partition("?")
    env = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote(path).encode().decode("iso-8859-1"),
        "QUERY_STRING": query,
        "RAW_URI": url,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "50312",
        "HTTP_HOST": "testserver",
        "HTTP_USER_AGENT": "wrk/4.2",
        "HTTP_CONNECTION": "close",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    env.update(headers)
    return env


@dataclass
class Answer:
    status: str
    headers: list
    body: bytes

    def __getitem__(self, name):
        values = [value for header, value in self.headers if header.lower() == name.lower()]
        assert len(values) == 1, f"{name}: {values}"
        return values[0]

    def get(self, name):
        values = [value for header, value in self.headers if header.lower() == name.lower()]
        return values[0] if values else None


def call(application, env):
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, headers

    chunks = application(env, start_response)
    try:
        body = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return Answer(seen["status"], seen["headers"], body)


class Django:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.requests = 0

    def __call__(self, env, start_response):
        self.requests += 1
        return self.handler(env, start_response)


def never_called(env, start_response):
    raise AssertionError(f"{env['PATH_INFO']} reached Django")


def comparable(answer):
    """Status, headers and body with nonces and request ids replaced by markers."""

    def unnonced(text):
        return NONCE.sub("<nonce>", text)

    headers = sorted(
        (name.lower(), "<id>" if name.lower() == "x-request-id" else unnonced(value))
        for name, value in answer.headers
    )
    return answer.status, headers, unnonced(answer.body.decode())


def nonces(answer):
    found = NONCE.findall(answer.get("Content-Security-Policy") + answer.body.decode())
    return {value for groups in found for value in groups if value}


def assert_same_hit(layer, django):
    assert django["X-Page-Cache"] == HIT
    assert comparable(layer) == comparable(django)


def layer_hit(url, **headers):
    """The layer's answer, which must not reach Django."""
    return call(PageCacheApplication(never_called), environ(url, **headers))


def django_hit(url, **headers):
    """Store the page by a first request through Django, then return Django's own hit."""
    django = Django()
    assert call(django, environ(url, **headers))["X-Page-Cache"] == MISS
    hit = call(django, environ(url, **headers))
    assert hit["X-Page-Cache"] == HIT
    return hit


PAGES = {
    "method": (lambda tree, method: method.url, {}),
    "home": (lambda tree, method: "/hu/", {}),
    "filtered-listing": (lambda tree, method: tree["hu"]["methods"].url + "?theme=festivals", {}),
    "glossary": (lambda tree, method: "/hu/glossary/", {}),
    "feed": (lambda tree, method: "/hu/feed/", {}),
    "sitemap": (lambda tree, method: "/sitemap.xml", {"HTTP_ACCEPT_LANGUAGE": "sl"}),
    "robots": (lambda tree, method: "/robots.txt", {}),
    "api": (lambda tree, method: "/api/v2/pages/?type=method", {"HTTP_ACCEPT": "application/json"}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("request_id", [None, PROXY_REQUEST_ID])
def test_a_hit_before_django_is_the_hit_django_serves(
    site_tree, method, page, request_id, django_assert_num_queries
):
    url_of, headers = PAGES[page]
    url = url_of(site_tree, method)
    if request_id:
        headers = {**headers, "HTTP_X_REQUEST_ID": request_id}
    django = django_hit(url, **headers)
    application = PageCacheApplication(never_called)
    with django_assert_num_queries(0):
        # The first works the headers out through the middlewares, the second reuses them.
        layer, again = (call(application, environ(url, **headers)) for _hit in range(2))
    assert_same_hit(layer, django)
    assert_same_hit(again, django)
    assert len(application.prepared) == 1
    assert layer.status == "200 OK"
    assert int(layer["Content-Length"]) == len(layer.body) > 0
    assert layer["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in layer["Content-Security-Policy"]
    if request_id:
        assert layer["X-Request-ID"] == again["X-Request-ID"] == request_id
    else:
        assert len({layer["X-Request-ID"], again["X-Request-ID"], django["X-Request-ID"]}) == 3


@pytest.mark.django_db
def test_a_changed_page_is_served_with_its_new_headers(site_tree, method):
    from tests.conftest import publish

    application = PageCacheApplication(never_called)
    django_hit(method.url)
    before = call(application, environ(method.url))
    method.title = "Világkávézó, átírva"
    publish(method)
    django = django_hit(method.url)
    after = call(application, environ(method.url))
    assert_same_hit(after, django)
    assert "Világkávézó, átírva" in after.body.decode()
    assert after["ETag"] != before["ETag"]
    assert int(after["Content-Length"]) == len(after.body)


@pytest.mark.django_db
def test_the_prepared_headers_are_bounded(site_tree, method, monkeypatch):
    monkeypatch.setattr("config.page_cache_wsgi.PREPARED_LIMIT", 2)
    application = PageCacheApplication(never_called)
    urls = [method.url, "/hu/", "/hu/feed/"]
    for url in urls:
        django_hit(url)
    for url in urls:
        assert call(application, environ(url)).status == "200 OK"
    assert len(application.prepared) == 1


@pytest.mark.django_db
def test_head_is_answered_without_a_body(site_tree, method):
    django_hit(method.url)
    django = call(Django(), environ(method.url, method="HEAD"))
    application = PageCacheApplication(never_called)
    for _hit in range(2):
        layer = call(application, environ(method.url, method="HEAD"))
        assert layer.body == b""
        # Django leaves dropping the body to the server; the headers are the same.
        assert comparable(layer)[:2] == comparable(django)[:2]
    assert int(layer["Content-Length"]) == len(call(Django(), environ(method.url)).body)


@pytest.mark.django_db
@pytest.mark.parametrize("validator", ["ETag", "Last-Modified"])
def test_a_conditional_request_gets_the_304_django_gives(site_tree, method, validator):
    stored = django_hit(method.url)
    header = {"ETag": "HTTP_IF_NONE_MATCH", "Last-Modified": "HTTP_IF_MODIFIED_SINCE"}[validator]
    conditional = {header: stored[validator]}
    django = call(Django(), environ(method.url, **conditional))
    layer = call(PageCacheApplication(never_called), environ(method.url, **conditional))
    assert layer.status == django.status == "304 Not Modified"
    assert layer.body == b""
    assert_same_hit(layer, django)
    changed = {"HTTP_IF_NONE_MATCH": 'W/"another"'}
    assert (
        call(PageCacheApplication(never_called), environ(method.url, **changed)).status == "200 OK"
    )


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.page_cache.urls")
def test_every_hit_gets_a_fresh_nonce_in_header_and_html():
    django = django_hit("/hu/nonce-page/")
    application = PageCacheApplication(never_called)
    first, second = (call(application, environ("/hu/nonce-page/")) for _hit in range(2))
    for layer in (first, second):
        assert_same_hit(layer, django)
        assert len(nonces(layer)) == 1
        assert "csp-nonce-placeholder" not in layer.body.decode()
        assert layer.get("ETag") is None and layer.get("Last-Modified") is None
    assert len(nonces(first) | nonces(second) | nonces(django)) == 3


BEHIND_THE_TLS_PROXY = {
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin",
    "X_FRAME_OPTIONS": "DENY",
}


@pytest.mark.django_db
@override_settings(**BEHIND_THE_TLS_PROXY)
def test_behind_the_tls_proxy_the_scheme_comes_from_x_forwarded_proto(site_tree, method):
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    django = django_hit(method.url, **https)
    layer = call(PageCacheApplication(never_called), environ(method.url, **https))
    assert_same_hit(layer, django)
    assert layer["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    # Plain HTTP is redirected by Django, and an HTTPS entry is never an HTTP one.
    passed_on = Django()
    redirect = call(PageCacheApplication(passed_on), environ(method.url))
    assert passed_on.requests == 1
    assert redirect.status.startswith("301")
    assert redirect["Location"] == f"https://testserver{method.url}"


def stored_entry_at(url):
    """The entry Django stores for ``url``, to plant under the key of another request."""
    django_hit(url)
    source = WSGIRequest(environ(url))
    source.LANGUAGE_CODE = "hu"
    return cache.get(page_cache.entry_key(source))


def plant(entry, url, method="GET", **headers):
    """Store ``entry`` under the key of this request, as if Django had stored one there."""
    request = WSGIRequest(environ(url, method=method, **headers))
    request.LANGUAGE_CODE = language(request) or "hu"
    cache.set(page_cache.entry_key(request), entry)


NEVER_ANSWERED = {
    "session": {"headers": {"HTTP_COOKIE": "sessionid=abc123"}},
    "messages": {"headers": {"HTTP_COOKIE": "messages=abc123"}},
    "authorization": {"headers": {"HTTP_AUTHORIZATION": "Basic dXNlcjpwdw=="}},
    "post": {"method": "POST"},
    "put": {"method": "PUT"},
    "admin": {"url": "/admin/"},
    "page-password": {"url": "/hu/_util/authenticate_with_password/1/2/"},
    "sign-in": {"url": "/hu/_util/login/"},
    "health": {"url": "/health/"},
    "media": {"url": "/media/original_images/a.jpg"},
    "documents": {"url": "/documents/1/a.pdf"},
    "static": {"url": "/static/css/site.css"},
    "unprefixed": {"url": "/modszerek/"},
    "language-and-region": {"url": "/hu-hu/"},
    "bad-utf8-path": {"path_info": "/hu/\xc3(/"},
    "control-character": {"url": "/hu/a\x07b/"},
    "space": {"url": "/hu/a b/"},
    "non-ascii-query": {"query": "?q=\xc3\xb6"},
    "huge-query": {"query": "?q=" + "a" * MAX_TARGET_LENGTH},
    "huge-path": {"url": "/hu/" + "a" * MAX_TARGET_LENGTH + "/"},
    "malformed-csrf-cookie": {"headers": {"HTTP_COOKIE": "csrftoken=not!valid"}},
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", NEVER_ANSWERED)
def test_what_must_not_be_shared_reaches_django(site_tree, method, case):
    """Even with an entry stored under the request's own key."""
    options = NEVER_ANSWERED[case]
    url = options.get("url", method.url + options.get("query", ""))
    verb, headers = options.get("method", "GET"), options.get("headers", {})
    plant(stored_entry_at(method.url), url, method=verb, **headers)
    env = environ(url, method=verb, **headers)
    env["PATH_INFO"] = options.get("path_info", env["PATH_INFO"])
    django = Django()
    answer = call(PageCacheApplication(django), env)
    assert django.requests == 1
    if case == "session":
        assert answer.get("X-Page-Cache") is None
        assert "private" in answer["Cache-Control"]
    if case == "malformed-csrf-cookie":
        assert "csrftoken=" in answer["Set-Cookie"]


@pytest.mark.django_db
def test_a_well_formed_csrf_cookie_gets_the_hit_django_gives(site_tree, method):
    cookie = {"HTTP_COOKIE": "csrftoken=" + "a" * 32}
    django = django_hit(method.url, **cookie)
    layer = call(PageCacheApplication(never_called), environ(method.url, **cookie))
    assert_same_hit(layer, django)
    assert layer.get("Set-Cookie") is None


@pytest.mark.django_db
def test_a_host_that_is_not_allowed_reaches_django(site_tree, method):
    django_hit(method.url)
    django = Django()
    answer = call(PageCacheApplication(django), environ(method.url, HTTP_HOST="evil.example"))
    assert django.requests == 1
    assert answer.status.startswith("400")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "setting",
    [{"DISALLOWED_USER_AGENTS": [re.compile("wrk")]}, {"PREPEND_WWW": True}],
    ids=["refused-user-agent", "prepend-www"],
)
def test_a_request_a_middleware_answers_itself_reaches_django(site_tree, method, setting):
    django_hit(method.url)
    with override_settings(**setting):
        django = Django()
        answer = call(PageCacheApplication(django), environ(method.url))
    assert django.requests == 1
    assert answer.status[:3] in ("403", "301")


@pytest.mark.django_db
def test_a_slovenian_reader_never_gets_the_hungarian_page(site_tree, method):
    django_hit("/hu/")
    django = Django()
    slovenian = call(PageCacheApplication(django), environ("/sl/"))
    assert django.requests == 1
    assert slovenian["Content-Language"] == "sl"
    layer = call(PageCacheApplication(never_called), environ("/sl/"))
    assert layer["Content-Language"] == "sl"
    assert '<html lang="sl">' in layer.body.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "chosen_otherwise",
    [{"HTTP_ACCEPT_LANGUAGE": "sl"}, {"HTTP_COOKIE": "django_language=sl"}, {}],
    ids=["accept-language", "language-cookie", "default-language"],
)
def test_outside_the_prefixes_the_key_holds_the_language_django_chooses(
    site_tree, chosen_otherwise
):
    django_hit("/sitemap.xml", HTTP_ACCEPT_LANGUAGE="en")
    english = call(
        PageCacheApplication(never_called), environ("/sitemap.xml", HTTP_ACCEPT_LANGUAGE="en")
    )
    assert english["Content-Language"] == "en"
    django = Django()
    other = call(PageCacheApplication(django), environ("/sitemap.xml", **chosen_otherwise))
    assert django.requests == 1
    assert other["Content-Language"] == ("hu" if not chosen_otherwise else "sl")


@pytest.mark.django_db
def test_an_answer_that_varies_on_accept_is_served_only_for_the_same_accept(site_tree):
    django_hit("/api/v2/pages/", HTTP_ACCEPT="application/json")
    django = Django()
    browsable = call(
        PageCacheApplication(django), environ("/api/v2/pages/", HTTP_ACCEPT="text/html")
    )
    assert django.requests == 1
    assert browsable["Content-Type"].startswith("text/html")
    as_json = call(
        PageCacheApplication(never_called),
        environ("/api/v2/pages/", HTTP_ACCEPT="application/json"),
    )
    assert as_json["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_an_entry_of_an_older_site_version_reaches_django(site_tree, method):
    django_hit(method.url)
    bump_version()
    django = Django()
    answer = call(PageCacheApplication(django), environ(method.url))
    assert django.requests == 1
    assert answer["X-Page-Cache"] == MISS


@pytest.mark.django_db
def test_without_a_site_version_django_answers(site_tree, method):
    django_hit(method.url)
    cache.delete("site:version")
    django = Django()
    call(PageCacheApplication(django), environ(method.url))
    assert django.requests == 1


@pytest.mark.django_db
def test_a_cached_search_reaches_django_which_counts_it(method):
    """Hit actions write to the database, which belongs to Django's request cycle."""
    url = "/hu/search/?q=vil%C3%A1gk%C3%A1v%C3%A9z%C3%B3"
    django_hit(url)
    django = Django()
    answer = call(PageCacheApplication(django), environ(url))
    assert django.requests == 1
    assert answer["X-Page-Cache"] == HIT
    assert "Világkávézó" in answer.body.decode()
    assert QueryStatistic.objects.get().searches == 3


@pytest.mark.django_db
def test_with_redis_down_django_answers(site_tree, method, caplog):
    caches = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=caches), caplog.at_level(logging.ERROR):
        django = Django()
        application = PageCacheApplication(django)
        answers = [call(application, environ(method.url)) for _read in range(2)]
    assert django.requests == 2
    assert [answer.status for answer in answers] == ["200 OK", "200 OK"]


class BrokenCache:
    def get_many(self, keys):
        raise RuntimeError("the cache answered nonsense")


@pytest.mark.django_db
def test_any_cache_error_is_logged_and_django_answers(site_tree, method, monkeypatch, caplog):
    django_hit(method.url)
    monkeypatch.setattr("config.page_cache_wsgi.cache", BrokenCache())
    django = Django()
    with caplog.at_level(logging.ERROR, logger="config.page_cache_wsgi"):
        answer = call(PageCacheApplication(django), environ(method.url))
    assert django.requests == 1
    assert answer.status == "200 OK"
    assert "Page-cache hit failed" in caplog.text


@pytest.mark.django_db
def test_an_entry_in_an_unknown_shape_reaches_django(site_tree, method):
    entry = stored_entry_at(method.url)
    del entry["headers"]
    plant(entry, method.url)
    django = Django()
    answer = call(PageCacheApplication(django), environ(method.url))
    assert django.requests == 1
    assert answer.status == "200 OK"
    assert answer["X-Page-Cache"] == MISS  # rendered again, and stored in the known shape


@pytest.mark.django_db
def test_a_middleware_the_layer_does_not_know_sends_every_request_to_django(
    site_tree, method, settings
):
    django_hit(method.url)
    settings.MIDDLEWARE = ["tests.page_cache.test_wsgi_layer.Unknown", *settings.MIDDLEWARE]
    django = Django()
    call(PageCacheApplication(django), environ(method.url))
    assert django.requests == 1


class Unknown:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)


@pytest.mark.django_db
def test_with_the_page_cache_off_everything_reaches_django(site_tree, method, settings):
    django_hit(method.url)
    settings.PAGE_CACHE_SECONDS = 0
    django = Django()
    call(PageCacheApplication(django), environ(method.url))
    assert django.requests == 1


@pytest.mark.django_db
def test_a_page_at_a_non_ascii_address_is_served_as_django_serves_it(site_tree):
    page = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Ünnepi kör", slug="ünnepi-kör"
    )
    url = page.url
    assert "ü" in unquote(url)
    django = django_hit(url)
    layer = call(PageCacheApplication(never_called), environ(url))
    assert_same_hit(layer, django)


def test_the_production_entry_point_answers_hits_before_django():
    from config.wsgi import application

    assert isinstance(application, PageCacheApplication)
    assert isinstance(application.application, WSGIHandler)
    assert application.steps is not None
