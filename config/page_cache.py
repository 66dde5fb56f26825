"""A full-page cache for anonymous readers, kept in the site's cache (Redis).

**What is cached.** A ``GET`` from a reader with no session: Wagtail pages, listings,
the glossary, feeds, calendars, the sitemap, the API and anonymous search results,
answered 200 and marked by nothing as private. The entry is keyed by scheme, host,
path, the full query string and the request's language, and holds the site version
it was rendered at (``config.site_version``): after any change the version moves on
and older entries are never served again. Responses that vary on request headers
other than ``Cookie`` and ``Accept-Language`` (the API varies on ``Accept``) keep the
values they were rendered for, and are served only to requests that send the same.

**What never is.** Requests with a session or messages cookie or an ``Authorization``
header (signed-in readers, a reader who gave a page password: whatever the session
holds could change the page), the admin, Wagtail's login and password views, health,
media and documents, previews; responses that set a cookie, among them every
response that used the CSRF token (Django sets the CSRF cookie whenever a form asks
for the token, so forms such as sign-in and the write-up form are never shared), that
say ``private``, ``no-cache``, ``no-store`` or ``max-age=0`` (Wagtail says so for
every page under a view restriction: password, login or groups, so members-only and
group write-ups), that vary on ``*``, or are not 200. The reader-feedback form needs
no token (``knowledge.feedback``), so method and package pages stay cacheable.

**Headers.** A cached page says ``Cache-Control: public, max-age=PAGE_CACHE_BROWSER_SECONDS``
(unless its view chose its own public policy), with an ``ETag`` and ``Last-Modified``,
and conditional requests get 304 from the cache without rendering. Responses for a
session get ``private, no-cache``; those that set cookies, and the admin, get
``private, no-store``.

**Nonces.** The CSP nonce is per response. A page that used it is stored with a
placeholder where the nonce was, and every hit gets a fresh nonce, in the HTML here
and in the header by the CSP middleware. Such a page gets no validator: a 304 would
pair the browser's stored body (old nonce) with a new header.

Two middlewares, as Django's own per-site cache: ``UpdatePageCacheMiddleware`` sits
outside the session, locale, CSRF and messages middlewares, so it sees every cookie and
``Vary`` they add, and inside the CSP and request-id middlewares, whose per-request
headers must not be stored; ``FetchFromPageCacheMiddleware`` comes last, once the
language is known, and a hit skips URL routing and the view.

In front of Django's handler, ``config.page_cache_wsgi`` answers most hits with the
same functions (``entry_key``, ``entry_fits``, ``response_from_entry``) and the
response side of the middlewares; the middleware answers the hits it passes on.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

from config.site_version import VERSION_KEY, current_version, remember_version

logger = logging.getLogger("config.page_cache")

ENTRY_PREFIX = "page"
HIT_HEADER = "X-Page-Cache"
NONCE_PLACEHOLDER = b"csp-nonce-placeholder-b3c1f2"
MAX_ENTRY_BYTES = 2 * 1024 * 1024
MESSAGES_COOKIE = "messages"
# Never answered from the cache nor stored in it.
PRIVATE_PREFIXES = ("/admin/", "/health/", "/documents/", "/media/", "/static/")
PRIVATE_PARTS = ("/_util/",)  # Wagtail's sign-in and page-password views, in every language
# Their views set caching headers of their own.
OWN_HEADER_PREFIXES = ("/documents/", "/media/", "/static/")
# The key already holds the language; only signed-out requests are served at all.
KEYED_VARY = {"cookie", "accept-language"}
UNSHARED_DIRECTIVES = {"private", "no-cache", "no-store"}
# Headers that belong to one response, not to the stored page.
NOT_STORED = {"content-length", HIT_HEADER.lower()}
ENTRY_FIELDS = frozenset(
    {"version", "content", "headers", "nonce", "etag", "last_modified", "vary", "repeat"}
)

_hit_actions = {}


def register_hit_action(name, function):
    """Let views ask for ``function`` to run again whenever their page is served from
    the cache (see ``repeat_on_hit``)."""
    _hit_actions[name] = function


def repeat_on_hit(request, name, *args):
    """Run the registered action ``name`` with ``args`` (plain values) on every hit of
    the page being rendered, as the view ran it now: search counts a search that way."""
    if name not in _hit_actions:
        raise ValueError(f"No page-cache hit action named {name!r}")
    request.__dict__.setdefault("_page_cache_repeat", []).append((name, args))


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def _has_session(request):
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or MESSAGES_COOKIE in cookies
        or "HTTP_AUTHORIZATION" in request.META
    )


def shareable_request(request):
    """Whether the answer to ``request`` is the one every signed-out reader gets."""
    path = request.path_info
    return (
        request.method in ("GET", "HEAD")
        and not getattr(request, "is_dummy", False)
        and not path.startswith(PRIVATE_PREFIXES)
        and not any(part in path for part in PRIVATE_PARTS)
        and not _has_session(request)
    )


def entry_key(request):
    language = getattr(request, "LANGUAGE_CODE", None) or get_language()
    identity = "\n".join(
        [
            request.scheme,
            request.get_host(),
            request.path,
            request.META.get("QUERY_STRING", ""),
            language,
        ]
    )
    return f"{ENTRY_PREFIX}:{hashlib.sha256(identity.encode()).hexdigest()}"


def _cache_directives(response):
    return {
        directive.strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
        if directive.strip()
    }


def _vary_headers(response):
    return {
        header.strip().lower()
        for header in cc_delim_re.split(response.get("Vary", ""))
        if header.strip()
    }


def _request_header(request, header):
    return request.META.get("HTTP_" + header.upper().replace("-", "_"), "")


def _storable(response):
    directives = _cache_directives(response)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not directives & UNSHARED_DIRECTIVES
        and "max-age=0" not in directives
        and "s-maxage=0" not in directives
        and "*" not in _vary_headers(response)
        and len(response.content) <= MAX_ENTRY_BYTES
        and NONCE_PLACEHOLDER not in response.content
    )


def _answer_conditionally(request, response, etag, last_modified):
    if etag is None and last_modified is None:
        return response
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


def entry_fits(entry, request, version):
    """Whether ``entry`` is of the site's current ``version`` and was rendered for the
    values ``request`` sends of the headers the page varies on. An entry of another
    shape (left by an older release) fits nothing, and is rendered again."""
    return (
        isinstance(entry, dict)
        and entry.keys() >= ENTRY_FIELDS
        and entry["version"] == version
        and all(
            _request_header(request, header) == value for header, value in entry["vary"].items()
        )
    )


def response_from_entry(request, entry):
    """The stored page as ``request`` gets it: a fresh nonce, the stored headers, 304
    for a matching conditional request. ``None`` when the page needs a nonce and no
    CSP middleware gave the request one (it is then rendered afresh)."""
    content = entry["content"]
    if entry["nonce"]:
        nonce = getattr(request, "csp_nonce", None)
        if nonce is None:
            return None
        content = content.replace(NONCE_PLACEHOLDER, str(nonce).encode())
    response = HttpResponse(content)
    for header, value in entry["headers"]:
        response[header] = value
    response = _answer_conditionally(
        request, response, entry["etag"], parse_http_date_safe(entry["last_modified"] or "")
    )
    response[HIT_HEADER] = "hit"
    return response


class FetchFromPageCacheMiddleware:
    """Answers signed-out readers from the cache; last in ``MIDDLEWARE``. Most hits are
    answered before Django's handler (``config.page_cache_wsgi``); this one answers the
    rest, those with hit actions among them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not shareable_request(request):
            return self.get_response(request)
        key = entry_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = current_version(request)
        remember_version(request, version)
        entry = found.get(key)
        if entry is not None and entry_fits(entry, request, version):
            response = self._serve(request, entry)
            if response is not None:
                return response
        request._page_cache_key = key
        return self.get_response(request)

    @staticmethod
    def _serve(request, entry):
        response = response_from_entry(request, entry)
        if response is None:
            return None
        request._page_cache_hit = True
        for name, args in entry["repeat"]:
            action = _hit_actions.get(name)
            if action is None:
                continue
            try:
                action(*args)
            except Exception:
                logger.exception("Page-cache hit action %s failed", name)
        return response


