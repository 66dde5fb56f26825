"""Settings come from the environment and production refuses to run unsafely.

Each check runs Python in a subprocess with a clean environment, so that neither the
test settings nor the developer's shell can hide a missing variable.
"""

import json
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

SHOW_SETTINGS = """
import json, os
import django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "HOST": db.get("HOST", ""),
    "CONNECTION_OPTIONS": db.get("OPTIONS", {}).get("options", ""),
    "SECURE_PROXY_SSL_HEADER": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
}))
"""


def run(args, settings_module, **env):
    """Run ``args`` from the repository root with only PATH and ``env`` set."""
    environment = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": settings_module, **env}
    return subprocess.run(
        args, cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def settings_of(settings_module, **env):
    result = run([sys.executable, "-c", SHOW_SETTINGS], settings_module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def random_secret(length=60):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def test_production_without_secret_key_refuses_to_start():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.production'; "
        "django.setup()"
    )
    result = run([sys.executable, "-c", code], "config.settings.production")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_debug_is_off_unless_asked():
    values = settings_of("config.settings.production", SECRET_KEY=random_secret())
    assert values["DEBUG"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    debugging = settings_of("config.settings.production", SECRET_KEY=random_secret(), DEBUG="1")
    assert debugging["DEBUG"] is True


def test_base_settings_are_safe_on_their_own():
    """Read as a module: Django itself refuses to hand out an empty SECRET_KEY."""
    code = (
        "import json; from config.settings import base; "
        "print(json.dumps([base.DEBUG, base.SECRET_KEY, base.ALLOWED_HOSTS]))"
    )
    result = run([sys.executable, "-c", code], "config.settings.base")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [False, "", ["localhost", "127.0.0.1"]]


def test_allowed_hosts_is_a_comma_separated_list():
    values = settings_of(
        "config.settings.production",
        SECRET_KEY=random_secret(),
        ALLOWED_HOSTS=" example.org, www.example.org ,",
    )
    assert values["ALLOWED_HOSTS"] == ["example.org", "www.example.org"]


def test_database_url_selects_the_database():
    embedded = settings_of("config.settings.production", SECRET_KEY=random_secret())
    assert embedded["ENGINE"] == "django.db.backends.sqlite3"
    assert embedded["NAME"].endswith("db.sqlite3")

    postgres = settings_of(
        "config.settings.production",
        SECRET_KEY=random_secret(),
        DATABASE_URL="postgres://library:secret@db.example.org:5432/library",
    )
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["NAME"], postgres["HOST"]) == ("library", "db.example.org")

    sqlite = settings_of(
        "config.settings.production",
        SECRET_KEY=random_secret(),
        DATABASE_URL="sqlite:////tmp/elsewhere.sqlite3",
    )
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["NAME"] == "/tmp/elsewhere.sqlite3"


def test_deployment_check_passes_with_production_settings():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        "config.settings.production",
        SECRET_KEY=random_secret(),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deployment_check_fails_with_debug_on():
    """The check above can fail: DEBUG on is a deployment warning."""
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        "config.settings.production",
        SECRET_KEY=random_secret(),
        ALLOWED_HOSTS="example.org",
        DEBUG="true",
    )
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_postgresql_connections_compile_no_queries_unless_asked():
    """JIT compiling took 630 ms for a 4 ms page query on a large library."""
    url = "postgres://library:secret@db.example.org:5432/library"
    default = settings_of(
        "config.settings.production", SECRET_KEY=random_secret(), DATABASE_URL=url
    )
    assert default["CONNECTION_OPTIONS"] == "-c jit=off"
    asked = settings_of(
        "config.settings.production", SECRET_KEY=random_secret(), DATABASE_URL=url, DATABASE_JIT="1"
    )
    assert asked["CONNECTION_OPTIONS"] == ""


@pytest.mark.django_db
def test_the_postgresql_connection_runs_without_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting; the PostgreSQL pass of the suite checks it")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
