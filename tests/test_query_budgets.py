"""Every public page class serves with a fixed number of SQL queries, at most QUERY_BUDGET.

Each case renders one page class with few related items, then with many more, and
asserts that the number of queries is the same and within the budget. Counts are taken
as in steady state but without any page or fragment cache: the first request makes
the image renditions and fills per-process caches, then every cache is cleared and
only the taxonomy cache and Wagtail's site root paths are filled again, as they are
on a running site.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Site

from knowledge.taxonomy_cache import taxonomy
from tests.query_budget_library import SEARCH_WORD, BudgetLibrary

QUERY_BUDGET = 15
FEW = 2
MORE = 4


@dataclass
class Case:
    name: str
    grower: str
    url: Callable[[BudgetLibrary], str]

    def __str__(self):
        return self.name


def translation_url(page, code):
    return page.get_translation(Locale.objects.get(language_code=code)).url


CASES = [
    Case("home-hu", "grow_library", lambda lib: lib.home.url),
    Case("home-sl", "grow_library", lambda lib: lib.tree["sl"]["home"].url),
    Case("listing-hu", "grow_library", lambda lib: lib.tree["hu"]["methods"].url),
    Case("listing-sl", "grow_library", lambda lib: lib.tree["sl"]["methods"].url),
    Case(
        "listing-filtered",
        "grow_library",
        lambda lib: lib.tree["hu"]["methods"].url + "?theme=volunteering&region=baranya",
    ),
    Case("article", "grow_article", lambda lib: lib.article.url),
    Case("article-sl", "grow_article", lambda lib: translation_url(lib.article, "sl")),
    Case("package", "grow_package", lambda lib: lib.package.url),
    Case("bundle", "grow_bundle", lambda lib: lib.bundle.url),
    Case("collection", "grow_collection", lambda lib: lib.collection.url),
    Case("programme", "grow_programme", lambda lib: lib.programme.url),
    Case("group", "grow_group", lambda lib: lib.group.url),
    Case("writeup", "grow_writeup", lambda lib: lib.writeup.url),
    Case("search", "grow_library", lambda lib: f"/hu/search/?q={SEARCH_WORD}"),
    Case("search-all", "grow_library", lambda lib: f"/sl/search/?q={SEARCH_WORD}&lang=all"),
    Case("suggest", "grow_library", lambda lib: f"/hu/search/suggest/?q={SEARCH_WORD[:4]}"),
    Case("api-list", "grow_library", lambda lib: "/api/v2/pages/?locale=hu"),
    *[
        Case(f"api-list-{code}", "grow_api", lambda lib, code=code: api_list(code))
        for code in ("method", "package", "collection", "writeup")
    ],
    Case("api-detail-collection", "grow_collection", lambda lib: api_detail(lib.collection)),
    Case("api-detail-bundle", "grow_bundle", lambda lib: api_detail(lib.bundle)),
    Case("api-detail-package", "grow_package", lambda lib: api_detail(lib.package)),
    Case("api-detail-writeup", "grow_writeup", lambda lib: api_detail(lib.writeup)),
    Case("feed", "grow_library", lambda lib: "/hu/feed/"),
    Case("sitemap", "grow_library", lambda lib: "/sitemap.xml"),
    Case("glossary", "grow_glossary", lambda lib: "/hu/glossary/"),
    Case("group-calendar", "grow_calendar", lambda lib: f"{lib.group.url}calendar/"),
    Case("programme-calendar", "grow_programme", lambda lib: f"{lib.programme.url}calendar/"),
]


def api_list(type_code):
    return f"/api/v2/pages/?type={type_code}&fields=*"


def api_detail(page):
    return f"/api/v2/pages/{page.pk}/"


def clear_caches_as_in_steady_state():
    """No page or fragment cache; the taxonomy and Wagtail's site root paths warm."""
    for cache in caches.all():
        cache.clear()
    Site.get_site_root_paths()
    for locale in Locale.objects.all():
        taxonomy(locale.pk)


def queries_for(client, url):
    """The SQL of one anonymous request to ``url``, taken in steady state, and the body."""
    warm = client.get(url)  # renditions made, per-process caches filled
    assert warm.status_code == 200, url
    clear_caches_as_in_steady_state()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries], response.content


def listing(queries):
    return "\n".join(f"{number}. {sql}" for number, sql in enumerate(queries, 1))


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.parametrize("case", CASES, ids=str)
def test_queries_do_not_depend_on_the_number_of_items(client, site_tree, locales, case):
    library = BudgetLibrary(site_tree, locales)
    grow = getattr(library, case.grower)
    grow(FEW)
    with_few, few_body = queries_for(client, case.url(library))
    grow(MORE)
    with_many, many_body = queries_for(client, case.url(library))
    print(f"\n{case.name}: {len(with_few)} -> {len(with_many)}")
    assert len(many_body) > len(few_body), "the added items are not shown"
    assert len(with_many) == len(with_few), listing(with_many)
    assert len(with_many) <= QUERY_BUDGET, listing(with_many)
