"""Promoted results: pinned per query and language, first, and only when readable."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from search.models import PromotedResult
from tests.factories import MethodologyArticleFactory


def result_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [node.get_text(strip=True) for node in soup.select(".card-title")]


def promoted_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        node.select_one(".card-title").get_text(strip=True)
        for node in soup.select(".search-result--promoted")
    ]


@pytest.fixture
def pinned(library, site_tree):
    """A Hungarian page that does not match ``önkéntes`` pinned for that query."""
    guide = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"],
        title="Kézikönyv a közösségi szervezéshez",
        summary="Lépésről lépésre.",
    )
    PromotedResult.objects.create(query="  Önkéntes ", page=guide)
    return guide


@pytest.mark.django_db
def test_pinned_page_comes_first_for_its_query_and_language(client, library, pinned):
    response = client.get("/hu/search/", {"q": "ÖNKÉNTES"})
    titles = result_titles(response)
    assert titles[0] == pinned.title
    assert promoted_titles(response) == [pinned.title]
    assert library["package"].title in titles[1:]


@pytest.mark.django_db
def test_promotion_is_stored_normalised_in_the_pages_language(pinned):
    promotion = PromotedResult.objects.get()
    assert promotion.query == "onkentes"
    assert promotion.locale.language_code == "hu"


@pytest.mark.django_db
def test_other_languages_and_queries_are_not_affected(client, library, pinned):
    assert pinned.title not in result_titles(client.get("/en/search/", {"q": "volunteers"}))
    assert pinned.title not in result_titles(client.get("/hu/search/", {"q": "múzeum"}))


@pytest.mark.django_db
def test_a_pinned_page_already_in_the_results_is_listed_once(client, library):
    PromotedResult.objects.create(query="önkéntes", page=library["package"], sort_order=0)
    PromotedResult.objects.create(query="önkéntes", page=library["festival"], sort_order=1)
    titles = result_titles(client.get("/hu/search/", {"q": "önkéntes"}))
    assert titles == [library["package"].title, library["festival"].title]


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["members", "draft"])
def test_unreadable_pinned_pages_stay_hidden(client, site_tree, library, state):
    hidden = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Titkoskézikönyv rejtettjelölő"
    )
    if state == "members":
        hidden.visibility = "members"
        hidden.save_revision().publish()
    else:
        hidden.unpublish()
    PromotedResult.objects.create(query="önkéntes", page=hidden)
    response = client.get("/hu/search/", {"q": "önkéntes"})
    assert "rejtettjelölő" not in response.content.decode()
    count = BeautifulSoup(response.content, "html.parser").select_one(".results-count")
    assert count["data-count"] == str(len(result_titles(response)))


@pytest.mark.django_db
def test_members_see_a_pinned_members_page(client, site_tree, library, django_user_model):
    page = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Tagi kézikönyv")
    page.visibility = "members"
    page.save_revision().publish()
    PromotedResult.objects.create(query="önkéntes", page=page)
    client.force_login(django_user_model.objects.create_user("reader", "r@example.org", "pw"))
    assert result_titles(client.get("/hu/search/", {"q": "önkéntes"}))[0] == "Tagi kézikönyv"


@pytest.mark.django_db
def test_editors_manage_promotions_in_the_admin(client, library, django_user_model):
    editor = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    response = client.post(
        "/admin/snippets/site_search/promotedresult/add/",
        {"query": "Önkéntesség!", "page": library["festival"].pk, "sort_order": 0},
    )
    assert response.status_code == 302
    promotion = PromotedResult.objects.get()
    assert (promotion.query, promotion.locale.language_code) == ("onkentesseg", "hu")
    again = client.post(
        "/admin/snippets/site_search/promotedresult/add/",
        {"query": "önkéntesség", "page": library["festival"].pk, "sort_order": 1},
    )
    assert again.status_code == 200
    assert PromotedResult.objects.count() == 1
    empty = client.post(
        "/admin/snippets/site_search/promotedresult/add/",
        {"query": "?!", "page": library["festival"].pk, "sort_order": 1},
    )
    assert empty.status_code == 200
    assert PromotedResult.objects.count() == 1
