"""A filtered listing downloads as CSV and JSON with the listing's items, public ones only."""

import csv
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import KnowledgePage
from tests.conftest import publish, translate
from tests.factories import MethodologyArticleFactory, RegionFactory, ThemeFactory


@pytest.fixture
def listing(site_tree):
    volunteering = ThemeFactory(slug="volunteering", name="Önkéntesség")
    festivals = ThemeFactory(slug="festivals", name="Fesztiválok")
    baranya = RegionFactory(slug="baranya", name="Baranya", level="county")
    methods = site_tree["hu"]["methods"]
    items = {
        "welcome": MethodologyArticleFactory(
            parent=methods,
            title="Önkéntesek köszöntése",
            summary='=HYPERLINK("x") nem képlet',
            themes=[volunteering],
            regions=[baranya],
        ),
        "festival": MethodologyArticleFactory(parent=methods, title="Falunap", themes=[festivals]),
        "members": MethodologyArticleFactory(
            parent=methods, title="Tagoknak szóló módszer", themes=[volunteering]
        ),
    }
    items["members"].visibility = KnowledgePage.Visibility.MEMBERS
    publish(items["members"])
    translate(items["welcome"], "sl", title="Pozdrav prostovoljcem")
    return site_tree, items


@pytest.mark.django_db
def test_csv_holds_the_filtered_items_with_documented_columns(client, listing):
    tree, items = listing
    response = client.get(tree["hu"]["methods"].url, {"theme": "volunteering", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    assert [record["title"] for record in records] == ["Önkéntesek köszöntése"]
    record = records[0]
    assert record["url"] == f"http://testserver{items['welcome'].url}"
    assert record["type"] == "method"
    assert record["language"] == "hu"
    assert record["shown_in_source_language"] == "false"
    assert record["themes"] == "volunteering"
    assert record["regions"] == "baranya"
    assert record["summary"].startswith("'=HYPERLINK")
    documented = (settings.BASE_DIR / "docs" / "listing-downloads.md").read_text(encoding="utf-8")
    for column in records[0]:
        assert f"| `{column}` |" in documented


@pytest.mark.django_db
def test_json_follows_the_language_and_its_fallback(client, listing):
    tree, _items = listing
    data = client.get(tree["sl"]["methods"].url, {"format": "json"}).json()
    by_title = {item["title"]: item for item in data["items"]}
    assert data["count"] == 2
    assert by_title["Pozdrav prostovoljcem"]["language"] == "sl"
    assert by_title["Falunap"]["shown_in_source_language"] is True
    assert "Tagoknak szóló módszer" not in by_title


@pytest.mark.django_db
def test_restricted_items_never_appear(client, listing):
    tree, _items = listing
    for export_format in ("csv", "json"):
        response = client.get(tree["hu"]["methods"].url, {"format": export_format})
        assert "Tagoknak" not in response.content.decode("utf-8-sig")


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"format": "xml"}, {"format": "csv", "theme": "nope"}])
def test_bad_format_or_filter_is_404(client, listing, params):
    tree, _items = listing
    assert client.get(tree["hu"]["methods"].url, params).status_code == 404


@pytest.mark.django_db
def test_listing_links_its_downloads_with_the_filters(client, listing):
    tree, _items = listing
    html = client.get(tree["hu"]["methods"].url, {"theme": "festivals"}).content.decode()
    assert 'href="?theme=festivals&amp;format=csv"' in html
    assert 'href="?theme=festivals&amp;format=json"' in html


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
def test_download_queries_do_not_grow_with_the_number_of_items(client, site_tree):
    theme = ThemeFactory(slug="volunteering")
    url = site_tree["hu"]["methods"].url

    def count():
        client.get(url, {"format": "json"})
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"format": "json"})
        assert response.status_code == 200
        return len(captured)

    for _number in range(2):
        MethodologyArticleFactory(parent=site_tree["hu"]["methods"], themes=[theme])
    few = count()
    for _number in range(8):
        MethodologyArticleFactory(parent=site_tree["hu"]["methods"], themes=[theme])
    assert count() == few
