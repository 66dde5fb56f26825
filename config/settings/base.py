"""Settings shared by every environment.

This module is safe to run in production on its own: DEBUG is off and there is no
secret key. Each value that differs between machines is read from the environment,
under the names fixed in the interface contract.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    """Read a boolean from the environment: 1, true, yes and on are true."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated list from the environment, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "knowledge",
    "groups",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    # Wagtail's front-cache purging, with this project's handlers (config/frontend_cache.py).
    "config.frontend_cache.FrontendCacheConfig",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.api.v2",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_tasks",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First, so that every response and every log line of a request carry its id.
    "config.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stores shareable pages: outside the session, locale, CSRF and messages middlewares,
    # so it sees their cookies and Vary; inside CSP and request ids (config/page_cache.py).
    "config.page_cache.UpdatePageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "knowledge.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A sign-in by an editor with two-factor sign-in on is pending until the code is given.
    "groups.two_factor.middleware.TwoFactorMiddleware",
    "groups.admin_guards.AdminGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After the others that act on requests, so that it can turn a locked-out login
    # attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Last: answers signed-out readers from the page cache once the language is known.
    "config.page_cache.FetchFromPageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# The embedded default is SQLite in var/; DATABASE_URL switches to PostgreSQL.
DATABASE_CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=DATABASE_CONN_MAX_AGE
    )
}
# The embedded SQLite keeps a write-ahead log: readers never wait for a writer, and a
# commit (an editor's save, a search's query statistic) waits for the disk once, not
# twice (synchronous=NORMAL is safe in WAL mode: a crash of the site loses nothing; a
# power cut may lose the last commits). Copy a live file with `sqlite3 db .backup`.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    )
# A read replica (DATABASE_REPLICA_URL) takes the reads of anonymous public requests;
# writes, the admin and signed-in people stay on the primary (config/replica_router.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=DATABASE_CONN_MAX_AGE
    )
    DATABASE_ROUTERS = ["config.replica_router.PrimaryReplicaRouter"]
    # Right after the request id, before the session and authentication read anything.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("config.request_id.RequestIdMiddleware") + 1,
        "config.replica_router.ReplicaRoutingMiddleware",
    )
# PostgreSQL compiles a query to machine code once its estimated cost passes a threshold,
# which the queries of a 100,000-item library do: 630 ms of compiling for a 4 ms query
# on an article page. Page queries are short and many, so JIT stays off for this site's
# connections (PostgreSQL's own advice for OLTP work); DATABASE_JIT=1 turns it back on.
if os.environ.get("DATABASE_JIT", "0") != "1":
    for database in DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes watches every authentication attempt (admin and front-end login) first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Hungarian is the default; every content URL carries its language prefix.
LANGUAGE_CODE = "hu"
LANGUAGES = [
    ("hu", "Magyar"),
    ("sl", "Slovenščina"),
    ("en", "English"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Europe/Budapest"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media in an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set: private objects,
# still linked and served through /media/ and /documents/ (config/media_storage.py).
# Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an instance role).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "config.media_storage.PrivateMediaStorage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "default_acl": os.environ.get("AWS_DEFAULT_ACL", "private") or None,
        },
    }

# The cache is Redis when REDIS_URL is set, process memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Logs and carries on when Redis is down (config/cache.py).
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kapcsolodasok",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache (config/page_cache.py): how long a signed-out reader's page is kept in
# the cache above (0 turns the page and fragment caches off), and how long browsers may
# keep it. Publishing and other changes purge it at once (config/site_version.py).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", "60"))
# Fragments of pages (knowledge/fragments.py) are kept as long as pages unless
# FRAGMENT_CACHE_SECONDS says otherwise (0 turns them off alone): with the page cache off
# and fragments on, every request renders, from the fragments that are the same for all.
FRAGMENT_CACHE_SECONDS = (
    int(os.environ["FRAGMENT_CACHE_SECONDS"]) if "FRAGMENT_CACHE_SECONDS" in os.environ else None
)

# Search: Wagtail's database backend by default; when ELASTICSEARCH_URL is set, Wagtail's
# Elasticsearch 9 backend (matching the installed client) with per-language analysers.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            # Several nodes of one cluster, comma-separated; the client spreads requests.
            "URLS": env_list("ELASTICSEARCH_URL"),
            "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "kapcsolodasok_"),
            "TIMEOUT": 5,
        }
    }
