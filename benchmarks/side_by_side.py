"""This site against another Wagtail site, in one run: ``python -m benchmarks.side_by_side``.

Figures on this machine move by a third from one run to the next, so a comparison is
only fair inside one run. This serves the library (gunicorn, production settings, two
sync workers, no page cache) and asks ``wrk`` for one URL of each page class here and
then the matching URL of the other site, which must already be served at
``--other`` the same way (two sync gunicorn workers, uncached). The README says how
the comparison with Wagtail's demo site (bakerydemo) is set up. It prints requests per
second and p95 for both, the ratio, and the verdict against ``--goal``.

This site runs as deployed with Redis, its page cache off and its fragments on
(``--fragment-seconds``; 0 renders every part of every page), in a Redis database of
its own (``--redis-url``, emptied first). Wall-clock figures move with whatever else
the machine runs; with ``--other-dir`` (the other site's directory, its Python and
settings module) it also measures the CPU time one request costs each site in its
own process (``benchmarks/cpu_per_request.py``), which moves far less.
"""

import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys

from benchmarks.load import (
    PORT,
    PYTHON,
    ROOT,
    add_database_arguments,
    drop_database,
    page_urls,
    prepare_database,
    queries_per_request,
    run_wrk,
    start_gunicorn,
    status_of,
    wait_until_serving,
)

# The page classes a site like bakerydemo also has.
COMPARED = ("home", "article", "listing", "search")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_arguments(parser)
    parser.set_defaults(items=0)
    parser.add_argument("--other", required=True, help="base URL of the other site")
    parser.add_argument(
        "--other-path",
        action="append",
        default=[],
        metavar="CLASS=PATH",
        help="the other site's URL of a page class (home, article, listing, search)",
    )
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--goal", type=float, default=2.0, help="wanted ratio of req/s")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--fragment-seconds", type=int, default=300)
    parser.add_argument("--other-dir", default="", help="the other site's directory")
    parser.add_argument("--other-python", default="venv/bin/python")
    parser.add_argument("--other-settings", default="bakerydemo.settings.benchlocal")
    parser.add_argument("--cpu-requests", type=int, default=100)
    return parser.parse_args(argv)


def cpu_per_request(pages, env, cwd, python, requests):
    """``{page class: CPU ms per request}`` of a site, measured in its own process."""
    command = [python, str(ROOT / "benchmarks" / "cpu_per_request.py")]
    command += ["--requests", str(requests)]
    command += [f"{page_class}={path}" for page_class, path in pages.items()]
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"CPU measurement in {cwd} failed:\n{result.stderr[-2000:]}")
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    return {page_class: row["cpu_ms"] for page_class, row in measured.items()}


def flush_redis(redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def own_paths(env):
    urls = page_urls(env)
    methods = urls["listing (filtered)"].split("?")[0]
    return {
        "home": urls["home"],
        "article": urls["article"],
        "listing": methods,
        "search": urls["search"],
    }


def main(argv=None):
    options = parse_arguments(argv if argv is not None else sys.argv[1:])
    other_paths = dict(pair.split("=", 1) for pair in options.other_path)
    unknown = set(other_paths) - set(COMPARED)
    if unknown:
        raise SystemExit(f"unknown page classes: {', '.join(sorted(unknown))}")
    name, env = prepare_database(options, "bench_side")
    env.update(
        REDIS_URL=options.redis_url,
        PAGE_CACHE_SECONDS="0",
        FRAGMENT_CACHE_SECONDS=str(options.fragment_seconds),
    )
    flush_redis(options.redis_url)
    base = f"http://127.0.0.1:{PORT}"
    rows = []
    gunicorn = start_gunicorn(env, workers=2)
    try:
        wait_until_serving(base, gunicorn)
        paths = own_paths(env)
        for page_class, other_path in other_paths.items():
            path = paths[page_class]
            for url in (base + path, options.other + other_path):
                if status_of(url) != 200:
                    raise SystemExit(f"{url} does not answer 200")
            print(f"wrk {page_class}: {path} and {options.other}{other_path}", flush=True)
            own = run_wrk(base + path, "report.lua", options.connections, options.duration)
            other = run_wrk(
                options.other + other_path, "report.lua", options.connections, options.duration
            )
            rows.append((page_class, path, own, other, queries_per_request(env, path)))
        cpu = {}
        if options.other_dir:
            compared = {page_class: paths[page_class] for page_class in other_paths}
            cpu["here"] = cpu_per_request(compared, env, ROOT, PYTHON, options.cpu_requests)
            other_env = dict(os.environ, DJANGO_SETTINGS_MODULE=options.other_settings)
            other_python = options.other_python
            cpu["other"] = cpu_per_request(
                other_paths, other_env, options.other_dir, other_python, options.cpu_requests
            )
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        if not options.database_url and not options.keep:
            drop_database(name)

    database = "SQLite" if env["DATABASE_URL"].startswith("sqlite") else "PostgreSQL"
    print()
    print(
        f"{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, this site "
        f"on {database} with {options.items} items beyond the demo library, against "
        f"{options.other}; both gunicorn 2 sync workers, no page cache (fragments here: "
        f"{options.fragment_seconds} s in Redis), "
        f"wrk -t1 -c{options.connections} -d{options.duration}s, in turn"
    )
    print()
    print("| page class | here req/s | p95 ms | SQL | other req/s | p95 ms | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    ratios = []
    for page_class, _path, own, other, queries in rows:
        ratio = own["rps"] / other["rps"] if other["rps"] else 0.0
        ratios.append(ratio)
        print(
            f"| {page_class} | {own['rps']:.0f} | {own['p95']:.0f} | {queries} "
            f"| {other['rps']:.0f} | {other['p95']:.0f} | {ratio:.1f}× |"
        )
    if cpu:
        print()
        print("| page class | here CPU ms/request | other CPU ms/request | ratio |")
        print("| --- | ---: | ---: | ---: |")
        for page_class in other_paths:
            here, there = cpu["here"][page_class], cpu["other"][page_class]
            print(f"| {page_class} | {here:.1f} | {there:.1f} | {there / here:.1f}× |")
    print()
    lowest = min(ratios) if ratios else 0.0
    verdict = "met" if lowest >= options.goal else "not met"
    print(f"Goal: {options.goal:.1f}× on every page class; lowest {lowest:.1f}× ({verdict}).")


if __name__ == "__main__":
    main()
