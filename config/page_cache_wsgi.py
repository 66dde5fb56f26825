"""Page-cache hits answered in front of Django's handler, everything else passed on.

**Why.** A hit answered by ``FetchFromPageCacheMiddleware`` still runs Django's handler
and the sixteen middlewares before it, in Python, for a response whose bytes are
already stored: measured in process, 0.29 ms of CPU per hit there against 0.10 ms
here, most of which is the round trip to Redis. This WSGI application wraps Django's
(``config.wsgi``) and answers the hits itself, so a reader cannot tell which answered:
the same request class, key, site-version check, ``Vary`` check and stored entry as
the middleware (``config.page_cache``), and the headers every middleware on the way
would have added.

**What it answers.** A ``GET`` or ``HEAD`` that ``config.page_cache.shareable_request``
accepts, for an allowed host, whose language is known from the request alone: the
``/<lang>/`` prefix, or for the URLs outside the prefixes (the API, the sitemap,
``robots.txt``) Django's own choice from the language cookie and ``Accept-Language``;
when the page cache holds a current entry for it, fitting its ``Vary`` headers. A
conditional request gets 304, ``HEAD`` no body.

**What it passes on to Django.** Everything else, unchanged: requests with a session,
messages cookie or ``Authorization`` header, other methods, the private paths of the
page cache, hosts not allowed, other unprefixed paths, addresses with odd bytes or
over ``MAX_TARGET_LENGTH`` characters, requests a middleware would answer otherwise
(an HTTPS redirect, a refused user agent, a CSRF cookie to replace), misses, stale
entries, entries with hit actions (they write to the database, which belongs to
Django's request cycle: its connection handling runs on its request signals, which a
hit here never sends), answers other than 200 and 304 (Django logs a 412), and any
request during which the cache fails. So does every request when ``MIDDLEWARE`` holds
a middleware before ``FetchFromPageCacheMiddleware`` that ``HIT_PATH`` does not
describe: what it does to a hit is unknown.

**How the headers stay the same.** ``HIT_PATH`` says, for each middleware, what it does
to such a hit: Django's own middleware is replayed where it redirects, refuses or adds
headers (security headers, CSP, ``X-Frame-Options``, ``Content-Length``, ``Vary:
Cookie``), the locale middleware's two headers are added as it adds them, and the
others are shown to do nothing. ``tests/page_cache/test_wsgi_layer.py`` compares every
kind of hit with Django's.
"""

import logging
import re

from csp.constants import HEADER, HEADER_REPORT_ONLY
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

from config import page_cache
from config.request_cache_memo import end_request
from config.request_id import HEADER as REQUEST_ID_HEADER
from config.request_id import request_id_for
from config.site_version import VERSION_KEY

logger = logging.getLogger("config.page_cache_wsgi")

FETCH_MIDDLEWARE = "config.page_cache.FetchFromPageCacheMiddleware"
# Longer paths and query strings are left to Django (search answers 414 past 4,000).
MAX_TARGET_LENGTH = 2048
# A query string as browsers send it: printable ASCII, the rest percent-encoded.
PLAIN_QUERY = re.compile(r"[!-~]*")
# A decoded path without control characters or spaces.
PLAIN_PATH = re.compile(r"[^\x00-\x20\x7f-\x9f]*")
# Outside the /<lang>/ prefixes (config.urls); Django picks their language from the
# language cookie and Accept-Language, and the key holds what it picked.
LANGUAGE_FREE_PREFIXES = ("/api/",)
LANGUAGE_FREE_PATHS = ("/sitemap.xml", "/robots.txt")
CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)
PREPARED_LIMIT = 1024


def _never_called(request):
    raise AssertionError("a replayed middleware called the rest of the chain")


class Step:
    """What one middleware does to a signed-out request that the page cache answers: by
    default nothing. ``refuses``: whether it would answer the request itself (asked on
    every hit); ``start`` and ``finish``: its request side and response side, run when
    the headers of a hit are worked out."""

    def __init__(self, middleware_class):
        pass

    def refuses(self, request):
        return False

    def start(self, request):
        pass

    def finish(self, request, response):
        return response


class Replayed(Step):
    """Django's own middleware, request side and response side, around the hit."""

    def __init__(self, middleware_class):
        self.middleware = middleware_class(_never_called)

    def refuses(self, request):
        """Whether the middleware would answer ``request`` itself (a redirect, a 403)."""
        process_request = getattr(self.middleware, "process_request", None)
        if process_request is None:
            return False
        try:
            return process_request(request) is not None
        except PermissionDenied:
            return True

    def finish(self, request, response):
        process_response = getattr(self.middleware, "process_response", None)
        return response if process_response is None else process_response(request, response)


class ReplayedCsrf(Replayed):
    """A malformed CSRF cookie is replaced on any answer: that one Django sends."""

    def refuses(self, request):
        return super().refuses(request) or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


