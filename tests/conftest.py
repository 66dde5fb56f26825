"""Shared fixtures: the three locales and the site skeleton in each language."""

import pytest
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Locale

from knowledge.models import LibraryIndexPage
from knowledge.site_structure import ensure_locales, ensure_structure, home_for, section_for


@pytest.fixture(autouse=True)
def _clean_cache_and_language():
    cache.clear()
    yield
    cache.clear()
    translation.activate("hu")


@pytest.fixture
def page_cache_off(settings):
    """For tests that measure rendering: with the page cache on, a repeated read is a hit
    and costs no query at all."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the skeleton once per test database; each test's own writes are rolled back."""
    with django_db_blocker.unblock():
        ensure_structure()


@pytest.fixture
def locales(db):
    # A transactional test before this one may have flushed the migrations' locales.
    ensure_locales()
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def site_tree(locales):
    """Home pages and library sections in hu, sl and en, as the importer builds them."""
    tree = {}
    for code, locale in locales.items():
        tree[code] = {
            "home": home_for(locale),
            "methods": section_for(locale, LibraryIndexPage.Section.METHODS),
            "packages": section_for(locale, LibraryIndexPage.Section.PACKAGES),
            "collections": section_for(locale, LibraryIndexPage.Section.COLLECTIONS),
        }
    return tree


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page, code, **fields):
    """A published translation of ``page`` (parents must already be translated)."""
    translated = page.copy_for_translation(Locale.objects.get(language_code=code))
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return publish(translated)


def pytest_terminal_summary(terminalreporter):
    """Print the Lighthouse scores of tests/browser (here, so pytest-xdist's controller runs it)."""
    rows = [
        value
        for report in terminalreporter.stats.get("passed", [])
        + terminalreporter.stats.get("failed", [])
        if report.when == "call"
        for name, value in getattr(report, "user_properties", [])
        if name == "lighthouse"
    ]
    if not rows:
        return
    terminalreporter.section("Lighthouse (mobile emulation)")
    categories = ("performance", "accessibility", "best-practices", "seo")
    terminalreporter.write_line(f"{'page':<40}" + "".join(f"{c:>16}" for c in categories))
    for row in rows:
        scores = "".join(f"{row['scores'][c]:>16}" for c in categories)
        terminalreporter.write_line(f"{row['page']:<40}{scores}")
