"""Every page type renders in every language, with the right language markup."""

import pytest
from bs4 import BeautifulSoup

from knowledge.models import BundlePackage, CollectionItem
from tests.conftest import publish, translate
from tests.factories import (
    CuratedCollectionFactory,
    InstitutionFactory,
    MethodologyArticleFactory,
    ProgrammePackageFactory,
    RegionalBundleFactory,
    ThemeFactory,
)

LANGUAGES = ["hu", "sl", "en"]


@pytest.fixture
def library(site_tree):
    """One item of each type in Hungarian, translated into Slovenian and English."""
    theme = ThemeFactory(name="Önkéntesség", slug="volunteering")
    method = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Célok közös kialakítása", themes=[theme]
    )
    package = ProgrammePackageFactory(
        parent=site_tree["hu"]["packages"],
        title="Bányász örökség séta",
        host=InstitutionFactory(name="Komlói Közösségek Háza"),
    )
    bundle = RegionalBundleFactory(parent=site_tree["hu"]["packages"], title="Hegyháti kínálat")
    bundle.bundle_packages = [BundlePackage(package=package)]
    publish(bundle)
    collection = CuratedCollectionFactory(
        parent=site_tree["hu"]["collections"], title="Önkéntes program kisvárosban"
    )
    collection.items = [CollectionItem(item=method)]
    publish(collection)
    pages = {"method": method, "package": package, "bundle": bundle, "collection": collection}
    translated = {"hu": pages}
    for code in ("sl", "en"):
        translated[code] = {
            name: translate(page, code, title=f"{page.title} [{code}]")
            for name, page in pages.items()
        }
    return translated, site_tree


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("name", ["method", "package", "bundle", "collection"])
def test_library_pages_render_in_every_language(client, library, code, name):
    pages, _tree = library
    page = pages[code][name]
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == code
    assert soup.h1.get_text(strip=True) == page.title
    alternates = {link["hreflang"] for link in soup.select('link[rel="alternate"]')}
    assert alternates == {*LANGUAGES, "x-default"}


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("section", ["home", "methods", "packages", "collections"])
def test_home_and_index_pages_render_in_every_language(client, library, code, section):
    _pages, tree = library
    response = client.get(tree[code][section].url)
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == code


@pytest.mark.django_db
def test_language_switcher_leads_to_the_translation_or_the_home_page(client, library, site_tree):
    pages, _tree = library
    hu_method = pages["hu"]["method"]
    only_hungarian = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Csak magyarul"
    )

    soup = BeautifulSoup(client.get(hu_method.url).content, "html.parser")
    switcher = {a["lang"]: a["href"] for a in soup.select(".language-switcher a")}
    assert switcher == {code: pages[code]["method"].url for code in LANGUAGES}
    names = [a.get_text(strip=True) for a in soup.select(".language-switcher a")]
    assert names == ["Magyar", "Slovenščina", "English"]

    soup = BeautifulSoup(client.get(only_hungarian.url).content, "html.parser")
    switcher = {a["lang"]: a["href"] for a in soup.select(".language-switcher a")}
    assert switcher["sl"] == site_tree["sl"]["home"].url
    assert switcher["en"] == site_tree["en"]["home"].url
    alternates = {link["hreflang"] for link in soup.select('link[rel="alternate"]')}
    assert alternates == {"hu", "x-default"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "expected"), [("sl", "/sl/"), ("en-GB,en;q=0.8", "/en/"), ("de", "/hu/")]
)
def test_root_redirects_by_accept_language(client, site_tree, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
def test_package_page_shows_the_host_in_the_readers_language(client, library):
    pages, _tree = library
    response = client.get(pages["hu"]["package"].url)
    assert "Komlói Közösségek Háza" in response.content.decode()


@pytest.mark.django_db
def test_bundle_lists_its_packages_in_the_bundles_language(client, library):
    pages, _tree = library
    html = client.get(pages["sl"]["bundle"].url).content.decode()
    assert pages["sl"]["package"].title in html
    assert pages["hu"]["package"].url not in html
