"""A listing reads its matches up to one page past the page shown, never every match.

Up to that limit the count is exact; beyond it the page says "more than" and links on.
Drafts and restricted items never count, whether the count is exact or bounded.
"""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from knowledge.listing import COUNTED_PAGES_AHEAD, PAGE_SIZE
from tests.factories import MethodologyArticleFactory

# Page 1 reads up to this many matches: itself and the pages counted ahead.
FIRST_LIMIT = (1 + COUNTED_PAGES_AHEAD) * PAGE_SIZE


def page_of(client, section, number=None):
    response = client.get(section.url, {"page": number} if number else {})
    soup = BeautifulSoup(response.content, "html.parser") if response.status_code == 200 else None
    return response, soup


def heading(soup):
    return soup.select_one("#results-heading").get_text(" ", strip=True)


def position(soup):
    node = soup.select_one('.pagination [aria-current="page"]')
    return node.get_text(" ", strip=True) if node else None


def next_link(soup):
    node = soup.select_one('.pagination a[rel="next"]')
    return node["href"] if node else None


def methods(site_tree, number, **fields):
    return [
        MethodologyArticleFactory(parent=site_tree["en"]["methods"], title=f"Method {n}", **fields)
        for n in range(number)
    ]


@pytest.mark.django_db
def test_a_long_listing_says_more_than_and_every_page_is_reached(client, site_tree):
    total = FIRST_LIMIT + PAGE_SIZE // 2
    methods(site_tree, total)
    section = site_tree["en"]["methods"]

    response, first = page_of(client, section)
    assert heading(first) == f"More than {FIRST_LIMIT} items"
    assert position(first) == f"Page 1 of more than {1 + COUNTED_PAGES_AHEAD}"
    assert len(first.select(".card")) == PAGE_SIZE
    assert next_link(first) == "?page=2"

    # Further on, the rest lies within the limit: the count is exact again.
    last_number = -(-total // PAGE_SIZE)
    response, last = page_of(client, section, str(last_number))
    assert heading(last) == f"{total} items"
    assert position(last) == f"Page {last_number} of {last_number}"
    assert len(last.select(".card")) == total - (last_number - 1) * PAGE_SIZE
    assert next_link(last) is None

    response, _soup = page_of(client, section, str(last_number + 1))
    assert response.status_code == 404


@pytest.mark.django_db
def test_following_next_links_shows_every_item_once(client, site_tree):
    created = methods(site_tree, FIRST_LIMIT + 3)
    section = site_tree["en"]["methods"]
    seen, url = [], section.url
    while url:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        seen += [node.get_text(strip=True) for node in soup.select(".card-title")]
        link = next_link(soup)
        url = section.url + link if link else None
    assert sorted(seen) == sorted(page.title for page in created)


@pytest.mark.django_db
def test_a_short_listing_is_counted_exactly(client, site_tree):
    methods(site_tree, PAGE_SIZE + 1)
    response, soup = page_of(client, site_tree["en"]["methods"])
    assert heading(soup) == f"{PAGE_SIZE + 1} items"
    assert position(soup) == "Page 1 of 2"


@pytest.mark.django_db
def test_drafts_and_restricted_items_never_count(client, site_tree):
    """At exactly the limit, one counted draft or restricted item would say "more than"."""
    methods(site_tree, FIRST_LIMIT)
    section = site_tree["en"]["methods"]
    MethodologyArticleFactory(parent=section, title="Draft", live=False)
    members = MethodologyArticleFactory(parent=section, title="Members only")
    members.visibility = "members"
    members.save_revision().publish()
    closed = MethodologyArticleFactory(parent=section, title="Behind a login")
    PageViewRestriction.objects.create(page=closed, restriction_type="login")
    below = MethodologyArticleFactory(parent=closed, title="Below the login")

    _response, soup = page_of(client, section)
    assert heading(soup) == f"{FIRST_LIMIT} items"
    assert position(soup) == f"Page 1 of {FIRST_LIMIT // PAGE_SIZE}"
    shown = set()
    for number in range(1, FIRST_LIMIT // PAGE_SIZE + 1):
        _response, soup = page_of(client, section, str(number))
        shown |= {node.get_text(strip=True) for node in soup.select(".card-title")}
    assert not shown & {"Draft", "Members only", "Behind a login", below.title}
