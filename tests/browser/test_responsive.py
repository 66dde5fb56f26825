"""Phone-sized screens and pictures: nothing scrolls sideways at 320 px, images are responsive.

With ``SCREENSHOTS=1`` the README's screenshots in ``docs/screenshots/`` are taken anew;
otherwise they go to a temporary folder, so an ordinary run changes no tracked file.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# (language, page type, file name, phone-sized?)
SCREENSHOTS = [
    ("hu", "home", "home-hu.png", False),
    ("en", "listing", "listing-en.png", False),
    ("sl", "article", "method-sl.png", False),
    ("en", "search results", "search-en.png", False),
    ("hu", "group", "group-hu.png", False),
    ("en", "write-up", "writeup-phone-en.png", True),
]


@pytest.fixture
def screenshot_folder(tmp_path):
    if os.environ.get("SCREENSHOTS") == "1":
        return ROOT / "docs" / "screenshots"
    return tmp_path


def overflows_sideways(page):
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_no_page_type_scrolls_sideways_on_a_320_pixel_phone(demo_site, phone):
    wide = []
    for code in ("hu", "en"):
        for path in demo_site.pages[code].values():
            phone.goto(demo_site.url + path)
            if overflows_sideways(phone):
                wide.append(path)
    assert wide == []


def test_cards_and_articles_use_responsive_webp_renditions(demo_site, page):
    page.goto(demo_site("en", "listing"))
    card_image = page.locator(".card-image").first
    expect(card_image).to_have_attribute("loading", "lazy")
    srcset = card_image.get_attribute("srcset")
    candidates = [candidate.split() for candidate in srcset.split(", ")]
    assert [width for _url, width in candidates] == ["480w", "960w"]
    assert all(url.endswith(".webp") for url, _width in candidates)
    assert card_image.get_attribute("width") == "480"
    assert card_image.get_attribute("height") == "270"
    card_image.scroll_into_view_if_needed()
    expect(card_image).to_have_js_property("complete", True)
    current = urlsplit(card_image.evaluate("image => image.currentSrc")).path
    assert current in {url for url, _w in candidates}
    assert card_image.evaluate("image => image.naturalWidth") > 0

    page.goto(demo_site("en", "article"))
    header_image = page.locator(".header-image")
    assert header_image.get_attribute("srcset").count(".webp") == 2
    assert header_image.get_attribute("width") == "640"
    assert header_image.evaluate("image => image.currentSrc").endswith(".webp")
    assert header_image.evaluate("image => image.naturalWidth") > 0


def test_screenshots_of_the_key_pages(demo_site, browser, screenshot_folder):
    for code, name, file_name, phone_sized in SCREENSHOTS:
        viewport = {"width": 390, "height": 844} if phone_sized else {"width": 1280, "height": 900}
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        tab = context.new_page()
        tab.goto(demo_site(code, name))
        tab.evaluate("document.fonts.ready")
        path = Path(screenshot_folder) / file_name
        tab.screenshot(path=str(path), full_page=False)
        context.close()
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert path.stat().st_size > 10_000
