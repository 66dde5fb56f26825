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
