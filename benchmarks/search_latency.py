"""Search and suggest latency over real queries: ``python -m benchmarks.search_latency``.

``make bench-search ITEMS=10000`` runs it. The search requirements set a goal of
p95 ≤ 150 ms for search and suggest at 100k items on PostgreSQL. This run builds a
PostgreSQL database of its own with the benchmark corpus (as ``benchmarks.load`` does;
``--database-url`` with ``--reuse`` measures an existing one), serves it with gunicorn
(production settings, sync workers) and asks ``/<lang>/search/`` and
``/<lang>/search/suggest/`` for every query below — Hungarian, Slovenian and English;
base forms, inflected forms, accent-free spellings, multi-word queries, glossary
variants and a word of another language — one request at a time, so it measures the
latency a reader sees, not throughput (``make bench`` does that). One untimed round
warms the workers' caches, then ``--rounds`` timed rounds follow. It prints p50, p95
and the slowest request per endpoint and language, how many queries found something,
and whether p95 is within the goal. Nothing here runs in the test suite.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import signal
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from benchmarks.load import (
    add_database_arguments,
    drop_database,
    prepare_database,
    start_gunicorn,
    wait_until_serving,
)

GOAL_P95_MS = 150

# What readers type into the search box, per language (the corpus and demo vocabulary).
SEARCHES = {
    "hu": [
        "önkéntes",
        "önkéntesekkel",  # inflected
        "onkentesekkel",  # inflected, without accents
        "közösségi műhely",
        "kozossegi muhelyek",
        "fesztiválok szervezése",
        "mentorálás",
        "mentorcsoportban",
        "helytörténeti tanulókör",
        "művelődési házban",
        "közösségi tér",  # glossary variant of "közösségi színtér"
        "IKSZ",  # glossary synonym of "iskolai közösségi szolgálat"
        "digitális készségek fejlesztése",
        "volunteer",  # another language's word
    ],
    "sl": [
        "prostovoljci",
        "prostovoljcev",  # inflected
        "delavnice",
        "skupnostni dogodek",
        "skupnostnih dogodkov",
        "kulturni dom",
        "mentorske skupine",
        "lokalne dediščine",
        "lokalne dediscine",  # without accents
        "prostor za skupnost",  # glossary variant of "skupnostni prostor"
        "usposabljanje",
        "festival",
    ],
    "en": [
        "volunteers",
        "volunteering",
        "community workshop",
        "community workshops",
        "mentoring group",
        "heritage mapping",
        "local history",
        "study circles",
        "digital skills",
        "community space",  # glossary term
        "cultural centre",
        "önkéntes",  # another language's word
    ],
}

# What the autocomplete is asked while readers type (accented and accent-free prefixes).
SUGGESTIONS = {
    "hu": ["köz", "kozo", "önk", "onk", "fesz", "ment", "digi", "helyt"],
    "sl": ["skup", "prost", "del", "kult", "ment", "dedi", "dedis"],
    "en": ["comm", "vol", "work", "ment", "herit", "dig", "loc"],
}


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_arguments(parser)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds over every query")
    parser.add_argument("--port", type=int, default=8766)
    return parser.parse_args(argv)


def requests_to_make():
    """``(endpoint, language, query, path)`` for every query of both endpoints."""
    for language, queries in SEARCHES.items():
        for query in queries:
            path = f"/{language}/search/?" + urllib.parse.urlencode({"q": query})
            yield "search", language, query, path
    for language, prefixes in SUGGESTIONS.items():
        for prefix in prefixes:
            path = f"/{language}/search/suggest/?" + urllib.parse.urlencode({"q": prefix})
            yield "suggest", language, prefix, path


RESULT_COUNT = re.compile(rb'class="results-count" data-count="(\d+)"')


def found_count(endpoint, body):
    if endpoint == "suggest":
        return len(json.loads(body)["results"])
    match = RESULT_COUNT.search(body)
    return int(match.group(1)) if match else 0


def ask(base, path):
    """``(status, milliseconds, body)`` of one GET."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return status, (time.perf_counter() - started) * 1000, body


