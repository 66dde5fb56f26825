"""Library filters: theme, region (with its parts) and type; combined; shareable; safe."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    MethodologyArticleFactory,
    ProgrammePackageFactory,
    RegionFactory,
    ThemeFactory,
)


@pytest.fixture
def catalogue(site_tree, locales):
    """Items spread over a small region tree and two themes, in Hungarian."""
    hungary = RegionFactory(name="Magyarország", slug="hungary", level="country")
    baranya = RegionFactory(name="Baranya", slug="baranya", level="county", parent=hungary)
    hegyhat = RegionFactory(name="Komló–Hegyhát", slug="komlo-hegyhat", parent=baranya)
    komlo = RegionFactory(name="Komló", slug="komlo", level="settlement", parent=hegyhat)
    heves = RegionFactory(name="Heves", slug="heves", level="county", parent=hungary)
    volunteering = ThemeFactory(name="Önkéntesség", slug="volunteering")
    festivals = ThemeFactory(name="Fesztiválok", slug="festivals")
    methods = site_tree["hu"]["methods"]
    packages = site_tree["hu"]["packages"]
    items = {
        "county_method": MethodologyArticleFactory(
            parent=methods, title="Megyei módszer", regions=[baranya], themes=[volunteering]
        ),
        "settlement_method": MethodologyArticleFactory(
            parent=methods, title="Komlói módszer", regions=[komlo], themes=[festivals]
        ),
        "heves_method": MethodologyArticleFactory(
            parent=methods, title="Hevesi módszer", regions=[heves], themes=[volunteering]
        ),
        "district_package": ProgrammePackageFactory(
            parent=packages, title="Hegyháti csomag", regions=[hegyhat], themes=[volunteering]
        ),
    }
    return items, site_tree


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {node.get_text(strip=True) for node in soup.select(".card-title")}


def methods_url(tree, code="hu"):
    return tree[code]["methods"].url


@pytest.mark.django_db
def test_a_county_finds_the_items_of_its_districts_and_settlements(client, catalogue):
    _items, tree = catalogue
    response = client.get(methods_url(tree), {"region": "baranya"})
    assert titles(response) == {"Megyei módszer", "Komlói módszer"}


@pytest.mark.django_db
def test_a_country_finds_everything_inside_it(client, catalogue):
    _items, tree = catalogue
    response = client.get(methods_url(tree), {"region": "hungary"})
    assert titles(response) == {"Megyei módszer", "Komlói módszer", "Hevesi módszer"}


@pytest.mark.django_db
def test_a_settlement_does_not_find_its_county(client, catalogue):
    _items, tree = catalogue
    assert titles(client.get(methods_url(tree), {"region": "komlo"})) == {"Komlói módszer"}


@pytest.mark.django_db
def test_values_of_one_filter_combine_with_or(client, catalogue):
    _items, tree = catalogue
    response = client.get(methods_url(tree) + "?region=komlo&region=heves")
    assert titles(response) == {"Komlói módszer", "Hevesi módszer"}


@pytest.mark.django_db
def test_different_filters_combine_with_and(client, catalogue):
    _items, tree = catalogue
    response = client.get(methods_url(tree), {"region": "baranya", "theme": "volunteering"})
    assert titles(response) == {"Megyei módszer"}


@pytest.mark.django_db
def test_type_filter_keeps_only_that_type(client, catalogue):
    _items, tree = catalogue
    packages_url = tree["hu"]["packages"].url
    assert titles(client.get(packages_url, {"type": "package"})) == {"Hegyháti csomag"}
    assert titles(client.get(packages_url, {"type": "bundle"})) == set()


@pytest.mark.django_db
def test_filters_apply_in_every_language_by_slug(client, catalogue):
    _items, tree = catalogue
    response = client.get(methods_url(tree, "sl"), {"region": "baranya"})
    assert titles(response) == {"Megyei módszer", "Komlói módszer"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"theme": "no-such-theme"},
        {"region": "atlantis"},
        {"type": "recipe"},
        {"page": "abc"},
        {"page": "0"},
        {"page": "99"},
        {"page": "-1"},
        {"page": "1" * 50},
        {"theme": "x" * 500},
    ],
)
def test_unknown_filter_values_and_pages_are_not_found(client, catalogue, query):
    _items, tree = catalogue
    response = client.get(methods_url(tree), query)
    assert response.status_code == 404


@pytest.mark.django_db
def test_filter_urls_are_shareable_and_pagination_keeps_the_filter(client, site_tree):
    theme = ThemeFactory(name="Önkéntesség", slug="volunteering")
    for number in range(14):
        MethodologyArticleFactory(
            parent=site_tree["hu"]["methods"], title=f"Módszer {number:02d}", themes=[theme]
        )
    url = site_tree["hu"]["methods"].url
    first = client.get(url, {"theme": "volunteering"})
    soup = BeautifulSoup(first.content, "html.parser")
    assert len(soup.select(".card")) == 12
    next_link = soup.select_one('.pagination a[rel="next"]')["href"]
    assert next_link == "?theme=volunteering&page=2"
    second = client.get(url + next_link)
    assert second.status_code == 200
    assert len(BeautifulSoup(second.content, "html.parser").select(".card")) == 2
    checked = BeautifulSoup(second.content, "html.parser").select_one(
        'input[name="theme"][value="volunteering"]'
    )
    assert checked.has_attr("checked")


@pytest.mark.django_db
def test_drafts_and_restricted_items_stay_out_of_listings(client, site_tree):
    MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Nyilvános módszer")
    MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Piszkozat", live=False)
    members = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Tagoknak szóló")
    members.visibility = "members"
    members.save_revision().publish()
    response = client.get(site_tree["hu"]["methods"].url)
    assert titles(response) == {"Nyilvános módszer"}
    assert "Piszkozat" not in response.content.decode()
    assert "Tagoknak" not in response.content.decode()
    assert client.get(members.url).status_code == 302  # login required
