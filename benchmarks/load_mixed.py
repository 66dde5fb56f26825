"""A bounded mixed load: ``python -m benchmarks.load_mixed --items 10000 --soak 600``.

Readers 90 %, search 8 %, mentor edits 2 % (signed-in POSTs of the ten-minute write-up
form, each saving a draft and submitting it for review), against gunicorn on 127.0.0.1
with production settings, in three phases: a steady load, a spike of four times as many
connections for 60 s, and a soak at the steady load (60 s by default for a quick run;
``--soak 600`` for the ten minutes). Workers' memory is sampled every few seconds.

The database, corpus and server are set up as in ``benchmarks.load``. It prints one
Markdown table per phase (requests, latency percentiles, 5xx, 4xx) and the memory over
time, and exits non-zero on any 5xx or socket error, or when no draft was saved.
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.load import (
    PORT,
    PYTHON,
    ROOT,
    add_database_arguments,
    drop_database,
    prepare_database,
    run_wrk,
    start_gunicorn,
    wait_until_serving,
)

SAMPLE_SECONDS = 5
MENTOR = "load-mentor"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_arguments(parser)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4, help="steady-load connections")
    parser.add_argument("--steady", type=int, default=60, help="seconds of steady load")
    parser.add_argument("--spike", type=int, default=60, help="seconds at four times the load")
    parser.add_argument("--soak", type=int, default=60, help="seconds of soak (600: ten minutes)")
    return parser.parse_args(argv)


# Run inside ``manage.py shell``: a mentor with a live session, and the URLs to ask for.
PLAN_SCRIPT = r"""
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import translation
from groups.models import GroupMembership, MentorGroup, WorkshopWriteUp
from groups.roles import assign_role
from knowledge.models import KnowledgePage, LibraryIndexPage, Theme

user, _ = get_user_model().objects.get_or_create(username=%(mentor)r)
group = MentorGroup.objects.live().filter(locale__language_code="hu").order_by("path").first()
assign_role(user, group, GroupMembership.Role.MENTOR)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()

reads = ["/hu/", "/sl/", "/en/"]
for code in ("hu", "sl", "en"):
    with translation.override(code):
        for index in LibraryIndexPage.objects.live().filter(locale__language_code=code):
            reads.append(index.url)
            for theme in Theme.objects.filter(locale__language_code=code).order_by("?")[:3]:
                reads.append(f"{index.url}?theme={theme.slug}")
        pages = KnowledgePage.objects.live().public().filter(
            locale__language_code=code, visibility="public"
        ).order_by("?")[:60]
        reads.extend(page.url for page in pages)
        reads.extend(g.url for g in MentorGroup.objects.live().filter(locale__language_code=code))
reads += ["/hu/feed/", "/api/v2/pages/?locale=hu", "/sitemap.xml"]
words = {"hu": ["önkéntes", "közösség", "fesztivál", "mentor", "helyi"],
         "sl": ["prostovoljstvo", "skupnost", "festival"], "en": ["volunteer", "community"]}
searches = [f"/{code}/search/?q={word}" for code, ws in words.items() for word in ws]
searches.append("/hu/search/suggest/?q=k%%C3%%B6z")
with translation.override("hu"):
    edit = group.url + group.reverse_subpage("write_up")
print(json.dumps({
    "reads": [url for url in reads if url], "searches": searches, "edit": edit,
    "session": session.session_key, "user_id": user.pk, "group_id": group.pk,
}))
"""

DRAFTS_SCRIPT = r"""
from groups.models import WorkshopWriteUp
print(WorkshopWriteUp.objects.filter(owner_id=%(user_id)d).count())
"""


def shell(env, script):
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v0", "-c", script],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def quote_path(url):
    from urllib.parse import quote

    return quote(url, safe="/?=&%:")


class MemorySampler(threading.Thread):
    """Every few seconds: the phase and each gunicorn worker's resident memory."""

    def __init__(self, master_pid):
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.phase = "start"
        self.samples = []
        self.started = time.monotonic()
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.wait(SAMPLE_SECONDS):
            self.samples.append((time.monotonic() - self.started, self.phase, self.rss()))

    def rss(self):
        children = Path(f"/proc/{self.master_pid}/task/{self.master_pid}/children")
        sizes = []
        for pid in children.read_text().split() if children.exists() else []:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes


