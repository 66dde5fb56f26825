"""How fast ``import_content`` takes a large file: ``python -m benchmarks.import_speed --items N``.

``make bench-import ITEMS=10000`` runs it. It writes a valid JSON Lines file of N items
(themes, regions, institutions, a programme and its groups, then methods, packages and
workshop write-ups: a Hungarian source each, about six in ten with a Slovenian and four
in ten with an English translation, written from the real words of
``benchmarks.generate_corpus``; a few drafts, members-only and group-only items,
featured items, bundles and collections), then imports it into a fresh PostgreSQL
database of its own (and, with ``--sqlite``, into a fresh SQLite file too), imports it
a second time (every line unchanged), and drops the database.

For each run it prints the wall-clock seconds, items per second, the CPU seconds of the
import process (steadier than wall-clock time on a shared machine) and its peak resident
memory. The goal is 10,000 new items in at most 60 s on PostgreSQL. Nothing here runs in
the test suite.
"""

import argparse
import datetime
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate_corpus import LANGUAGES, TRANSLATED_SHARE, WORDS
from benchmarks.load import create_database, drop_database, environment

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GOAL_SECONDS = 60
GOAL_ITEMS = 10_000

THEMES = {
    "volunteering": ("Önkéntesség", "Prostovoljstvo", "Volunteering"),
    "digital-skills": ("Digitális készségek", "Digitalne veščine", "Digital skills"),
    "festivals": ("Fesztiválok", "Festivali", "Festivals"),
    "partnerships": ("Partnerségek", "Partnerstva", "Partnerships"),
    "local-heritage": ("Helyi örökség", "Lokalna dediščina", "Local heritage"),
    "mentor-networks": ("Mentorhálózatok", "Mentorske mreže", "Mentor networks"),
    "reflective-practice": ("Reflektív gyakorlat", "Refleksivna praksa", "Reflective practice"),
    "community-development": ("Közösségfejlesztés", "Razvoj skupnosti", "Community development"),
}
# slug, level, parent slug, names in hu, sl, en
REGIONS = [
    ("hungary", "country", None, ("Magyarország", "Madžarska", "Hungary")),
    ("baranya", "county", "hungary", ("Baranya vármegye", "Županija Baranja", "Baranya county")),
    ("komlo-hegyhat", "district", "baranya", ("Komló–Hegyhát", "Komló–Hegyhát", "Komló–Hegyhát")),
    ("heves-county", "county", "hungary", ("Heves vármegye", "Županija Heves", "Heves county")),
    ("tata", "district", "hungary", ("Tatai járás", "Okraj Tata", "Tata district")),
    ("slovenia", "country", None, ("Szlovénia", "Slovenija", "Slovenia")),
    ("podravska", "county", "slovenia", ("Podravska régió", "Podravska", "Podravska region")),
]
INSTITUTIONS = [
    ("house", "cultural-centre", ("Közösségi Ház", "Kulturni dom", "Community House")),
    ("library", "library", ("Városi Könyvtár", "Mestna knjižnica", "Town Library")),
    ("school", "school", ("Általános Iskola", "Osnovna šola", "Primary School")),
]
GROUPS = 8
TYPE_MIX = (("method", 0.45), ("package", 0.25), ("writeup", 0.30))


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=GOAL_ITEMS, help="lines of the file")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (repeatable)")
    parser.add_argument("--sqlite", action="store_true", help="import into SQLite as well")
    parser.add_argument("--file", default="", help="write the file here and keep it")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    return parser.parse_args(argv)


