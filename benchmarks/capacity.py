"""Instances needed at 100× and 10,000× today's audience: ``python -m benchmarks.capacity``.

Reads the measured requests per second of each page class from the README's
"Benchmarks" table (one gunicorn instance: two sync workers on two cores, nothing
cached) and combines them with the assumptions below, each named and stated once.
It prints the Markdown that the README's "Capacity estimate" shows; when the
benchmark table is refreshed, run it again and paste its output (a test fails
while the README's copy is out of date).
"""

import math
import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"

# Assumptions (the estimate's inputs besides the benchmark table).
AUDIENCE_TODAY = 300  # "a few hundred professionals" in five Hungarian regions and Slovenia
PEAK_HOUR_ACTIVE_SHARE = 0.20  # share of the audience on the site in the busiest hour
REQUESTS_PER_ACTIVE_SECOND = 1 / 20  # pages, suggestions, feeds, API: one every 20 s
BURST = 3  # busiest minute over the busiest hour's average
READ_CLASSES = ("home", "listing (filtered)", "article", "package")
MIX = {"reads": 0.90, "search": 0.08, "edits": 0.02}  # as in `make load-mixed`
EDIT_COST_FACTOR = 2  # an edit (draft, revision, workflow) costs twice the slowest read
CACHEABLE_SHARE = 0.70  # anonymous reads; search, signed-in pages and edits never are
HIT_RATIO = {1: 0.50, 100: 0.90, 10_000: 0.95}  # front cache and page cache together
TARGET_UTILISATION = 0.60  # headroom for latency and a spike
SPARE_INSTANCES = 1  # one instance may fail or be replaced during a release


def measured_rates(readme_text):
    """Requests per second of each page class in the README's "Benchmarks" table."""
    section = readme_text.split("\n## Benchmarks", 1)[1].split("\n## ", 1)[0]
    section = section.split("\n### ", 1)[0]  # its subsections' tables measure other things
    rates = {}
    for row in re.findall(r"^\| ([a-z][^|]*?) \| (\d+(?:\.\d+)?) \|", section, re.M):
        rates[row[0]] = float(row[1])
    return rates


def request_costs(rates):
    """Seconds of one instance that each class takes per request of the mix."""
    read_share = MIX["reads"] / len(READ_CLASSES)
    costs = {name: read_share / rates[name] for name in READ_CLASSES}
    costs["search"] = MIX["search"] / rates["search"]
    slowest_read = min(rates[name] for name in READ_CLASSES)
    costs["edits"] = MIX["edits"] / (slowest_read / EDIT_COST_FACTOR)
    return costs


def estimate(rates):
    capacity = 1 / sum(request_costs(rates).values())
    rows = []
    for scale, hit_ratio in HIT_RATIO.items():
        audience = AUDIENCE_TODAY * scale
        demand = audience * PEAK_HOUR_ACTIVE_SHARE * REQUESTS_PER_ACTIVE_SECOND * BURST
        origin = demand * (1 - CACHEABLE_SHARE * hit_ratio)
        busy = origin / (capacity * TARGET_UTILISATION)
        rows.append(
            {
                "scale": scale,
                "audience": audience,
                "demand": demand,
                "hit_ratio": hit_ratio,
                "origin": origin,
                "busy": busy,
                "instances": math.ceil(busy) + SPARE_INSTANCES,
            }
        )
    return capacity, rows


def markdown(readme_text):
    rates = measured_rates(readme_text)
    capacity, rows = estimate(rates)
    costs = request_costs(rates)
    terms = " + ".join(f"{cost * 1000:.2f}" for cost in costs.values())
    lines = [
        f"Uncached capacity of one instance for the mix: 1 s ÷ ({terms} ms) "
        f"= **{capacity:.1f} req/s**.",
        "",
        "| audience | people | peak demand req/s | hit ratio | origin req/s "
        "| instances busy | instances (+ spare) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        label = "today" if row["scale"] == 1 else f"{row['scale']:,}×"
        lines.append(
            f"| {label} | {row['audience']:,} | {row['demand']:,.0f} | {row['hit_ratio']:.2f} "
            f"| {row['origin']:,.0f} | {row['busy']:,.1f} | **{row['instances']:,}** |"
        )
    return "\n".join(lines) + "\n"


def main():
    sys.stdout.write(markdown(README.read_text()))


if __name__ == "__main__":
    main()