class ReplayedSetup(Replayed):
    """A middleware whose request side only sets the request up (the CSP nonce, the
    session) and never answers it: it runs when the headers of a hit are worked out."""

    def refuses(self, request):
        return False

    def start(self, request):
        self.middleware.process_request(request)


class Locale(Step):
    """The language is already chosen (``language``). For an answer other than a 404, the
    response side of Django's ``LocaleMiddleware`` adds ``Vary: Accept-Language`` outside
    the prefixes and ``Content-Language``; the same here, without activating the language."""

    def finish(self, request, response):
        if translation.get_language_from_path(request.path_info) is None:
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class ContentSecurityPolicy(ReplayedSetup):
    """A hit that used no nonce gets the same policy whatever the request: the middleware
    works it out on the first such hit, and later ones reuse its headers."""

    def __init__(self, middleware_class):
        super().__init__(middleware_class)
        self.policy_without_nonce = None

    def finish(self, request, response):
        if isinstance(getattr(request, "_csp_nonce", None), str):
            return super().finish(request, response)
        if self.policy_without_nonce is None:
            blank = super().finish(request, HttpResponse())
            headers = (HEADER, HEADER_REPORT_ONLY)
            self.policy_without_nonce = [(name, blank[name]) for name in headers if name in blank]
        for header, value in self.policy_without_nonce:
            response.headers.setdefault(header, value)
        return response


class TwoFactor(Step):
    """Redirects a pending sign-in, which lives in a session: a shareable request carries
    none. It reads the session, so the session middleware adds ``Vary: Cookie``."""

    def __init__(self, middleware_class):
        from groups.two_factor.session import is_pending

        self.is_pending = is_pending

    def start(self, request):
        self.is_pending(request)


class RequestId(Step):
    """The proxy's id or a new one, as ``RequestIdMiddleware`` answers it (it also logs
    answers of 400 and more, which a hit never is)."""

    def finish(self, request, response):
        response[REQUEST_ID_HEADER] = request_id_for(request)
        return response


class WhiteNoise(Step):
    """Serves static files, under ``STATIC_URL`` or at the root with ``WHITENOISE_ROOT``."""

    def refuses(self, request):
        return bool(getattr(settings, "WHITENOISE_ROOT", None)) or request.path_info.startswith(
            settings.STATIC_URL
        )


# What each middleware that may stand before FetchFromPageCacheMiddleware does to a hit.
HIT_PATH = {
    "config.request_id.RequestIdMiddleware": RequestId,
    # A hit reads no database.
    "config.replica_router.ReplicaRoutingMiddleware": Step,
    "django.middleware.security.SecurityMiddleware": Replayed,
    "config.middleware.ContentSecurityPolicyMiddleware": ContentSecurityPolicy,
    "whitenoise.middleware.WhiteNoiseMiddleware": WhiteNoise,
    # It leaves hits alone.
    "config.page_cache.UpdatePageCacheMiddleware": Step,
    "django.contrib.sessions.middleware.SessionMiddleware": ReplayedSetup,
    "knowledge.middleware.LocaleMiddleware": Locale,
    "django.middleware.common.CommonMiddleware": Replayed,
    "django.middleware.csrf.CsrfViewMiddleware": ReplayedCsrf,
    # The user is loaded lazily, and nothing on a hit asks for it.
    "django.contrib.auth.middleware.AuthenticationMiddleware": Step,
    # No messages cookie, and no view to add one: nothing to store.
    "django.contrib.messages.middleware.MessageMiddleware": Step,
    "groups.two_factor.middleware.TwoFactorMiddleware": TwoFactor,
    # It acts just before the view, which a hit never reaches.
    "groups.admin_guards.AdminGuardMiddleware": Step,
    "django.middleware.clickjacking.XFrameOptionsMiddleware": Replayed,
    # It acts on answers of 404 only.
    "wagtail.contrib.redirects.middleware.RedirectMiddleware": Step,
    # It acts on locked-out sign-in attempts only.
    "axes.middleware.AxesMiddleware": Step,
}


def hit_path(middleware):
    """The steps of a hit through ``middleware`` (outermost first), or ``None`` when one
    of them is not in ``HIT_PATH`` or the page cache's middleware is missing."""
    if FETCH_MIDDLEWARE not in middleware:
        return None
    steps = []
    for path in middleware[: middleware.index(FETCH_MIDDLEWARE)]:
        if path not in HIT_PATH:
            logger.warning("Page-cache hits go through Django: %s is not in HIT_PATH", path)
            return None
        steps.append(HIT_PATH[path](import_string(path)))
    return steps


class HitRequest(WSGIRequest):
    """Django's request, validating its host once: the host check, the key and the
    middlewares all ask for it."""

    def get_host(self):
        if "_validated_host" not in self.__dict__:
            self._validated_host = super().get_host()
        return self._validated_host


