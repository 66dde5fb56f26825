"""Page cache against static files: ``python -m benchmarks.page_cache_throughput``.

The goal for the full-page cache is a quarter of what nginx manages serving the same
bytes from disk. This serves the demo library (or ``--items`` more) with gunicorn as
deployed (production settings, two sync workers, the page cache in Redis), reads a few
public pages until they come from the cache, saves exactly those bytes as files and
serves them with nginx on the same machine (two worker processes, one per core as
gunicorn has). Then ``wrk`` asks each URL of each server in turn, every request on a
new connection (``Connection: close``), as a CDN's cache misses or a crawler would.
It prints requests per second and latency per page and server, the ratio, and the
verdict. Timings stay out of the test suite.
"""

import argparse
import datetime
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from benchmarks.load import (
    PORT,
    add_database_arguments,
    drop_database,
    page_urls,
    prepare_database,
    run_wrk,
    start_gunicorn,
    wait_until_serving,
)

NGINX_PORT = PORT + 25
GOAL = 0.25
PAGE_CLASSES = ("home", "article", "package", "feed")
NGINX_CONFIG = """
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    default_type text/html;
    sendfile on;
    server {{
        listen 127.0.0.1:{port};
        root {root}/pages;
    }}
}}
"""


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_arguments(parser)
    parser.set_defaults(items=0)
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL and server")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    return parser.parse_args(argv)


def cached_body(url, attempts=10):
    """The page's bytes once the page cache answers for it (every worker has been asked)."""
    for _attempt in range(attempts):
        request = urllib.request.Request(url, headers={"Connection": "close"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
            if response.headers.get("X-Page-Cache") == "hit":
                return body
    raise SystemExit(f"{url} never came from the page cache")


def start_nginx(root):
    (root / "nginx.conf").write_text(NGINX_CONFIG.format(root=root, port=NGINX_PORT))
    return subprocess.Popen(
        ["nginx", "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"]
    )


def flush_cache(redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def main(argv=None):
    options = parse_arguments(argv if argv is not None else sys.argv[1:])
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed (Debian: apt-get install {tool})")
    name, env = prepare_database(options, "bench_cache")
    env.update(REDIS_URL=options.redis_url, PAGE_CACHE_SECONDS="3600")
    flush_cache(options.redis_url)
    base = f"http://127.0.0.1:{PORT}"
    static_base = f"http://127.0.0.1:{NGINX_PORT}"
    rows = []
    gunicorn = start_gunicorn(env, workers=2)
    with tempfile.TemporaryDirectory(prefix="page-cache-bench-") as directory:
        root = Path(directory)
        root.chmod(0o755)  # nginx's workers run as an unprivileged user
        nginx = None
        try:
            wait_until_serving(base, gunicorn)
            urls = {name: path for name, path in page_urls(env).items() if name in PAGE_CLASSES}
            for page_class, path in urls.items():
                saved = root / "pages" / page_class / "index.html"
                saved.parent.mkdir(parents=True)
                saved.write_bytes(cached_body(base + path))
            nginx = start_nginx(root)
            wait_until_serving(static_base, nginx, path="/home/")
            close = ("Connection: close",)
            for page_class, path in urls.items():
                print(f"wrk {page_class}: {path} and its saved copy", flush=True)
                cached = run_wrk(
                    base + path, "report.lua", options.connections, options.duration, headers=close
                )
                static = run_wrk(
                    f"{static_base}/{page_class}/",
                    "report.lua",
                    options.connections,
                    options.duration,
                    headers=close,
                )
                size = (root / "pages" / page_class / "index.html").stat().st_size
                rows.append((page_class, size, cached, static))
        finally:
            if nginx is not None:
                nginx.send_signal(signal.SIGQUIT)
                nginx.wait(timeout=30)
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
            flush_cache(options.redis_url)
            if not options.database_url and not options.keep:
                drop_database(name)

    print()
    print(
        f"{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"gunicorn 2 sync workers with the page cache in Redis against nginx 2 workers "
        f"serving the same bytes, wrk -t1 -c{options.connections} -d{options.duration}s, "
        "a new connection per request"
    )
    print()
    print("| page | bytes | page cache req/s | p95 ms | nginx req/s | p95 ms | ratio | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    ratios = []
    for page_class, size, cached, static in rows:
        ratio = cached["rps"] / static["rps"] if static["rps"] else 0.0
        ratios.append(ratio)
        print(
            f"| {page_class} | {size} | {cached['rps']:.0f} | {cached['p95']:.1f} "
            f"| {static['rps']:.0f} | {static['p95']:.1f} | {ratio:.2f} "
            f"| {cached['errors'] + static['errors']} |"
        )
    print()
    lowest = min(ratios) if ratios else 0.0
    verdict = "met" if lowest >= GOAL else "not met"
    print(f"Goal: at least {GOAL:.2f} of nginx on every page; lowest {lowest:.2f} ({verdict}).")


if __name__ == "__main__":
    main()
