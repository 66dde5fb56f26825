"""The mentors' pages and the search facets on a 320 px phone, and articles on paper.

At 320 CSS pixels nothing scrolls sideways and every control is a target of at least
24 × 24 pixels (WCAG 2.2, 2.5.8), links inside running text excepted, as the rule
allows. Printed, a method keeps its steps, materials and licence and drops the
navigation. With ``SCREENSHOTS=1`` the phone screenshots in ``docs/screenshots/`` are
taken anew (see ``test_responsive.py``).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import demo_group, sign_in
from tests.browser.test_responsive import overflows_sideways, screenshot_folder  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MIN_TARGET = 24

# The controls on the page smaller than the minimum target, as "tag 'text' width×height".
SMALL_TARGETS = """(minimum) => {
  const controls = document.querySelectorAll(
    "main :is(a[href], button, input:not([type=hidden]), select, textarea, summary)"
  );
  const inRunningText = (element) => {
    if (element.tagName !== "A" || getComputedStyle(element).display !== "inline") return false;
    const block = element.closest("p, dd, td");
    return block !== null && block.textContent.trim() !== element.textContent.trim();
  };
  const small = [];
  for (const element of controls) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not rendered (closed <details>)
    if (inRunningText(element)) continue;
    if (box.width < minimum || box.height < minimum) {
      const label = (element.textContent || element.name || element.type).trim().slice(0, 40);
      small.push(`${element.tagName.toLowerCase()} '${label}' ${box.width}×${box.height}`);
    }
  }
  return small;
}"""


@pytest.fixture
def group_urls(demo_site, mentor):
    return {code: demo_group(code).url for code in ("hu", "sl")}


def test_mentor_pages_and_search_facets_fit_a_320_pixel_phone(
    demo_site,
    group_urls,
    phone,
    screenshot_folder,  # noqa: F811
):
    sign_in(phone, f"{demo_site.url}/hu/_util/login/?next={group_urls['hu']}", "mentor_kata")
    expect(phone.locator(".mentor-tools")).to_be_visible()
    shots = {
        ("hu", "write-up"): "writeup-form-phone-hu.png",
        ("hu", "my-write-ups"): "my-writeups-phone-hu.png",
        ("sl", "group"): "group-sessions-phone-sl.png",
    }
    wide, small = [], []
    for code, group_url in group_urls.items():
        pages = {
            "group": group_url,
            "write-up": group_url + "write-up/",
            "my-write-ups": group_url + "my-write-ups/",
            "search": demo_site.pages[code]["search results"],
        }
        for name, path in pages.items():
            phone.goto(demo_site.url + path)
            if (code, name) in shots:
                if name == "group":
                    phone.locator(".planned-sessions").scroll_into_view_if_needed()
                phone.screenshot(path=str(screenshot_folder / shots[code, name]))
            if name == "write-up":
                phone.locator("details summary").tap()  # its fields are checked too
            if overflows_sideways(phone):
                wide.append(path)
            small += [f"{path}: {target}" for target in phone.evaluate(SMALL_TARGETS, MIN_TARGET)]
    assert wide == []
    assert small == [], "\n".join(small)
    for file_name in shots.values():
        assert (screenshot_folder / file_name).stat().st_size > 10_000


def test_a_printed_method_keeps_its_steps_materials_and_licence(demo_site, page):
    page.goto(demo_site("en", "article"))
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".skip-link", "nav"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for heading in ("Materials", "Steps"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator(".steps .step").first).to_be_visible()
    expect(page.locator(".facts dt", has_text="Licence")).to_be_visible()
    expect(page.locator(".facts div", has_text="Licence").locator("dd")).not_to_be_empty()
    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()
