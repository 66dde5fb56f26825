"""Local development: DEBUG on, a fixed throwaway secret, console e-mail."""

from .base import *  # noqa: F403
from .base import LOGGING, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-secret-not-for-production")  # noqa: F405
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Plain log lines in the terminal, unless LOG_FORMAT asks otherwise.
if "LOG_FORMAT" not in os.environ:  # noqa: F405
    LOGGING["handlers"]["console"]["formatter"] = "text"
