"""Every place that shows chosen items falls back to the original, marked; dates follow the reader.

Bundles' package lists, related-item blocks, curated collections, "combines with" and
the home page's featured and latest items, in Hungarian, Slovenian and English.
"""

import datetime

import pytest
from bs4 import BeautifulSoup

from knowledge.models import BundlePackage, CollectionItem, HomeFeaturedItem
from tests.conftest import publish, translate
from tests.factories import (
    CuratedCollectionFactory,
    MethodologyArticleFactory,
    ProgrammePackageFactory,
    RegionalBundleFactory,
)

TRANSLATED_TITLES = {"sl": "Rudarska dediščina", "en": "Mining heritage"}


def cards_of(response, selector=".card"):
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        card.select_one(".card-title").get_text(strip=True): card for card in soup.select(selector)
    }


def is_marked_fallback(card, language):
    return (
        "card--fallback" in card["class"]
        and card.select_one(".fallback-note") is not None
        and card.select_one(".card-title span")["lang"] == language
    )


@pytest.fixture
def two_packages(site_tree):
    """A package translated into sl and en, and one that exists in Hungarian only."""
    translated = ProgrammePackageFactory(
        parent=site_tree["hu"]["packages"], title="Bányász hagyományok"
    )
    for code, title in TRANSLATED_TITLES.items():
        translate(translated, code, title=title)
    only_hungarian = ProgrammePackageFactory(
        parent=site_tree["hu"]["packages"], title="Kenyérsütés a faluházban"
    )
    return translated, only_hungarian


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["sl", "en"])
def test_bundle_lists_translated_packages_and_falls_back_marked(
    client, site_tree, two_packages, code
):
    translated, only_hungarian = two_packages
    bundle = RegionalBundleFactory(parent=site_tree["hu"]["packages"], title="Komlói kínálat")
    for package in two_packages:
        BundlePackage.objects.create(bundle=bundle, package=package)
    publish(bundle)
    bundle_translation = translate(bundle, code, title=f"Bundle {code}")

    cards = cards_of(client.get(bundle_translation.url))
    assert set(cards) == {TRANSLATED_TITLES[code], "Kenyérsütés a faluházban"}
    assert not is_marked_fallback(cards[TRANSLATED_TITLES[code]], "hu")
    assert is_marked_fallback(cards["Kenyérsütés a faluházban"], "hu")


@pytest.mark.django_db
def test_hungarian_bundle_shows_hungarian_titles_unmarked(client, site_tree, two_packages):
    bundle = RegionalBundleFactory(parent=site_tree["hu"]["packages"])
    for package in two_packages:
        BundlePackage.objects.create(bundle=bundle, package=package)
    publish(bundle)
    cards = cards_of(client.get(bundle.url))
    assert set(cards) == {"Bányász hagyományok", "Kenyérsütés a faluházban"}
    assert not any("card--fallback" in card["class"] for card in cards.values())