def wrk(base, plan_path, connections, seconds, cookie, csrf):
    env = {**os.environ, "MIXED_PLAN": str(plan_path), "MIXED_COOKIE": cookie, "MIXED_CSRF": csrf}
    return run_wrk(base, "mixed.lua", connections, seconds, threads=2, env=env, latency=True)


def main(argv=None):
    options = parse_arguments(argv if argv is not None else sys.argv[1:])
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    name, env = prepare_database(options, "bench_mixed")
    plan = shell(env, PLAN_SCRIPT % {"mentor": MENTOR})
    drafts_before = shell(env, DRAFTS_SCRIPT % plan)
    csrf = secrets.token_hex(16)  # a 32-character secret; the form sends it unmasked
    cookie = f"sessionid={plan['session']}; csrftoken={csrf}"
    plan_file = Path(tempfile.mkstemp(prefix="mixed-plan-", suffix=".txt")[1])
    lines = [f"read {quote_path(url)}" for url in plan["reads"]]
    lines += [f"search {quote_path(url)}" for url in plan["searches"]]
    lines.append(f"edit {quote_path(plan['edit'])}")
    plan_file.write_text("\n".join(lines) + "\n")

    base = f"http://127.0.0.1:{PORT}"
    gunicorn = start_gunicorn({**env, "LOG_LEVEL": "WARNING"}, options.workers)
    phases = [
        ("steady", options.connections, options.steady),
        ("spike ×4", options.connections * 4, options.spike),
        ("soak", options.connections, options.soak),
    ]
    results = []
    sampler = MemorySampler(gunicorn.pid)
    try:
        wait_until_serving(base, gunicorn)
        sampler.start()
        for phase, connections, seconds in phases:
            if seconds <= 0:
                continue
            sampler.phase = phase
            print(f"{phase}: {connections} connections for {seconds} s", flush=True)
            result = wrk(base, plan_file, connections, seconds, cookie, csrf)
            print(f"  {result}", flush=True)
            results.append((phase, connections, seconds, result))
        sampler.stopping.set()
        drafts_saved = shell(env, DRAFTS_SCRIPT % plan) - drafts_before
    finally:
        sampler.stopping.set()
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        plan_file.unlink(missing_ok=True)
        if not options.database_url and not options.keep:
            drop_database(name)

    report(options, results, sampler.samples, drafts_saved)
    failed = sum(r["server_errors"] + r["socket_errors"] for *_, r in results)
    if failed or drafts_saved == 0:
        raise SystemExit(f"failed: {failed} 5xx or socket errors, {drafts_saved} drafts saved")


def report(options, results, samples, drafts_saved):
    print()
    print(
        f"{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{options.items} items, PostgreSQL, gunicorn {options.workers} sync workers, "
        "wrk -t2, 90 % reads / 8 % search / 2 % mentor edits"
    )
    print()
    print(
        "| phase | connections | s | requests | req/s | p50 ms | p90 ms | p99 ms | max ms "
        "| 5xx | 4xx | socket errors | edits sent |"
    )
    print(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: |"
    )
    for phase, connections, seconds, r in results:
        print(
            f"| {phase} | {connections} | {seconds} | {r['requests']} | {r['rps']:.0f} "
            f"| {r['p50']:.0f} | {r['p90']:.0f} | {r['p99']:.0f} | {r['max']:.0f} "
            f"| {r['server_errors']} | {r['client_errors']} | {r['socket_errors']} "
            f"| {r['edits_sent']} |"
        )
    print()
    print(f"Drafts saved by the mentor edits: {drafts_saved}")
    print()
    print("| time s | phase | workers' resident memory MiB |")
    print("| ---: | --- | --- |")
    step = max(1, len(samples) // 20)
    shown = samples[::step]
    if samples and shown[-1] is not samples[-1]:
        shown.append(samples[-1])
    for elapsed, phase, sizes in shown:
        print(f"| {elapsed:.0f} | {phase} | {', '.join(f'{size:.0f}' for size in sizes)} |")
    by_phase = {}
    for _elapsed, phase, sizes in samples:
        if sizes:
            by_phase.setdefault(phase, []).append(max(sizes))
    if "soak" in by_phase:
        soak = by_phase["soak"]
        print()
        print(
            f"Largest worker during the soak: {soak[0]:.0f} MiB at its start, "
            f"{soak[-1]:.0f} MiB at its end, {max(soak):.0f} MiB at most."
        )


if __name__ == "__main__":
    main()
