"""Under the production settings, every response carries the security headers.

The requests run in a subprocess with ``config.settings.production`` and a clean
environment, so nothing of the test settings can soften them. The database is a
fresh, migrated SQLite file.
"""

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
# Static files are not collected here; only their manifest lookup is swapped out.
override_settings(STORAGES={
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}).enable()
from django.core.management import call_command
call_command("migrate", verbosity=0)
client = Client()
out = {}
for name, path, secure in [
    ("login", "/admin/login/", True),
    ("health", "/health/", True),
    ("plain_http", "/admin/login/", False),
    ("plain_health", "/health/", False),
]:
    response = client.get(path, secure=secure, HTTP_HOST="example.org")
    out[name] = {
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": {
            key: {
                "secure": bool(morsel["secure"]),
                "httponly": bool(morsel["httponly"]),
                "samesite": morsel["samesite"],
            }
            for key, morsel in response.cookies.items()
        },
    }
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production_responses(tmp_path_factory):
    database = tmp_path_factory.mktemp("production") / "empty.sqlite3"
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_security_headers_are_sent(production_responses):
    headers = production_responses["login"]["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]


def test_cookies_are_secure_httponly_and_samesite(production_responses):
    cookies = production_responses["login"]["cookies"]
    assert "csrftoken" in cookies
    for name, flags in cookies.items():
        assert flags == {"secure": True, "httponly": True, "samesite": "Lax"}, name


def test_plain_http_is_redirected_to_https(production_responses):
    response = production_responses["plain_http"]
    assert response["status"] == 301
    assert response["headers"]["Location"] == "https://example.org/admin/login/"


def test_health_endpoint_answers_load_balancers_over_plain_http(production_responses):
    """The probe is exempt from the HTTPS redirect, and never cached."""
    for name in ("health", "plain_health"):
        response = production_responses[name]
        assert response["status"] == 200
        assert "no-cache" in response["headers"]["Cache-Control"]
        assert response["headers"]["Content-Type"] == "application/json"