@pytest.mark.django_db
def test_chosen_translation_that_is_not_live_falls_back_to_the_original(client, site_tree):
    source = ProgrammePackageFactory(parent=site_tree["hu"]["packages"], title="Eredeti csomag")
    draft = source.copy_for_translation(site_tree["sl"]["packages"].locale)
    draft.title = "Osnutek"
    draft.live = False
    draft.save()
    bundle = RegionalBundleFactory(parent=site_tree["sl"]["packages"], title="Ponudba")
    BundlePackage.objects.create(bundle=bundle, package=draft)
    publish(bundle)
    cards = cards_of(client.get(bundle.url))
    assert set(cards) == {"Eredeti csomag"}
    assert is_marked_fallback(cards["Eredeti csomag"], "hu")


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["hu", "sl", "en"])
def test_related_items_block_follows_the_reader(client, site_tree, two_packages, code):
    translated, only_hungarian = two_packages
    article = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Módszer")
    article.body = [("related", {"title": "Kapcsolódó", "pages": [translated, only_hungarian]})]
    publish(article)
    shown = article if code == "hu" else translate(article, code, title=f"Method {code}")

    cards = cards_of(client.get(shown.url), ".related .card")
    expected_title = TRANSLATED_TITLES.get(code, "Bányász hagyományok")
    assert set(cards) == {expected_title, "Kenyérsütés a faluházban"}
    assert not is_marked_fallback(cards[expected_title], "hu")
    assert is_marked_fallback(cards["Kenyérsütés a faluházban"], "hu") == (code != "hu")


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["sl", "en"])
def test_curated_collection_items_fall_back_marked(client, site_tree, two_packages, code):
    collection = CuratedCollectionFactory(parent=site_tree["hu"]["collections"])
    for package in two_packages:
        CollectionItem.objects.create(collection=collection, item=package, note="Miért")
    publish(collection)
    shown = translate(collection, code, title=f"Collection {code}")
    cards = cards_of(client.get(shown.url))
    assert set(cards) == {TRANSLATED_TITLES[code], "Kenyérsütés a faluházban"}
    assert is_marked_fallback(cards["Kenyérsütés a faluházban"], "hu")


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["sl", "en"])
def test_home_featured_and_latest_fall_back_marked(client, site_tree, two_packages, code):
    translated, only_hungarian = two_packages
    home = site_tree[code]["home"]
    HomeFeaturedItem.objects.create(home=home, item=only_hungarian, sort_order=0)
    HomeFeaturedItem.objects.create(home=home, item=translated, sort_order=1)
    soup = BeautifulSoup(client.get(home.url).content, "html.parser")
    featured = soup.find("section", attrs={"aria-labelledby": "featured-heading"})
    latest = soup.find("section", attrs={"aria-labelledby": "latest-heading"})
    featured_titles = [t.get_text(strip=True) for t in featured.select(".card-title")]
    assert featured_titles == ["Kenyérsütés a faluházban", TRANSLATED_TITLES[code]]
    assert "card--fallback" in featured.select(".card")[0]["class"]
    latest_cards = {
        card.select_one(".card-title").get_text(strip=True): card for card in latest.select(".card")
    }
    assert {"Kenyérsütés a faluházban", TRANSLATED_TITLES[code]} <= set(latest_cards)
    assert "Bányász hagyományok" not in latest_cards
    assert is_marked_fallback(latest_cards["Kenyérsütés a faluházban"], "hu")


@pytest.mark.django_db
def test_combines_with_is_sorted_by_the_title_shown(client, site_tree):
    first_in_hungarian = ProgrammePackageFactory(parent=site_tree["hu"]["packages"], title="Alma")
    translate(first_in_hungarian, "sl", title="Zelenjava")
    second_in_hungarian = ProgrammePackageFactory(parent=site_tree["hu"]["packages"], title="Béka")
    translate(second_in_hungarian, "sl", title="Čebela")
    untranslated = ProgrammePackageFactory(parent=site_tree["hu"]["packages"], title="Mák")
    package = ProgrammePackageFactory(parent=site_tree["hu"]["packages"], title="Fő csomag")
    package.combines_with.set([first_in_hungarian, second_in_hungarian, untranslated])
    publish(package)
    slovenian = translate(package, "sl", title="Glavni paket")

    soup = BeautifulSoup(client.get(slovenian.url).content, "html.parser")
    titles = [t.get_text(strip=True) for t in soup.select(".card-title")]
    # Č sorts beside C, before M and Z; the untranslated package keeps its own title.
    assert titles == ["Čebela", "Mák", "Zelenjava"]
    hungarian = BeautifulSoup(client.get(package.url).content, "html.parser")
    assert [t.get_text(strip=True) for t in hungarian.select(".card-title")] == [
        "Alma",
        "Béka",
        "Mák",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "expected"),
    [("hu", "2026. november 23."), ("sl", "23. november 2026"), ("en", "Nov. 23, 2026")],
)
def test_dates_follow_the_reader_language(client, site_tree, code, expected):
    article = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Módszer")
    article.review_date = datetime.date(2026, 11, 23)
    publish(article)
    shown = article if code == "hu" else translate(article, code, title=f"Method {code}")
    soup = BeautifulSoup(client.get(shown.url).content, "html.parser")
    review = soup.find("time", attrs={"datetime": "2026-11-23"})
    assert review.get_text(strip=True) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "month"), [("hu", "november"), ("sl", "november"), ("en", "Nov.")]
)
def test_cards_show_the_publication_date_in_the_reader_language(client, site_tree, code, month):
    article = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Friss módszer")
    article.first_published_at = datetime.datetime(2026, 11, 23, 10, tzinfo=datetime.UTC)
    article.save()
    soup = BeautifulSoup(client.get(site_tree[code]["methods"].url).content, "html.parser")
    date = soup.select_one(".card-date time").get_text(strip=True)
    expected = {"hu": "2026. november 23.", "sl": "23. november 2026", "en": "Nov. 23, 2026"}
    assert date == expected[code]
    assert month in date