class FileWriter:
    """Lines of the import format, each work in Hungarian first, then its translations."""

    def __init__(self, rng):
        self.rng = rng
        self.lines = []
        self.works = {kind: {code: [] for code in LANGUAGES} for kind, _share in TYPE_MIX}
        self.featured = dict.fromkeys(LANGUAGES, 0)

    def add(self, **fields):
        self.lines.append({key: value for key, value in fields.items() if value is not None})

    def translated(self, type_name, key, code, source_key, **fields):
        self.add(
            type=type_name,
            key=f"{key}:{code}",
            locale=code,
            translation_of=None if code == "hu" else f"{source_key}:hu",
            **fields,
        )

    def taxonomy(self):
        for slug, names in THEMES.items():
            for code, name in zip(LANGUAGES, names, strict=True):
                self.translated(
                    "theme", f"theme:{slug}", code, f"theme:{slug}", title=name, slug=slug
                )
        for slug, level, parent, names in REGIONS:
            for code, name in zip(LANGUAGES, names, strict=True):
                self.translated(
                    "region",
                    f"region:{slug}",
                    code,
                    f"region:{slug}",
                    title=name,
                    slug=slug,
                    level=level,
                    parent=f"region:{parent}:{code}" if parent else None,
                )
        for slug, kind, names in INSTITUTIONS:
            for code, name in zip(LANGUAGES, names, strict=True):
                self.translated(
                    "institution",
                    f"institution:{slug}",
                    code,
                    f"institution:{slug}",
                    title=name,
                    kind=kind,
                    settlement="komlo-hegyhat",
                )

    def groups(self):
        for code in LANGUAGES:
            self.translated(
                "programme",
                "programme:mentoring",
                code,
                "programme:mentoring",
                title={"hu": "Csoportos mentorálás", "sl": "Skupinsko mentorstvo"}.get(
                    code, "Group mentoring"
                ),
                summary=WORDS[code]["sentences"][2],
                aims=WORDS[code]["sentences"][:2],
            )
        for number in range(1, GROUPS + 1):
            region = ["komlo-hegyhat", "heves-county", "tata", "podravska"][number % 4]
            for code in LANGUAGES:
                title, sentences = self.text(code, number)
                self.translated(
                    "group",
                    f"group:{number}",
                    code,
                    f"group:{number}",
                    title=title,
                    programme=f"programme:mentoring:{code}",
                    region=region,
                    themes=self.rng.sample(sorted(THEMES), 2),
                    summary=sentences[0],
                    goal=sentences[1],
                )

    def text(self, code, number):
        words = WORDS[code]
        pick = random.Random(number)  # the same work reads alike in every language
        adjective, noun = pick.choice(words["adjectives"]), pick.choice(words["nouns"])
        return f"{adjective.capitalize()} {noun} {number}", pick.sample(words["sentences"], 3)

    def body(self, code, sentences):
        words = WORDS[code]
        return (
            f"## {sentences[0]}\n\n{sentences[1]} **{words['nouns'][0]}**\n\n"
            f"- {words['nouns'][1]}\n- {words['nouns'][2]}\n\n{sentences[2]}"
        )

    def work(self, kind, number, codes):
        """A method, package or write-up with the translations in ``codes``."""
        themes = self.rng.sample(sorted(THEMES), 2)
        region = self.rng.choice(["komlo-hegyhat", "heves-county", "tata"])
        visibility = self.rng.choices(["public", "members", "group"], [94, 3, 3])[0]
        if visibility == "group" and kind != "writeup":
            visibility = "members"
        live = self.rng.random() > 0.05
        group = self.rng.randint(1, GROUPS)
        for code in codes:
            title, sentences = self.text(code, number)
            fields = {
                "title": title,
                "summary": sentences[0],
                "body": self.body(code, sentences),
                "themes": themes,
                "regions": [region if code != "sl" else "podravska"],
                "keywords": self.rng.sample(WORDS[code]["nouns"], 2),
                "visibility": None if visibility == "public" else visibility,
                "live": None if live else False,
            }
            if live and visibility == "public" and self.featured[code] < 3:
                self.featured[code] += 1
                fields["featured"] = True
            earlier = self.works[kind][code]
            if kind == "method":
                fields.update(
                    purpose=sentences[1],
                    audience=WORDS[code]["nouns"][number % 10],
                    duration_minutes=30 + number % 4 * 30,
                    materials=WORDS[code]["nouns"][:2],
                    steps=[
                        {"title": WORDS[code]["nouns"][step], "minutes": 15, "text": sentence}
                        for step, sentence in enumerate(sentences[:2])
                    ],
                    adapted_from=earlier[-1] if earlier and number % 10 == 0 else None,
                )
            elif kind == "package":
                fields.update(
                    host=f"institution:{self.rng.choice(INSTITUTIONS)[0]}:{code}",
                    season=self.rng.choice(["all-year", "spring", "summer", "autumn"]),
                    capacity=10 + number % 30,
                    combines_with=[earlier[-1]] if earlier and number % 5 == 0 else None,
                )
            else:
                methods = self.works["method"][code]
                fields.update(
                    group=f"group:{group}:{code}",
                    date=(
                        datetime.date(2025, 1, 1) + datetime.timedelta(days=number % 700)
                    ).isoformat(),
                    session_number=number % 12 + 1,
                    participants=8 + number % 20,
                    what_we_did=sentences[1],
                    methods=[methods[-1]] if methods else None,
                    visibility=None if visibility == "public" else visibility,
                )
                fields.pop("regions")
            self.translated(kind, f"{kind}:{number}", code, f"{kind}:{number}", **fields)
            self.works[kind][code].append(f"{kind}:{number}:{code}")

    def curation(self, number):
        """A regional bundle of recent packages and a collection of recent items, per language."""
        for code in ("hu", "sl", "en"):
            packages = self.works["package"][code][-3:]
            items = self.works["method"][code][-2:] + packages[-1:]
            if len(packages) < 3 or len(items) < 3:
                return 0
            title, sentences = self.text(code, number)
            self.translated(
                "bundle",
                f"bundle:{number}",
                code,
                f"bundle:{number}",
                title=title,
                summary=sentences[0],
                region="komlo-hegyhat" if code != "sl" else "podravska",
                packages=packages,
            )
            self.translated(
                "collection",
                f"collection:{number}",
                code,
                f"collection:{number}",
                title=title,
                summary=sentences[1],
                items=items,
            )
        return 6