class UpdatePageCacheMiddleware:
    """Stores what may be shared and labels what may not; see the module docstring
    for its place in ``MIDDLEWARE``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_page_cache_hit", False):
            return response
        key = getattr(request, "_page_cache_key", None)
        if key is not None and request.method == "GET" and enabled() and _storable(response):
            return self._store(request, response, key)
        self._mark_unshared(request, response)
        return response

    @staticmethod
    def _store(request, response, key):
        content = response.content
        nonce = getattr(request, "_csp_nonce", None)  # a string once the response used it
        uses_nonce = isinstance(nonce, str) and nonce.encode() in content
        if uses_nonce:
            content = content.replace(nonce.encode(), NONCE_PLACEHOLDER)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
        if not uses_nonce:
            digest = hashlib.sha256(content).hexdigest()[:32]
            response.setdefault("ETag", f'W/"{digest}"')
            response.setdefault("Last-Modified", http_date())
        entry = {
            "version": current_version(request),
            "content": content,
            "headers": [
                (header, value)
                for header, value in response.items()
                if header.lower() not in NOT_STORED
            ],
            "nonce": uses_nonce,
            "etag": response.get("ETag"),
            "last_modified": response.get("Last-Modified"),
            "vary": {
                header: _request_header(request, header)
                for header in sorted(_vary_headers(response) - KEYED_VARY)
            },
            "repeat": list(request.__dict__.get("_page_cache_repeat", [])),
        }
        cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        response = _answer_conditionally(
            request, response, entry["etag"], parse_http_date_safe(entry["last_modified"] or "")
        )
        response[HIT_HEADER] = "miss"
        return response

    @staticmethod
    def _mark_unshared(request, response):
        """Keep what only this reader may see out of shared and browser caches."""
        path = request.path_info
        if path.startswith(OWN_HEADER_PREFIXES):
            return
        directives = _cache_directives(response)
        if "public" in directives or "no-store" in directives:
            return  # the view chose
        if path.startswith("/admin/") or response.cookies:
            patch_cache_control(response, private=True, no_store=True)
        elif _has_session(request):
            patch_cache_control(response, private=True, no_cache=True)
