"""Production: behind a TLS proxy, secrets from the environment, strict cookies."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

DEBUG = env_bool("DEBUG", False)  # noqa: F405

# Readers must never get the offline translator's placeholder output: without a DeepL
# key, production offers no machine translation at all.
if not DEEPL_API_KEY:  # noqa: F405
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None

# Purging bumps a version in the cache; in process memory, one worker's bump would not
# reach the others, which would go on serving the old page. Without Redis, no page cache
# (and no fragments, unless FRAGMENT_CACHE_SECONDS is set).
if not REDIS_URL and "PAGE_CACHE_SECONDS" not in os.environ:  # noqa: F405
    PAGE_CACHE_SECONDS = 0

# The proxy terminates TLS and tells us the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
EMAIL_BACKEND = os.environ.get(  # noqa: F405
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)

# Load balancers probe the health endpoint over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# One proxy in front: its X-Forwarded-For entry is the client (lockouts, rate limits).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))  # noqa: F405