def percentile(values, share):
    """Nearest-rank percentile: the smallest value with ``share`` of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(base, rounds):
    """Latencies by (endpoint, language), errors, and the queries that found something."""
    plan = list(requests_to_make())
    for _endpoint, _language, _query, path in plan:
        ask(base, path)  # warm-up: imports, template and synonym caches
    timings, errors, answered = {}, {}, {}
    for _round in range(rounds):
        for endpoint, language, query, path in plan:
            status, milliseconds, body = ask(base, path)
            key = (endpoint, language)
            timings.setdefault(key, []).append(milliseconds)
            if status != 200:
                errors[key] = errors.get(key, 0) + 1
            elif found_count(endpoint, body):
                answered.setdefault(key, set()).add(query)
    return timings, errors, answered


def report(options, timings, errors, answered, seconds):
    print()
    print(
        f"{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{options.items} items, PostgreSQL, gunicorn {options.workers} sync worker(s), "
        f"one request at a time, {options.rounds} timed rounds after a warm-up, "
        f"{seconds:.0f} s of requests"
    )
    print()
    print("| endpoint | language | queries | requests | p50 ms | p95 ms | max ms | errors |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    verdicts = []
    for endpoint, queries in (("search", SEARCHES), ("suggest", SUGGESTIONS)):
        every = []
        for language in queries:
            values = timings.get((endpoint, language), [])
            every += values
            found = len(answered.get((endpoint, language), ()))
            print(
                f"| {endpoint} | {language} | {found}/{len(queries[language])} found "
                f"| {len(values)} | {percentile(values, 0.5):.0f} | {percentile(values, 0.95):.0f} "
                f"| {max(values):.0f} | {errors.get((endpoint, language), 0)} |"
            )
        total_errors = sum(count for (name, _), count in errors.items() if name == endpoint)
        p95 = percentile(every, 0.95)
        print(
            f"| **{endpoint}** | all | {sum(len(q) for q in queries.values())} | {len(every)} "
            f"| {percentile(every, 0.5):.0f} | {p95:.0f} | {max(every):.0f} | {total_errors} |"
        )
        verdict = "within" if p95 <= GOAL_P95_MS else "over"
        verdicts.append(f"{endpoint} p95 {p95:.0f} ms ({verdict})")
    print()
    print(f"Goal p95 ≤ {GOAL_P95_MS} ms (at 100k items): " + "; ".join(verdicts) + ".")
    nothing = [
        f"{endpoint} {language} {query!r}"
        for endpoint, queries in (("search", SEARCHES), ("suggest", SUGGESTIONS))
        for language, texts in queries.items()
        for query in texts
        if query not in answered.get((endpoint, language), ())
    ]
    if nothing:
        print("Found nothing: " + ", ".join(nothing) + ".")


def port_is_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def main(argv=None):
    options = parse_arguments(argv if argv is not None else sys.argv[1:])
    if not port_is_free(options.port):
        raise SystemExit(f"port {options.port} is in use: choose another with --port")
    started = time.monotonic()
    name, env = prepare_database(options, "bench_search")
    setup_seconds = time.monotonic() - started

    base = f"http://127.0.0.1:{options.port}"
    gunicorn = start_gunicorn(env, options.workers, port=options.port)
    try:
        wait_until_serving(base, gunicorn)
        measuring = time.monotonic()
        timings, errors, answered = measure(base, options.rounds)
        measured_seconds = time.monotonic() - measuring
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        if not options.database_url and not options.keep:
            drop_database(name)

    report(options, timings, errors, answered, measured_seconds)
    print(
        f"Set-up (database, corpus, index, static files): {setup_seconds:.0f} s; "
        f"whole run: {time.monotonic() - started:.0f} s."
    )
    if errors:
        raise SystemExit("some requests did not answer 200")


if __name__ == "__main__":
    main()
