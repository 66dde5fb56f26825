"""A regional bundle downloads as a PDF offer catalogue of the packages a reader may see."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from knowledge.models import BundlePackage, KnowledgePage, ProgrammePackage, Region
from tests.conftest import publish, translate
from tests.factories import (
    InstitutionFactory,
    ProgrammePackageFactory,
    RegionalBundleFactory,
    RegionFactory,
    ThemeFactory,
)

TRANSLATED = {
    "hu": "Bányász hagyományok őrzése",
    "sl": "Rudarska dediščina in čipke",
    "en": "Mining heritage",
}
ONLY_HUNGARIAN = "Fűzfavesszőből font kosár"
FALLBACK_NOTE = "Not yet translated; shown in the original: %(language)s"


def pdf_text(response):
    """The PDF's text, whitespace folded, as a reader's tool would extract it."""
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdf_url(bundle):
    return f"{bundle.url}pdf/"


def in_language(code, message, **values):
    with translation.override(code):
        return translation.gettext(message) % values


def people_in_slovenian(count):
    with translation.override("sl"):
        return translation.ngettext("%(people)s person", "%(people)s people", count) % {
            "people": count
        }


def attach(bundle, *packages):
    """The packages in the order given, as an editor orders them in the bundle's panel."""
    for order, package in enumerate(packages):
        BundlePackage.objects.create(bundle=bundle, package=package, sort_order=order)
    return publish(bundle)


@pytest.fixture
def packages(site_tree):
    """A package translated into sl and en, and one in Hungarian only."""
    translated = ProgrammePackageFactory(parent=site_tree["hu"]["packages"], title=TRANSLATED["hu"])
    for code in ("sl", "en"):
        translate(translated, code, title=TRANSLATED[code])
    only_hungarian = ProgrammePackageFactory(
        parent=site_tree["hu"]["packages"], title=ONLY_HUNGARIAN
    )
    return translated, only_hungarian


@pytest.mark.django_db
def test_pdf_is_an_attachment_named_after_the_slug(client, site_tree, packages):
    bundle = attach(
        RegionalBundleFactory(parent=site_tree["hu"]["packages"], slug="komloi-kinalat"),
        *packages,
    )
    response = client.get(pdf_url(bundle))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="komloi-kinalat.pdf"'
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == bundle.title


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["hu", "sl", "en"])
def test_packages_are_in_the_readers_language_and_fallbacks_are_marked(
    client, site_tree, packages, code
):
    bundle = attach(
        RegionalBundleFactory(parent=site_tree["hu"]["packages"], title="Komlói kínálat"),
        *packages,
    )
    if code != "hu":
        bundle = translate(bundle, code, title=f"Ponudba Komló–Hegyhát ({code})")
    text = pdf_text(client.get(pdf_url(bundle)))

    assert bundle.title in text
    assert TRANSLATED[code] in text
    assert ONLY_HUNGARIAN in text
    assert not any(TRANSLATED[other] in text for other in TRANSLATED if other != code)
    note = in_language(code, FALLBACK_NOTE, language="Magyar")
    assert text.count(note) == (0 if code == "hu" else 1)
    if code != "hu":
        # The note sits with the Hungarian-only package, not with the translated one.
        assert text.index(ONLY_HUNGARIAN) < text.index(note)
        assert text.index(TRANSLATED[code]) < text.index(ONLY_HUNGARIAN)


@pytest.mark.django_db
def test_catalogue_carries_the_offer_facts_named_in_the_readers_language(
    client, site_tree, locales
):
    section = site_tree["hu"]["packages"]
    region = RegionFactory(name="Komló–Hegyhát", slug="komlo-hegyhat")
    region_sl = region.copy_for_translation(locales["sl"])
    region_sl.name = "Komló–Hegyhát (sl)"
    region_sl.save()
    settlement = RegionFactory(name="Mánfa", slug="manfa", level=Region.Level.SETTLEMENT)
    host = InstitutionFactory(name="Mánfai Művelődési Ház", settlement=settlement)
    host_sl = host.copy_for_translation(locales["sl"])
    host_sl.name = "Kulturni dom Mánfa"
    host_sl.save()
    theme = ThemeFactory(name="Helyi örökség", slug="local-heritage")
    theme_sl = theme.copy_for_translation(locales["sl"])
    theme_sl.name = "Lokalna dediščina"
    theme_sl.save()
    package = ProgrammePackageFactory(
        parent=section,
        title="Erdei tábor",
        summary="Három nap az erdőben.",
        audience="Általános iskolások",
        duration="3 nap",
        capacity=24,
        price_band=ProgrammePackage.PriceBand.LOW,
        contact="tabor@example.org",
        host=host,
        themes=[theme],
    )
    bundle = RegionalBundleFactory(
        parent=section, title="Komlói kínálat", summary="Programok a térségből.", region=region
    )
    bundle = translate(attach(bundle, package), "sl", title="Ponudba Komló")

    text = pdf_text(client.get(pdf_url(bundle)))
    for expected in (
        "Ponudba Komló",
        "Komló–Hegyhát (sl)",
        "Erdei tábor",
        "Három nap az erdőben.",
        "Általános iskolások",
        "3 nap",
        people_in_slovenian(24),
        in_language("sl", "Low"),
        "tabor@example.org",
        "Kulturni dom Mánfa, Mánfa",
        "Lokalna dediščina",
        f"http://testserver{package.url}",
        f"http://testserver{bundle.url}",
    ):
        assert expected in text, (expected, text)
    assert "Mánfai Művelődési Ház" not in text and "Helyi örökség" not in text


