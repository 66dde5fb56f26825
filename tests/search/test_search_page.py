"""The first search page: public, live content in the reader's language, safe with any input."""

import pytest
from bs4 import BeautifulSoup

from tests.conftest import translate
from tests.factories import MethodologyArticleFactory


def result_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {node.get_text(strip=True) for node in soup.select(".card-title")}


@pytest.fixture
def articles(site_tree):
    public = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"],
        title="Fesztivál szervezése helyi partnerekkel",
        summary="Hogyan építsünk közösségi fesztivált önkéntesekkel.",
    )
    translate(public, "sl", title="Organizacija festivala z lokalnimi partnerji")
    MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Fesztivál piszkozat zárvatitok", live=False
    )
    restricted = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Fesztivál tagoknak rejtettszó"
    )
    restricted.visibility = "members"
    restricted.save_revision().publish()
    return site_tree


@pytest.mark.django_db
def test_finds_public_live_content_in_the_readers_language(client, articles):
    response = client.get("/hu/search/", {"q": "fesztivál"})
    assert response.status_code == 200
    assert result_titles(response) == {"Fesztivál szervezése helyi partnerekkel"}


@pytest.mark.django_db
def test_other_languages_are_searched_in_their_own_path(client, articles):
    response = client.get("/sl/search/", {"q": "festivala"})
    assert result_titles(response) == {"Organizacija festivala z lokalnimi partnerji"}
    # A Hungarian word is not analysed as Slovenian (``fesztivál`` would find it through
    # the synonyms list, which bridges languages on purpose).
    assert result_titles(client.get("/sl/search/", {"q": "szervezése"})) == set()


@pytest.mark.django_db
@pytest.mark.parametrize("marker", ["zárvatitok", "rejtettszó", "piszkozat", "tagoknak"])
def test_drafts_and_restricted_pages_never_appear(client, articles, marker):
    response = client.get("/hu/search/", {"q": marker})
    html = response.content.decode()
    assert response.status_code == 200
    assert result_titles(response) == set()
    assert "Fesztivál piszkozat zárvatitok" not in html
    assert "Fesztivál tagoknak rejtettszó" not in html
    count = BeautifulSoup(html, "html.parser").select_one(".results-count")["data-count"]
    assert count == "0"


@pytest.mark.django_db
def test_results_are_not_indexed_by_search_engines(client, articles):
    response = client.get("/hu/search/", {"q": "fesztivál"})
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 200),
        ('" : * ( ) & | ! <->', 200),
        ("<script>alert(1)</script>", 200),
        ("שלום עולם", 200),
        ("e\u0301\u0301\u0301", 200),
        ("a" * 201, 400),
        ("fesztivál\x00", 400),
    ],
)
def test_odd_queries_answer_cleanly_and_are_echoed_escaped(client, articles, query, status):
    response = client.get("/hu/search/", {"q": query})
    assert response.status_code == status
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "0", "999"])
def test_bad_page_numbers_are_not_found(client, articles, page):
    assert client.get("/hu/search/", {"q": "fesztivál", "page": page}).status_code == 404
