"""CPU time one request costs a Django site, measured in its own process.

Run with the site's own Python, in its directory, with ``DJANGO_SETTINGS_MODULE`` set:
``python /path/to/cpu_per_request.py --requests 200 home=/ article=/blog/x/``. It needs
nothing but Django, so it measures any Django site (``benchmarks.render_cpu`` runs it for
this one and for Wagtail's demo site). Each request goes through Django's WSGI handler,
every middleware and the request signals, as under gunicorn; the time counted is the
process's CPU time (``time.process_time``), which other work on a shared machine
inflates far less than wall-clock time. Prints one JSON line: per page class the
median, over ``--rounds`` rounds, of the CPU milliseconds per request.
"""

import argparse
import io
import json
import os
import statistics
import sys
import time


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", metavar="CLASS=PATH")
    parser.add_argument("--requests", type=int, default=100, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--profile", default="", help="write cProfile stats of CLASS here")
    parser.add_argument("--profile-class", default="")
    return parser.parse_args(argv)


def environ_for(path, host):
    path_info, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def serve_once(application, path, host):
    """One request, its body read to the end and closed, as a WSGI server does."""
    statuses = []
    body = application(environ_for(path, host), lambda status, headers: statuses.append(status))
    try:
        size = sum(len(chunk) for chunk in body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return statuses[0], size


def cpu_ms_per_request(application, path, host, requests):
    start = time.process_time()
    for _ in range(requests):
        serve_once(application, path, host)
    return (time.process_time() - start) * 1000 / requests


def main(argv=None):
    options = parse_arguments(argv if argv is not None else sys.argv[1:])
    sys.path.insert(0, os.getcwd())
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    pages = dict(page.split("=", 1) for page in options.pages)
    results = {}
    for page_class, path in pages.items():
        for _ in range(3):  # warm: templates, caches, connections
            status, size = serve_once(application, path, options.host)
        if not status.startswith("200"):
            raise SystemExit(f"{path} answers {status}")
        rounds = [
            cpu_ms_per_request(application, path, options.host, options.requests)
            for _ in range(options.rounds)
        ]
        results[page_class] = {
            "path": path,
            "bytes": size,
            "cpu_ms": round(statistics.median(rounds), 2),
            "min_ms": round(min(rounds), 2),
        }
        if options.profile and page_class == options.profile_class:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(options.requests):
                serve_once(application, path, options.host)
            profiler.disable()
            profiler.dump_stats(options.profile)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
