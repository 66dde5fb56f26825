"""The image and the documented environment agree with the code.

Docker is not needed: the Dockerfile is read, and what its build and start would run
is run here in a subprocess with the production settings and the variables of
``.env.example``, the file the README tells operators to copy.
"""

import json
import re
import secrets
import sys
from importlib.util import find_spec

from tests.test_settings import REPO_ROOT, run

DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text()
DOCKERIGNORE = (REPO_ROOT / ".dockerignore").read_text().split()
COMPOSE = (REPO_ROOT / "docker-compose.example.yml").read_text()
VCL = (REPO_ROOT / "docs/deployment/varnish.vcl").read_text()


def documented_environment():
    """``.env.example`` as a dict, with a real secret in place of the placeholder."""
    env = {}
    for line in (REPO_ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value.strip()
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def image_settings_module():
    return re.search(r"DJANGO_SETTINGS_MODULE=(\S+)", DOCKERFILE).group(1)


def test_the_image_is_python_311_slim_and_runs_as_a_user():
    assert re.search(r"^FROM python:3\.11-slim\b", DOCKERFILE, re.M)
    users = re.findall(r"^USER (\S+)", DOCKERFILE, re.M)
    assert users and users[-1] not in {"root", "0"}


def test_the_image_starts_gunicorn_on_the_production_settings():
    assert image_settings_module() == "config.settings.production"
    command = json.loads(re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.M).group(1))
    assert command[0] == "gunicorn"
    module, _, attribute = command[1].partition(":")
    assert find_spec(module) is not None
    loaded = run(
        [sys.executable, "-c", f"import {module}; print(callable({module}.{attribute}))"],
        image_settings_module(),
        **documented_environment(),
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip().endswith("True")


def test_the_build_collects_static_files_and_runs_the_deployment_check():
    build = " ".join(re.findall(r"^RUN .*(?:\n\s+.*)*", DOCKERFILE, re.M))
    for command in (
        "manage.py compilemessages",
        "manage.py collectstatic --no-input",
        "manage.py check --deploy --fail-level WARNING",
    ):
        assert command in build


def test_secrets_and_local_state_stay_out_of_the_image():
    for path in (".env", ".git", ".venv", "var", "media", "node_modules"):
        assert path in DOCKERIGNORE


def test_deployment_check_passes_with_the_documented_environment():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        image_settings_module(),
        **documented_environment(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_variable_the_readme_documents_is_in_the_example_environment():
    readme = (REPO_ROOT / "README.md").read_text()
    section = readme.split("## Deployment past one machine", 1)[1].split("\n## ", 1)[0]
    names = " ".join(line.split("|")[1] for line in section.splitlines() if line.startswith("| `"))
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", names))
    assert len(documented) >= 15
    assert documented <= set(documented_environment())


def test_the_compose_example_mounts_the_cache_rules_and_names_its_backends():
    assert "./docs/deployment/varnish.vcl:/etc/varnish/default.vcl" in COMPOSE
    backends = set(re.findall(r'\.host = "([^"]+)"', VCL))
    services = set(re.findall(r"^  ([a-z0-9-]+):", COMPOSE, re.M))
    assert backends and backends <= services
