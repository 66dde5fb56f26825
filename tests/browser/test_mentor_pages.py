"""The mentors' own pages, signed in, before the independent judges: axe and the Nu checker.

The group page (with its mentor tools and upcoming sessions), the write-up form, the
same form sent back with errors, and "my write-ups", in hu, sl and en. The anonymous
pages added with them (upcoming sessions, listing downloads, search facets) are among
the page types of ``test_axe.py`` and ``test_html_validity.py``.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LANGUAGES, demo_group, sign_in
from tests.browser.test_axe import axe_violations, describe
from tests.browser.test_html_validity import nu_errors

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def group_urls(demo_site, mentor):
    return {code: demo_group(code).url for code in LANGUAGES}


def test_mentor_pages_pass_axe_and_the_nu_checker_in_every_language(
    demo_site, group_urls, page, tmp_path
):
    sign_in(page, f"{demo_site.url}/hu/_util/login/?next={group_urls['hu']}", "mentor_kata")
    expect(page.locator(".mentor-tools")).to_be_visible()
    problems, files = [], {}

    def judge(name, path, html):
        problems.extend(describe(path, violation) for violation in axe_violations(page))
        file = tmp_path / f"{name}.html"
        file.write_text(html, encoding="utf-8")
        files[file.name] = path

    for code, group_url in group_urls.items():
        for name, path in {
            "group": group_url,
            "write-up": group_url + "write-up/",
            "my-write-ups": group_url + "my-write-ups/",
        }.items():
            response = page.goto(demo_site.url + path)
            assert response.status == 200, f"{path} answered {response.status}"
            if name == "group":
                expect(page.locator(".mentor-tools")).to_be_visible()
                expect(page.locator(".planned-sessions li")).to_have_count(2)
            judge(f"{code}-{name}", path, response.text())

        # The form sent back with its errors announced: no date, nothing about the session.
        page.goto(demo_site.url + group_url + "write-up/")
        page.locator("#id_date").fill("")
        with page.expect_response(lambda answer: answer.request.method == "POST") as posted:
            page.locator(".mentor-form [type=submit]").click()
        assert posted.value.status == 200
        expect(page.locator(".form-error[role=alert]")).to_be_visible()
        expect(page.locator(".errorlist")).to_have_count(2)
        judge(f"{code}-write-up-errors", group_url + "write-up/ (errors)", posted.value.text())

    assert len(files) == 3 * 4
    assert problems == [], "\n".join(problems)
    report = [
        f"{files[error['url'].rsplit('/', 1)[-1]]} line {error.get('lastLine')}: {error['message']}"
        for error in nu_errors(sorted(tmp_path.glob("*.html")))
    ]
    assert report == [], "\n".join(report)
