"""The README's capacity estimate is the one its benchmark table and assumptions give."""

from benchmarks.capacity import README, markdown, measured_rates


def test_the_readme_shows_the_current_estimate():
    """Fails when the benchmark table changes: run ``python -m benchmarks.capacity`` again."""
    readme = README.read_text()
    assert markdown(readme) in readme


def test_the_estimate_reads_the_measured_table():
    readme = README.read_text()
    rates = measured_rates(readme)
    assert {"home", "listing (filtered)", "article", "package", "search"} <= set(rates)
    faster = readme.replace(f"| article | {rates['article']:.0f} |", "| article | 1000 |", 1)
    assert measured_rates(faster)["article"] == 1000
    assert markdown(faster) != markdown(readme)


def test_tables_of_the_benchmarks_subsections_are_not_read_as_rates():
    """A subsection (search latency in ms, for one) has rows named like page classes."""
    readme = README.read_text()
    rates = measured_rates(readme)
    with_subsection = readme.replace(
        "\n## Load under", "\n### Latency\n\n| search | 999 |\n\n## Load under", 1
    )
    assert "| search | 999 |" in with_subsection
    assert measured_rates(with_subsection) == rates
