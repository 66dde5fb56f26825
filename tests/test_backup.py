"""Backups restore: a content export into a fresh database, and pg_dump into a new one.

Both restores are compared with the original through ``snapshot()``: the page tree
(types, titles, drafts, restrictions), which pages and snippets are translations of
each other, and the themes and regions every page carries.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from knowledge.models import Institution, Region, Theme

ROOT = Path(__file__).resolve().parent.parent
DEMO_FILE = ROOT / "demo" / "content.jsonl"


def _page_id(page):
    """A page by language and path below its home page: the same in any database."""
    return f"{page.locale.language_code}:/{'/'.join(page.url_path.strip('/').split('/')[1:])}"


def _translation_sets(items, name):
    groups = {}
    for item in items:
        groups.setdefault(item.translation_key, []).append(name(item))
    return sorted(sorted(group) for group in groups.values() if len(group) > 1)


def snapshot():
    """What a restore must keep, in plain JSON types, independent of primary keys."""
    pages = list(Page.objects.filter(depth__gt=2).select_related("locale").specific())
    restricted = dict(PageViewRestriction.objects.values_list("page__url_path", "restriction_type"))
    tree = {}
    for page in pages:
        entry = {
            "type": page._meta.label,
            "title": page.title,
            "draft_title": page.draft_title,
            "live": page.live,
            "restriction": restricted.get(page.url_path),
        }
        for field in ("themes", "regions"):
            if hasattr(page, field):
                entry[field] = sorted(getattr(page, field).values_list("slug", flat=True))
        for field in ("visibility",):
            if hasattr(page, field):
                entry[field] = getattr(page, field)
        tree[_page_id(page)] = entry

    def taxonomy(model, label):
        items = list(model.objects.select_related("locale"))
        return {
            "items": sorted([item.locale.language_code, label(item), str(item)] for item in items),
            "translations": _translation_sets(
                items, lambda item: f"{item.locale.language_code}:{label(item)}"
            ),
        }

    return {
        "pages": tree,
        "page_translations": _translation_sets(pages, _page_id),
        "themes": taxonomy(Theme, lambda t: f"{t.slug}<{t.parent.slug if t.parent_id else ''}"),
        "regions": taxonomy(Region, lambda r: f"{r.slug}<{r.parent.slug if r.parent_id else ''}"),
        "institutions": taxonomy(Institution, lambda i: f"{i.kind}:{i.name}"),
    }


@pytest.fixture
def demo_content(site_tree):
    with translation.override("en"):
        call_command("import_content", str(DEMO_FILE), stdout=StringIO(), stderr=StringIO())


def manage(*args, env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.django_db
def test_a_private_export_restores_into_a_fresh_database(demo_content, tmp_path):
    before = snapshot()
    assert before["page_translations"] and before["themes"]["translations"]
    assert any(entry["live"] is False for entry in before["pages"].values())
    assert any(entry["restriction"] for entry in before["pages"].values())
    assert any(entry.get("themes") for entry in before["pages"].values())
    assert any(entry.get("regions") for entry in before["pages"].values())

    backup = tmp_path / "backup.jsonl"
    call_command("export_content", "--include-private", "-o", str(backup), stderr=StringIO())

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    manage("migrate", "--no-input", "-v0", env=env)
    manage("import_content", str(backup), env=env)
    code = "import json; from tests.test_backup import snapshot; print(json.dumps(snapshot()))"
    after = json.loads(manage("shell", "-v0", "-c", code, env=env))

    assert after == json.loads(json.dumps(before))


def _pg_env(settings_dict):
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the test database is not PostgreSQL",
)
# serialized_rollback: earlier transactional tests flush the rows migrations created
# (root page, locales); they are put back before this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pg_dump_restores_into_a_new_database(demo_content, tmp_path):
    settings_dict = connection.settings_dict
    env = _pg_env(settings_dict)
    dump = tmp_path / "backup.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", settings_dict["NAME"]],
        env=env,
        check=True,
    )
    restored = f"restore_{uuid.uuid4().hex[:12]}"
    subprocess.run(["createdb", restored], env=env, check=True)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump)],
            env=env,
            check=True,
        )
        query = (
            "SELECT count(*) FROM wagtailcore_page;"
            "SELECT p.title FROM wagtailcore_page p JOIN wagtailcore_locale l"
            " ON l.id = p.locale_id WHERE l.language_code = 'sl' AND p.translation_key = ("
            "SELECT translation_key FROM wagtailcore_page WHERE title = %s);"
        )
        hungarian = Page.objects.filter(locale__language_code="hu", depth__gt=3).first()
        slovenian = (
            Page.objects.filter(
                translation_key=hungarian.translation_key, locale__language_code="sl"
            ).first()
            if hungarian
            else None
        )
        assert slovenian is not None, "the demo content has Slovenian translations"
        title = hungarian.title.replace("'", "''")
        result = subprocess.run(
            ["psql", "--no-psqlrc", "-At", "-d", restored, "-c", query.replace("%s", f"'{title}'")],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        count, translated = result.stdout.splitlines()[:2]
        assert int(count) == Page.objects.count()
        assert translated == slovenian.title
    finally:
        subprocess.run(["dropdb", "--if-exists", restored], env=env, check=True)