@pytest.mark.django_db
def test_restricted_and_draft_packages_never_reach_the_pdf(client, site_tree):
    section = site_tree["hu"]["packages"]
    public = ProgrammePackageFactory(parent=section, title="Nyilvános csomag")
    members = ProgrammePackageFactory(parent=section, title="Tagicsomagjelzo")
    members.visibility = KnowledgePage.Visibility.MEMBERS
    publish(members)
    group_only = ProgrammePackageFactory(parent=section, title="Csoportcsomagjelzo")
    group_only.visibility = KnowledgePage.Visibility.GROUP
    publish(group_only)
    password = ProgrammePackageFactory(parent=section, title="Jelszocsomagjelzo")
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="titok"
    )
    draft = ProgrammePackageFactory.build(title="Vazlatcsomagjelzo")
    section.add_child(instance=draft)
    draft.unpublish()
    bundle = attach(
        RegionalBundleFactory(parent=section), public, members, group_only, password, draft
    )

    response = client.get(pdf_url(bundle))
    text = pdf_text(response)
    assert "Nyilvános csomag" in text
    for marker in (
        "Tagicsomagjelzo",
        "Csoportcsomagjelzo",
        "Jelszocsomagjelzo",
        "Vazlatcsomagjelzo",
    ):
        assert marker not in text
        assert marker.encode() not in response.content
    reader = PdfReader(io.BytesIO(response.content))
    assert [item.title for item in reader.outline] == ["Nyilvános csomag"]


@pytest.mark.django_db
def test_a_restricted_bundle_answers_as_its_page(client, site_tree, packages):
    section = site_tree["hu"]["packages"]
    bundle = RegionalBundleFactory(parent=section, title="Tagikinalatjelzo")
    bundle.visibility = KnowledgePage.Visibility.MEMBERS
    bundle = attach(bundle, *packages)

    page_response = client.get(bundle.url)
    pdf_response = client.get(pdf_url(bundle))
    assert page_response.status_code == pdf_response.status_code == 302
    assert "login" in pdf_response["Location"]
    assert b"Tagikinalatjelzo" not in pdf_response.content

    client.force_login(get_user_model().objects.create_user("tag", password="x"))
    assert client.get(pdf_url(bundle))["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_a_draft_bundle_has_no_pdf(client, site_tree, packages):
    bundle = RegionalBundleFactory.build(title="Vazlatkinalat")
    site_tree["hu"]["packages"].add_child(instance=bundle)
    bundle.unpublish()
    assert client.get(pdf_url(bundle)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("tail", ["pdf/extra/", "pdfx/", "pdf.pdf/", "pdf/%00/", "pdf/../../"])
def test_bad_route_input_is_not_found(client, site_tree, packages, tail):
    bundle = attach(RegionalBundleFactory(parent=site_tree["hu"]["packages"]), *packages)
    response = client.get(f"{bundle.url}{tail}")
    assert response.status_code == 404


@pytest.mark.django_db
def test_odd_characters_in_a_package_still_make_a_pdf(client, site_tree):
    package = ProgrammePackageFactory(
        parent=site_tree["hu"]["packages"],
        title="Kosárfonás\x07 \u2014 ünnep 🎉",
        summary="Első sor\r\nmásodik\tsor " + "hosszúszóhosszúszóhosszúszó" * 8,
        contact="https://example.org/" + "a" * 150,
    )
    bundle = attach(RegionalBundleFactory(parent=site_tree["hu"]["packages"]), package)
    response = client.get(pdf_url(bundle))
    assert response.status_code == 200
    assert "Kosárfonás" in pdf_text(response)


@pytest.mark.django_db
def test_an_empty_bundle_says_so(client, site_tree):
    bundle = publish(RegionalBundleFactory(parent=site_tree["sl"]["packages"], title="Prazna"))
    text = pdf_text(client.get(pdf_url(bundle)))
    assert in_language("sl", "No packages have been added yet.") in text


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["hu", "sl", "en"])
def test_the_bundle_page_links_to_its_pdf(client, site_tree, packages, code):
    bundle = attach(RegionalBundleFactory(parent=site_tree["hu"]["packages"]), *packages)
    if code != "hu":
        bundle = translate(bundle, code, title=f"Bundle {code}")
    soup = BeautifulSoup(client.get(bundle.url).content, "html.parser")
    link = soup.select_one("a.download-pdf")
    assert link["href"] == pdf_url(bundle)
    assert link.get_text(strip=True) == in_language(code, "Download as PDF")
    assert link.get_text(strip=True) != "Download as PDF" or code == "en"


def _queries(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths)
    cache.clear()
    client.get(url)  # the taxonomy cache filled again, as after any edit
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_packages(client, site_tree):
    """Translated, fallback and hosted packages alike, in a Slovenian bundle."""
    theme = ThemeFactory(slug="festivals")
    host = InstitutionFactory()

    def bundle_of(count):
        chosen = []
        for _number in range(count):
            package = ProgrammePackageFactory(
                parent=site_tree["hu"]["packages"], host=host, themes=[theme]
            )
            translate(package, "sl", title=f"{package.title} (sl)")
            chosen.append(package)
        chosen.append(
            ProgrammePackageFactory(parent=site_tree["hu"]["packages"], host=InstitutionFactory())
        )
        return attach(RegionalBundleFactory(parent=site_tree["sl"]["packages"]), *chosen)

    with_few = _queries(client, pdf_url(bundle_of(2)))
    with_many = _queries(client, pdf_url(bundle_of(8)))
    assert with_many == with_few
