"""Readers' journeys in a real browser: browsing, searching, switching language by keyboard."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def result_titles(page):
    return page.locator(".card-title").all_inner_texts()


def test_browse_the_methods_by_theme_then_region(demo_site, page):
    page.goto(demo_site("en", "home"))
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Methods"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Methods")
    everything = page.locator(".card").count()

    page.get_by_role("checkbox", name="Volunteering").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"\?(.*&)?theme=volunteering"))
    by_theme = result_titles(page)
    assert 0 < len(by_theme) < everything
    for card in page.locator(".card").all():
        expect(card.locator(".chip--theme", has_text="Volunteering")).to_have_count(1)

    page.get_by_role("checkbox", name="Tata District").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(
        re.compile(r"theme=volunteering.*region=tata|region=tata.*theme=volunteering")
    )
    expect(page.get_by_role("heading", name="1 item")).to_be_visible()
    assert result_titles(page) == [
        "From school community service to a committed volunteer community"
    ]
    assert set(result_titles(page)) <= set(by_theme)

    page.get_by_role("link", name="Clear filters").click()
    assert page.locator(".card").count() == everything


def test_search_refine_and_switch_language_with_the_keyboard(demo_site, page):
    page.goto(demo_site("en", "home"))
    page.get_by_label("Search methods, packages and write-ups").fill("volunteer")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search/\?q=volunteer$"))
    first = result_titles(page)
    assert "Starting a volunteer programme in a small town" in first

    # Refine with the type facet: only methods remain, the query is kept.
    page.locator('.facets a[data-facet="type"][data-value="method"]').click()
    expect(page).to_have_url(re.compile(r"/en/search/\?q=volunteer&type=method$"))
    refined = result_titles(page)
    assert 0 < len(refined) <= len(first)
    assert set(refined) <= set(first) or len(first) >= 12  # a subset, unless paginated
    types = page.locator(".search-result").evaluate_all("items => items.map(i => i.dataset.type)")
    assert set(types) == {"method"}

    switcher = page.get_by_role("navigation", name="Language")
    links = switcher.get_by_role("link")
    expect(links).to_have_text(["Magyar", "Slovenščina", "English"])
    assert [links.nth(i).get_attribute("lang") for i in range(3)] == ["hu", "sl", "en"]
    expect(switcher.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")

    # Reach the switcher from the top of the page with Tab alone, then follow it with Enter.
    page.locator("body").focus()
    for _step in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Slovenščina":
            break
    else:
        pytest.fail("The Slovenian link of the language switcher is not reachable by Tab.")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/sl/search/\?q=volunteer&type=method$"))
    expect(page.locator("html")).to_have_attribute("lang", "sl")
    expect(page.get_by_role("searchbox").first).to_have_value("volunteer")
    expect(page.get_by_role("navigation", name="Jezik")).to_be_visible()


def test_skip_link_is_the_first_stop_and_leads_to_the_content(demo_site, page):
    page.goto(demo_site("hu", "article"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Ugrás a tartalomra")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
