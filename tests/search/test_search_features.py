"""The search page across languages: one result per work, facets, filters, snippets, access."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import MethodologyArticleFactory


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def titles(response):
    return [
        node.get_text(strip=True) for node in soup_of(response).select(".search-result .card-title")
    ]


def facet_counts(response, facet):
    soup = soup_of(response)
    return {
        link["data-value"]: int(link.find_next_sibling(class_="facet-count").get_text())
        for link in soup.select(f'a[data-facet="{facet}"]')
        if link.find_next_sibling(class_="facet-count")
    }


@pytest.mark.django_db
def test_inflected_query_finds_the_base_form_on_the_page(client, library):
    response = client.get("/hu/search/", {"q": "önkéntesekkel"})
    assert set(titles(response)) == {library["festival"].title, library["package"].title}
    assert set(titles(client.get("/hu/search/", {"q": "kozossegi"}))) == {
        library["festival"].title,
        library["package"].title,
    }
    assert titles(client.get("/sl/search/", {"q": "prostovoljcev"})) == [
        library["festival_sl"].title
    ]
    assert titles(client.get("/en/search/", {"q": "volunteering"})) == [
        library["festival_en"].title
    ]


@pytest.mark.django_db
def test_all_languages_show_each_work_once_in_the_readers_language(client, library):
    response = client.get("/en/search/", {"q": "önkéntesekkel", "lang": "all"})
    shown = titles(response)
    # The festival matched in Hungarian but has a live English translation: shown in English.
    assert shown.count(library["festival_en"].title) == 1
    assert library["festival"].title not in shown
    # The package exists only in Hungarian: shown in its source language.
    assert library["package"].title in shown
    festival = next(
        node
        for node in soup_of(response).select(".search-result")
        if library["festival_en"].title in node.get_text()
    )
    also_in = {a["hreflang"] for a in festival.select(".also-in a")}
    assert also_in == {"hu", "sl"}


@pytest.mark.django_db
def test_results_show_type_language_themes_and_regions(client, library):
    response = client.get("/hu/search/", {"q": "ünnep"})
    result = soup_of(response).select_one(".search-result")
    assert result["data-type"] == "method"
    assert result["data-language"] == "hu"
    chips = {chip.get_text(strip=True) for chip in result.select(".chip")}
    assert chips == {"Önkéntesség", "Fesztiválok", "Tata"}


@pytest.mark.django_db
def test_facets_count_results_with_regions_as_a_hierarchy(client, library):
    response = client.get("/hu/search/", {"q": "önkéntes"})
    assert facet_counts(response, "theme") == {"volunteering": 2, "festivals": 1}
    assert facet_counts(response, "region") == {"hungary": 2, "tata": 1, "heves-county": 1}
    assert facet_counts(response, "type") == {"method": 1, "package": 1}
    assert facet_counts(response, "language")["hu"] == 2


@pytest.mark.django_db
def test_filters_combine_or_within_and_across(client, library):
    def shown(**params):
        return set(titles(client.get("/hu/search/", {"q": "önkéntes", **params})))

    festival, package = library["festival"].title, library["package"].title
    assert shown(theme="festivals") == {festival}
    assert shown(theme=["festivals", "volunteering"]) == {festival, package}
    assert shown(theme="volunteering", type="package") == {package}
    assert shown(theme="festivals", type="package") == set()
    assert shown(region="hungary") == {festival, package}  # a region includes its parts
    assert shown(region="tata") == {festival}


@pytest.mark.django_db
def test_snippet_highlights_query_words_and_escapes_the_text(client, site_tree):
    MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"],
        title="Nyári tábor",
        summary="Önkéntesek <script>alert(1)</script> & diákok közös tábora.",
    )
    response = client.get("/hu/search/", {"q": "önkéntes"})
    snippet = soup_of(response).select_one(".result-snippet")
    assert [mark.get_text() for mark in snippet.select("mark")] == ["Önkéntesek"]
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.fixture
def restricted(site_tree):
    page = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Önkéntes titokzatosmarker", summary="Tagoknak."
    )
    page.visibility = "members"
    page.save_revision().publish()
    MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Önkéntes vázlatmarker", live=False
    )
    return page


@pytest.mark.django_db
def test_members_find_members_pages_anonymous_readers_do_not(
    client, library, restricted, django_user_model
):
    anonymous = client.get("/hu/search/", {"q": "önkéntes"})
    html = anonymous.content.decode()
    assert "titokzatosmarker" not in html and "vázlatmarker" not in html
    assert facet_counts(anonymous, "type") == {"method": 1, "package": 1}
    assert client.get("/hu/search/suggest/", {"q": "önkéntes titok"}).json() == {"results": []}

    client.force_login(django_user_model.objects.create_user("tag", "tag@example.org", "pw"))
    member = client.get("/hu/search/", {"q": "önkéntes"})
    assert restricted.title in titles(member)
    assert "vázlatmarker" not in member.content.decode()
    assert facet_counts(member, "type") == {"method": 2, "package": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"q": "önkéntes", "lang": "xx"}, 400),
        ({"q": "önkéntes", "theme": "no-such-theme"}, 400),
        ({"q": "önkéntes", "type": "x" * 81}, 400),
        ({"q": "önkéntes " * 25}, 400),
        ({"q": "a" * 10_000}, 414),
        ({"q": "önkéntes", "x": "y" * 5000}, 414),
        ({"q": "önkéntes", "page": "-1"}, 404),
        ({"q": "", "page": "2"}, 404),
        ({"q": "\u202eönkéntes\u202c"}, 200),
        ({"q": "NOT OR AND NEAR(önkéntes)"}, 200),
    ],
)
def test_odd_input_answers_cleanly(client, library, params, status):
    assert client.get("/hu/search/", params).status_code == status


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
def test_query_count_does_not_grow_with_results(
    client, site_tree, library, django_assert_max_num_queries
):
    def measure():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get("/hu/search/", {"q": "önkéntes", "lang": "all"})  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/hu/search/", {"q": "önkéntes", "lang": "all"})
        assert response.status_code == 200
        return len(queries), len(titles(response))

    few_queries, few = measure()
    for number in range(10):
        MethodologyArticleFactory(
            parent=site_tree["hu"]["methods"], title=f"Önkéntes módszer {number}"
        )
    many_queries, many = measure()
    assert many == few + 10
    assert many_queries == few_queries
    # Two of these record the query's statistics (read and upsert of one counter row).
    with django_assert_max_num_queries(22):
        client.get("/hu/search/", {"q": "önkéntes", "lang": "all"})


@pytest.mark.django_db
def test_suggest_completes_prefixes_with_or_without_accents(client, library):
    for prefix in ["önkén", "onken", "ifjúsági önk"]:
        data = client.get("/hu/search/suggest/", {"q": prefix}).json()
        assert {
            "title": library["package"].title,
            "url": library["package"].url,
            "type": "package",
            "locale": "hu",
        } in data["results"]
    assert client.get("/hu/search/suggest/", {"q": ""}).json() == {"results": []}
    assert client.get("/hu/search/suggest/", {"q": '" * ( )'}).json() == {"results": []}
    assert client.get("/hu/search/suggest/", {"q": "x" * 500}).status_code == 400
