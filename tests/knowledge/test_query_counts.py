"""The number of queries on the home page and listings does not grow with the library."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import HomeFeaturedItem
from tests.conftest import publish, translate
from tests.factories import MethodologyArticleFactory, RegionFactory, ThemeFactory

QUERY_BUDGET = 30

# What rendering costs, not what a page-cache hit costs.
pytestmark = pytest.mark.usefixtures("page_cache_off")


def add_items(tree, count, themes, regions):
    items = []
    for _number in range(count):
        item = MethodologyArticleFactory(
            parent=tree["hu"]["methods"], themes=themes, regions=regions
        )
        translate(item, "sl", title=f"{item.title} (sl)")
        items.append(item)
    return items


def queries_for(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths)
    cache.clear()
    client.get(url)  # taxonomy cache filled again, as after any edit
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_of",
    [
        lambda tree: tree["hu"]["home"].url,
        lambda tree: tree["sl"]["home"].url,
        lambda tree: tree["hu"]["methods"].url,
        lambda tree: tree["sl"]["methods"].url,
        lambda tree: tree["hu"]["methods"].url + "?theme=volunteering&region=baranya",
    ],
    ids=["home-hu", "home-sl", "listing-hu", "listing-sl", "listing-filtered"],
)
def test_queries_do_not_grow_with_the_number_of_items(client, site_tree, url_of):
    themes = [ThemeFactory(slug="volunteering"), ThemeFactory(slug="festivals")]
    regions = [RegionFactory(slug="baranya", level="county")]
    home = site_tree["hu"]["home"]
    url = url_of(site_tree)

    few = add_items(site_tree, 2, themes, regions)
    home.featured_items = [HomeFeaturedItem(item=item) for item in few]
    publish(home)
    with_few = queries_for(client, url)

    many = few + add_items(site_tree, 10, themes, regions)
    home.featured_items = [HomeFeaturedItem(item=item) for item in many[:6]]
    publish(home)
    with_many = queries_for(client, url)

    assert with_many == with_few
    assert with_many <= QUERY_BUDGET
