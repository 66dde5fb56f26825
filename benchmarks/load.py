"""A bounded load run: ``python -m benchmarks.load --items 10000``.

Builds a PostgreSQL database of its own on 127.0.0.1 (unless ``--database-url`` names one
that already holds a corpus, with ``--reuse``), fills it with ``generate_corpus``, serves it
with gunicorn (production settings, sync workers, no page cache in front) and runs ``wrk``
against one URL of each page class in turn. It prints one Markdown table: requests per
second, latency percentiles, errors and SQL queries per request, and the workers' resident
memory after the run. Nothing here runs in the test suite: timings belong in benchmarks,
not in assertions.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765


def add_database_arguments(parser):
    """What every benchmark asks: how big a corpus, and which database to fill or keep."""
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--reuse", action="store_true", help="keep the database's corpus")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_arguments(parser)
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    return parser.parse_args(argv)


def environment(database_url):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(ROOT / "var" / "bench-static"),
    )
    return env


def run(command, env, **kwargs):
    print("$", " ".join(command), flush=True)
    subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def create_database(name):
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')


def drop_database(name):
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare_database(options, prefix):
    """The run's database (its own, unless ``--database-url``), migrated and filled with
    the corpus unless ``--reuse``, and static files collected; returns its name and the
    environment that points at it."""
    name = f"{prefix}_{datetime.datetime.now():%Y%m%d_%H%M%S}"
    database_url = options.database_url or f"postgres://postgres@127.0.0.1:5432/{name}"
    env = environment(database_url)
    if not options.reuse:
        if not options.database_url:
            create_database(name)
        run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
        run([PYTHON, "-m", "benchmarks.generate_corpus", "--items", str(options.items)], env)
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)
    return name, env


def page_urls(env):
    """One URL of each page class, found in the corpus itself."""
    script = r"""
import json
from django.utils import translation
from groups.models import MentorGroup, WorkshopWriteUp
from knowledge.models import LibraryIndexPage, MethodologyArticle, ProgrammePackage, Theme, Region
live = lambda model: model.objects.live().public().filter(locale__language_code="hu")
methods = LibraryIndexPage.objects.get(locale__language_code="hu", section="methods")
theme = Theme.objects.filter(locale__language_code="hu").order_by("slug").first()
region = Region.objects.filter(locale__language_code="hu", level="county").order_by("slug").first()
def url(page):
    return page.url if page else None
with translation.override("hu"):
    print(json.dumps({
        "home": "/hu/",
        "listing (filtered)": f"{methods.url}?theme={theme.slug}&region={region.slug}",
        "article": url(live(MethodologyArticle).order_by("-pk").first()),
        "package": url(live(ProgrammePackage).order_by("-pk").first()),
        "group": url(live(MentorGroup).first()),
        "write-up": url(live(WorkshopWriteUp).filter(visibility="public").order_by("-pk").first()),
        "search": "/hu/search/?q=%C3%B6nk%C3%A9ntes",
        "suggest": "/hu/search/suggest/?q=k%C3%B6z",
        "API": "/api/v2/pages/?locale=hu",
        "feed": "/hu/feed/",
    }))
"""
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {name: url for name, url in json.loads(output.strip().splitlines()[-1]).items() if url}


def wait_until_serving(base, process, seconds=60, path="/hu/"):
    """Wait until ``base + path`` answers. The first request of a large library may
    take a while (cold caches), so one slow answer is waited for, not retried."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server ({process.args[0]}) stopped before serving")
        try:
            urllib.request.urlopen(base + path, timeout=seconds)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise SystemExit(f"{base} did not answer within {seconds} s")


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def queries_per_request(env, path):
    """SQL queries one uncached request makes, counted in-process with the test client."""
    script = f"""
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(SERVER_NAME="127.0.0.1")
client.get({path!r})
with CaptureQueriesContext(connection) as queries:
    client.get({path!r})
print(len(queries))
"""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    lines = result.stdout.strip().splitlines()
    return lines[-1] if result.returncode == 0 and lines else "?"


def worker_memory_mib(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    total = 0
    for pid in children.read_text().split() if children.exists() else []:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total = max(total, int(line.split()[1]))
    return total / 1024


def run_wrk(url, script, connections, seconds, threads=1, env=None, latency=False, headers=()):
    """One bounded ``wrk`` run with a Lua ``script`` that prints its results as JSON."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    if latency:
        command.append("--latency")
    command += ["-s", str(ROOT / "benchmarks" / script), url]
    result = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_gunicorn(env, workers, port=PORT):
    """gunicorn on 127.0.0.1 with production settings and sync workers, as deployed."""
    return subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )


def main(argv=None):
    options = parse_arguments(argv if argv is not None else sys.argv[1:])
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    name, env = prepare_database(options, "bench")

    base = f"http://127.0.0.1:{PORT}"
    gunicorn = start_gunicorn(env, options.workers)
    rows = []
    try:
        wait_until_serving(base, gunicorn)
        for page_class, path in page_urls(env).items():
            status = status_of(base + path)
            if status != 200:
                rows.append((page_class, path, f"HTTP {status}", None, "-"))
                continue
            print(f"wrk {page_class}: {path}", flush=True)
            result = run_wrk(base + path, "report.lua", options.connections, options.duration)
            rows.append((page_class, path, "ok", result, queries_per_request(env, path)))
        memory = worker_memory_mib(gunicorn.pid)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        if not options.database_url and not options.keep:
            drop_database(name)

    print()
    print(
        f"{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{options.items} items, PostgreSQL, gunicorn {options.workers} sync workers, "
        f"wrk -t1 -c{options.connections} -d{options.duration}s, no cache in front"
    )
    print()
    print("| page class | req/s | p50 ms | p95 ms | p99 ms | errors | SQL queries |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page_class, _path, state, result, queries in rows:
        if result is None:
            print(f"| {page_class} | {state} | | | | | |")
            continue
        print(
            f"| {page_class} | {result['rps']:.0f} | {result['p50']:.0f} | {result['p95']:.0f} "
            f"| {result['p99']:.0f} | {result['errors']} | {queries} |"
        )
    print()
    print(f"Largest worker's resident memory after the run: {memory:.0f} MiB")


if __name__ == "__main__":
    main()
