"""The Nu HTML checker (vnu.jar): no errors in the HTML of any page type, in any language."""

import json
import subprocess

import pytest

from tests.browser.conftest import LANGUAGES, node_tool

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def nu_errors(paths):
    """The checker's errors for files, checked in one run of Java (it refuses loopback URLs)."""
    command = ["java", "-jar", str(node_tool("vnu-jar/build/dist/vnu.jar"))]
    command += ["--errors-only", "--format", "json", *map(str, paths)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    messages = json.loads(finished.stderr)["messages"]
    assert finished.returncode == (1 if messages else 0), finished.stderr
    return messages


def test_every_page_type_is_valid_html(demo_site, page, tmp_path):
    files = {}
    for code in LANGUAGES:
        for name, path in demo_site.pages[code].items():
            response = page.goto(demo_site.url + path)
            assert response.status == 200, f"{path} answered {response.status}"
            file = tmp_path / f"{code}-{name.replace(' ', '-')}.html"
            file.write_text(response.text(), encoding="utf-8")
            files[file.name] = path
    assert len(files) == 3 * 13
    errors = nu_errors(sorted(tmp_path.glob("*.html")))
    report = [
        f"{files[error['url'].rsplit('/', 1)[-1]]} line {error.get('lastLine')}: {error['message']}"
        for error in errors
    ]
    assert report == [], "\n".join(report)


def test_the_checker_reports_invalid_html(tmp_path):
    """The judge is awake: an unclosed element and a duplicate id are errors."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a">one<p id="a">two<div></body></html>'
    )
    messages = {error["message"] for error in nu_errors([broken])}
    assert any("Duplicate ID" in message for message in messages)
    assert any("Unclosed element" in message for message in messages)
