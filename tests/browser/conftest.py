"""Fixtures of the browser tests: Debian's Chromium driven by Playwright, and a live site.

The site is the demo content (``demo/content.jsonl``) plus a programme, a mentor group
and a write-up in three languages (``data/groups.jsonl``), imported into the test
database behind pytest-django's ``live_server``. The independent judges (axe-core, the
Nu HTML checker, Lighthouse) come from ``node_modules`` (``npm ci``, run by ``make test``).
"""

import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage"]
NODE_MODULES = ROOT / "node_modules"
DEMO_CONTENT = ROOT / "demo" / "content.jsonl"
GROUPS_CONTENT = Path(__file__).parent / "data" / "groups.jsonl"
LANGUAGES = ("hu", "sl", "en")
SEARCH_WORDS = {"hu": "önkéntes", "sl": "prostovoljci", "en": "volunteer"}
PASSWORD = "egy-hosszú-jelszó-a-próbához"
UPCOMING_TOPICS = {
    "hu": ("Tájházi mesterségek napja", "Közös tervezés a kistérségi kínálatról"),
    "sl": ("Dan obrti v etnografski hiši", "Skupno načrtovanje regionalne ponudbe"),
    "en": ("Crafts day at the village museum", "Planning the regional offer together"),
}


def node_tool(relative_path):
    """A file from the npm packages; their absence is a setup error, not a reason to skip."""
    path = NODE_MODULES / relative_path
    if not path.exists():
        pytest.fail(f"{path} is missing: run `npm ci` (make test does) before the browser tests.")
    return path


@pytest.fixture(scope="session")
def chromium_path():
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM}: `apt-get install chromium` "
            "(.ci/run installs it) to run the browser tests."
        )
    return CHROMIUM


@pytest.fixture
def browser(request, chromium_path):
    """Headless Chromium driven by Playwright (no browser download), for one test.

    While Playwright runs, the test's thread sees other database connections (Django's
    connections are context-local), so the site is built before it starts and the
    browser is closed before the database is reset.
    """
    from playwright.sync_api import sync_playwright

    for name in ("demo_site", "mentor"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class DemoSite:
    """The live server and where each page type lives in each language."""

    url: str
    pages: dict = field(default_factory=dict)

    def __call__(self, code, name):
        return self.url + self.pages[code][name]


def _listing_image():
    """A 1600×900 picture, big enough for every rendition the templates ask for."""
    picture = PillowImage.new("RGB", (1600, 900), "#e3f0ef")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 600, 1600, 900), fill="#0b5d66")
    draw.ellipse((500, 200, 900, 600), fill="#8a4b08")
    draw.ellipse((800, 200, 1200, 600), outline="#1d2a2f", width=24)
    data = io.BytesIO()
    picture.save(data, format="PNG")
    image_model = get_image_model()
    return image_model.objects.create(
        title="Műhelyalkalom", file=ImageFile(data, name="workshop.png")
    )


def _with_image(page, image):
    page.listing_image = image
    page.save_revision().publish()


def _plan_sessions():
    """Two upcoming sessions on each translation of every demo group, as mentors announce them."""
    import datetime

    from django.utils import timezone

    from groups.models import MentorGroup, PlannedSession

    today = timezone.localdate()
    for group in MentorGroup.objects.live().select_related("locale"):
        topics = UPCOMING_TOPICS.get(group.locale.language_code)
        if topics is None:
            continue
        for weeks, topic in enumerate(topics, start=2):
            PlannedSession.objects.create(
                group=group,
                date=today + datetime.timedelta(weeks=weeks),
                start_time=datetime.time(16, 30),
                venue="Közösségi Ház, Magyarhertelend",
                topic=topic,
            )


def _page_catalogue(image):
    """The URL of each page type in each language; some library items get a picture."""
    from groups.models import MentorGroup, Programme, WorkshopWriteUp
    from knowledge.models import (
        CuratedCollection,
        LibraryIndexPage,
        MethodologyArticle,
        ProgrammePackage,
        RegionalBundle,
    )

    pages = {}
    for code in LANGUAGES:
        locale = Locale.objects.get(language_code=code)

        def first(model, locale=locale):
            return model.objects.live().filter(locale=locale).order_by("path").first()

        article, package = first(MethodologyArticle), first(ProgrammePackage)
        for item in (article, package):
            _with_image(item, image)
        methods = LibraryIndexPage.objects.get(
            locale=locale, section=LibraryIndexPage.Section.METHODS
        )
        pages[code] = {
            "home": f"/{code}/",
            "listing": methods.url,
            "filtered listing": f"{methods.url}?theme=volunteering&region=hungary",
            "article": article.url,
            "package": package.url,
            "bundle": first(RegionalBundle).url,
            "collection": first(CuratedCollection).url,
            "programme": first(Programme).url,
            "group": first(MentorGroup).url,
            "write-up": first(WorkshopWriteUp).url,
            "search": f"/{code}/search/",
            "search results": f"/{code}/search/?q={SEARCH_WORDS[code]}",
            "glossary": f"/{code}/glossary/",
        }
    return pages


@pytest.fixture
def demo_site(live_server, django_db_serialized_rollback, settings):
    """The demo library and a mentor group, served live; the database is reset afterwards."""
    from knowledge.importer import run_import

    settings.ROOT_URLCONF = "tests.browser.urls"
    lines = DEMO_CONTENT.read_text(encoding="utf-8").splitlines()
    lines += GROUPS_CONTENT.read_text(encoding="utf-8").splitlines()
    run_import(lines)
    _plan_sessions()
    return DemoSite(url=live_server.url, pages=_page_catalogue(_listing_image()))


def sign_in(tab, url, username, password=PASSWORD):
    """Sign in on the form at ``url`` (the site's or the admin's); it then sends the user on."""
    tab.goto(url)
    tab.locator("input[name=username]").fill(username)
    tab.locator("input[name=password]").fill(password)
    tab.locator("form [type=submit]").last.click()


def demo_group(code):
    from wagtail.models import Locale

    from groups.models import MentorGroup

    locale = Locale.objects.get(language_code=code)
    return MentorGroup.objects.live().filter(locale=locale).order_by("path").first()


@pytest.fixture
def mentor(demo_site, django_user_model):
    """A mentor of the demo group (all its languages), made before the browser starts."""
    from groups.models import GroupMembership
    from groups.roles import assign_role

    user = django_user_model.objects.create_user("mentor_kata", "kata@example.org", PASSWORD)
    assign_role(user, demo_group("hu"), GroupMembership.Role.MENTOR)
    return user


@pytest.fixture
def page(browser):
    """A fresh browser tab (own cookies and storage) at a desktop size, under the site's CSP."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def phone(browser):
    """A fresh tab the size of a small phone: 320 CSS pixels wide, touch, high density."""
    context = browser.new_context(
        viewport={"width": 320, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    tab = context.new_page()
    yield tab
    context.close()