def plain_target(environ):
    """Whether path and query string are ones the layer may key on as Django does."""
    path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
    if len(path) > MAX_TARGET_LENGTH or len(query) > MAX_TARGET_LENGTH:
        return False
    try:
        decoded = path.encode("iso-8859-1").decode("utf-8")
    except UnicodeError:
        return False
    return bool(PLAIN_PATH.fullmatch(decoded)) and bool(PLAIN_QUERY.fullmatch(query))


def language(request):
    """The language Django's locale middleware would choose, for the paths where the
    site's URLs make it plain; ``None`` elsewhere."""
    if is_language_prefix_patterns_used(settings.ROOT_URLCONF) != (True, True):
        return None
    path = request.path_info
    from_path = translation.get_language_from_path(path)
    if from_path is not None and path.startswith(f"/{from_path}/"):
        return from_path
    if path in LANGUAGE_FREE_PATHS or path.startswith(LANGUAGE_FREE_PREFIXES):
        return translation.get_language_from_request(request, check_path=True)
    return None


def conditional(request):
    return any(header in request.META for header in CONDITIONAL_HEADERS)


class PageCacheApplication:
    """The WSGI application: page-cache hits here, every other request to ``application``.

    The headers of a hit are those the middlewares give it (``replay``). For a page
    without a nonce, asked for without conditions, they are the same for every request
    but the request id: every input of the middlewares is in the entry's key or the
    entry itself. They are worked out on the page's first hit and reused
    (``prepared``, up to ``PREPARED_LIMIT`` pages a process) while the entry holds
    the same version, validators, headers and length."""

    def __init__(self, application):
        self.application = application
        self.steps = hit_path(list(settings.MIDDLEWARE))
        # Those that may answer a request themselves are asked on every hit.
        self.refusing = [
            step for step in self.steps or () if type(step).refuses is not Step.refuses
        ]
        self.answers_request_id = any(isinstance(step, RequestId) for step in self.steps or ())
        self.prepared = {}

    def __call__(self, environ, start_response):
        answer = self.answer(environ) if self.steps is not None else None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return body

    def answer(self, environ):
        """Status, headers and body of the hit, or ``None`` to let Django answer."""
        # A hit here is no Django request: it reads Redis itself, never what an earlier
        # request kept (``config.request_cache_memo``).
        end_request()
        try:
            found = self.fitting_entry(environ)
            if found is None:
                return None
            request, key, entry = found
            if entry["nonce"] or conditional(request):
                answer = self.replayed_answer(request, entry)
            else:
                answer = self.prepared_answer(request, key, entry)
        except Exception:
            logger.exception("Page-cache hit failed before Django; Django answers instead")
            return None
        if answer is None:
            return None
        status, headers, content = answer
        body = [] if environ["REQUEST_METHOD"] == "HEAD" or not content else [content]
        return status, headers, body

    def fitting_entry(self, environ):
        """The request, key and entry of a hit, or ``None``."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not page_cache.enabled():
            return None
        if not plain_target(environ):
            return None
        # A copy: the request class rewrites PATH_INFO, and Django may get the original.
        request = HitRequest(environ.copy())
        if not page_cache.shareable_request(request):
            return None
        try:
            request.get_host()
        except DisallowedHost:
            return None
        request.LANGUAGE_CODE = language(request)
        if request.LANGUAGE_CODE is None:
            return None
        if any(step.refuses(request) for step in self.refusing):
            return None
        key = page_cache.entry_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version, entry = found.get(VERSION_KEY), found.get(key)
        if version is None or entry is None or not page_cache.entry_fits(entry, request, version):
            return None
        if entry["repeat"]:
            return None
        return request, key, entry

    def replay(self, request, entry):
        """The hit as Django's middlewares answer it, or ``None`` where they would not
        (a 412 for a failed precondition is logged by Django, a cookie never shared)."""
        for step in self.steps:
            step.start(request)
        response = page_cache.response_from_entry(request, entry)
        if response is None:
            return None
        for step in reversed(self.steps):
            response = step.finish(request, response)
        if response.status_code not in (200, 304) or response.cookies:
            return None
        return response

    def replayed_answer(self, request, entry):
        response = self.replay(request, entry)
        if response is None:
            return None
        status = f"{response.status_code} {response.reason_phrase}"
        return status, list(response.items()), response.content

    def prepared_answer(self, request, key, entry):
        content = entry["content"]
        memo = (
            key,
            entry["version"],
            entry["etag"],
            entry["last_modified"],
            tuple(entry["headers"]),
            len(content),
        )
        headers = self.prepared.get(memo)
        if headers is None:
            response = self.replay(request, entry)
            if response is None or response.status_code != 200:
                return None
            headers = [item for item in response.items() if item[0] != REQUEST_ID_HEADER]
            if len(self.prepared) >= PREPARED_LIMIT:
                self.prepared.clear()
            self.prepared[memo] = headers
        if self.answers_request_id:
            headers = [*headers, (REQUEST_ID_HEADER, request_id_for(request))]
        return "200 OK", headers, content