else:
    # One database backend ("simple" configuration on PostgreSQL): the text it receives
    # is already analysed per language by the search app (see search/indexing.py). On
    # PostgreSQL it also keeps a document per library page with its language as a column
    # (search/backends/postgres.py); on SQLite it is Wagtail's, unchanged.
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.database", "SEARCH_CONFIG": "simple"}
    }

# Purging a front cache (Varnish, a CDN) when pages change (config/frontend_cache.py).
# Off unless a target is set: FRONTEND_CACHE_PURGE_URL lists caches that take HTTP PURGE
# (one backend each); CLOUDFLARE_ZONE_ID with CLOUDFLARE_API_TOKEN; CLOUDFRONT_DISTRIBUTION_ID.
WAGTAILFRONTENDCACHE = {
    f"purge-{number}": {
        "BACKEND": "config.frontend_cache.TimeLimitedHTTPBackend",
        "LOCATION": location,
    }
    for number, location in enumerate(env_list("FRONTEND_CACHE_PURGE_URL"), start=1)
}
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }
# Every translation has addresses of its own: no swapping of language prefixes.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Background work goes through Django's tasks framework (the django-tasks backport).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = "Kapcsolódások"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin

# Uploads (see knowledge/uploads.py and the README's "Security" section).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it can carry script
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "knowledge.uploads.SafeDocumentForm"
# Every download passes the permission checks, collection privacy included (groups.media_access).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []  # every document is a download, never rendered inline
TAGGIT_CASE_INSENSITIVE = True
# The read-only API at /api/v2/ (knowledge.api): pages of up to 100 items.
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_SEARCH_ENABLED = True

LOGIN_URL = "wagtailcore_login"

# Two-factor sign-in (groups/two_factor): the issuer name authenticator apps show.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# The client's address: REMOTE_ADDR, or the proxy's X-Forwarded-For entry when
# TRUSTED_PROXY_COUNT proxies stand in front (production sets one).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Login lockout: five wrong passwords for one user name from one address lock that
# pair out for fifteen minutes; a success resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_VERBOSE = False

# Password-protected pages: wrong passwords allowed per address and page in a window.
PAGE_PASSWORD_ATTEMPTS = 5
PAGE_PASSWORD_WINDOW = 15 * 60

# Reader feedback (knowledge/feedback.py): answers per client address and window, the
# least time between showing the form and sending it, and how many links a text may hold.
FEEDBACK_SUBMISSIONS = 5
FEEDBACK_WINDOW = 60 * 60
FEEDBACK_MIN_SECONDS = 3
FEEDBACK_MAX_LINKS = 0

# Review dates (knowledge/review.py): a method or package saved without one is due this
# many days later; reminders go to the members of these Django groups.
REVIEW_INTERVAL_DAYS = 365
REVIEW_EDITOR_GROUPS = ["Editor", "Administrator"]

# Content Security Policy (django-csp; see config/middleware.py). The public site runs
# no inline code at all; scripts it ever needs carry the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],  # no embeds: rich text has no embed feature
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The Wagtail admin still renders some inline <script> (inline panels, date pickers,
# chooser widgets) and style attributes without a nonce, so it gets its own policy
# with 'unsafe-inline' for those two, and may frame itself (the live preview).
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
DEEPL_API_KEY = os.environ.get("DEEPL_API_KEY", "")

# Machine translation in the translation editor: DeepL (with the domain glossary) when
# DEEPL_API_KEY is set; otherwise an offline draft translator whose output is plainly
# marked, for development and tests. Production drops the offline one (see production.py).
if DEEPL_API_KEY:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "knowledge.machine_translation.GlossaryDeepLTranslator",
        "OPTIONS": {"AUTH_KEY": DEEPL_API_KEY, "TIMEOUT": 30},
    }
else:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "knowledge.machine_translation.OfflineDraftTranslator",
        "OPTIONS": {},
    }

# Logs: one JSON object per line with the request id (config/json_logs.py,
# config/request_id.py); LOG_FORMAT=text gives plain lines for a terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.request_id.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "config.json_logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # fontTools reports every glyph of every font subset at INFO (each PDF download);
        # fpdf2 warns about characters the font has no glyph for, which is worth keeping.
        "fontTools": {"level": "WARNING"},
    },
}