def write_file(path, items, seed=2026):
    """A valid import file of ``items`` lines at ``path``; returns the count of lines by type."""
    rng = random.Random(seed)
    writer = FileWriter(rng)
    writer.taxonomy()
    writer.groups()
    names, weights = zip(*TYPE_MIX, strict=True)
    number = 1
    while len(writer.lines) < items:
        left = items - len(writer.lines)
        if number % 500 == 0 and left > 6 and writer.curation(number):
            number += 1
            continue
        codes = ["hu"] + [code for code, share in TRANSLATED_SHARE.items() if rng.random() < share]
        writer.work(rng.choices(names, weights)[0], number, codes[:left])
        number += 1
    lines = writer.lines[:items]
    with open(path, "w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    counts = {}
    for line in lines:
        counts[line["type"]] = counts.get(line["type"], 0) + 1
    return counts


def run_measured(command, env):
    """Run ``command``; its wall seconds, CPU seconds and peak resident memory (MiB)."""
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        print(output)
        raise SystemExit(f"{' '.join(command)} failed with {process.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def measure(label, database_url, path, items):
    env = environment(database_url)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env=env, cwd=ROOT, check=True
    )
    print(f"importing {items} items into {label}", flush=True)
    command = [PYTHON, "manage.py", "import_content", str(path)]
    first = run_measured(command, env)
    print(first[3].strip().splitlines()[-1], flush=True)
    again = run_measured(command, env)
    return label, first, again


def main(argv=None):
    options = parse_arguments(argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(options.file) if options.file else Path(scratch) / "import.jsonl"
        counts = write_file(path, options.items, options.seed)
        print(f"{path}: {options.items} lines, {path.stat().st_size / 2**20:.1f} MiB, {counts}")
        results = []
        name = f"bench_import_{datetime.datetime.now():%Y%m%d_%H%M%S}"
        create_database(name)
        try:
            results.append(
                measure(
                    "PostgreSQL", f"postgres://postgres@127.0.0.1:5432/{name}", path, options.items
                )
            )
        finally:
            if not options.keep:
                drop_database(name)
        if options.sqlite:
            sqlite_path = Path(scratch) / "import.sqlite3"
            results.append(measure("SQLite", f"sqlite:///{sqlite_path}", path, options.items))

    print()
    print(
        f"{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{options.items} new items, production settings"
    )
    print()
    print("| database | items | seconds | items/s | CPU s | peak MiB | again, unchanged: seconds |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, (seconds, cpu, memory, _out), (again, _cpu, _memory, _out2) in results:
        print(
            f"| {label} | {options.items} | {seconds:.1f} | {options.items / seconds:.0f} "
            f"| {cpu:.1f} | {memory:.0f} | {again:.1f} |"
        )
    postgres = results[0][1][0]
    if options.items >= GOAL_ITEMS:
        verdict = "met" if postgres * GOAL_ITEMS / options.items <= GOAL_SECONDS else "not met"
        print(f"\ngoal: {GOAL_ITEMS} items in {GOAL_SECONDS} s on PostgreSQL: {verdict}")


if __name__ == "__main__":
    main()
