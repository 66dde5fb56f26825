"""RSS per language and per theme: the feed's language, absolute links, public items only."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import KnowledgePage
from tests.conftest import publish, translate
from tests.factories import MethodologyArticleFactory, ThemeFactory


@pytest.fixture
def themes(locales):
    volunteering = ThemeFactory(name="Önkéntesség", slug="volunteering")
    ThemeFactory(
        name="Prostovoljstvo",
        slug="volunteering",
        locale=locales["sl"],
        translation_key=volunteering.translation_key,
    )
    youth = ThemeFactory(name="Ifjúsági szolgálat", slug="youth-service", parent=volunteering)
    festivals = ThemeFactory(name="Fesztiválok", slug="festivals")
    return {"volunteering": volunteering, "youth": youth, "festivals": festivals}


@pytest.fixture
def items(site_tree, themes):
    methods = site_tree["hu"]["methods"]
    made = {
        "volunteers": MethodologyArticleFactory(
            parent=methods,
            title="Önkéntesek köszöntése",
            summary="Hogyan köszöntsük az új önkénteseket.",
            themes=[themes["volunteering"]],
        ),
        "youth": MethodologyArticleFactory(
            parent=methods, title="Diákok a művelődési házban", themes=[themes["youth"]]
        ),
        "festival": MethodologyArticleFactory(
            parent=methods, title="Falunap szervezése", themes=[themes["festivals"]]
        ),
    }
    made["volunteers_sl"] = translate(
        made["volunteers"], "sl", title="Pozdrav prostovoljcem", summary="Kako pozdraviti."
    )
    return made


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content)


def item_titles(channel):
    return {node.findtext("title") for node in channel.iter("item")}


@pytest.mark.django_db
def test_language_feed_lists_that_language_with_absolute_links(client, items):
    root = parse(client.get("/hu/feed/"))
    channel = root.find("channel")
    assert channel.findtext("language") == "hu"
    assert item_titles(root) == {
        "Önkéntesek köszöntése",
        "Diákok a művelődési házban",
        "Falunap szervezése",
    }
    for item in channel.iter("item"):
        assert item.findtext("link").startswith("http://testserver/hu/")
    volunteers = next(i for i in channel.iter("item") if i.findtext("link").endswith("/"))
    assert volunteers.findtext("description")


@pytest.mark.django_db
def test_slovenian_feed_is_in_slovenian(client, items):
    root = parse(client.get("/sl/feed/"))
    channel = root.find("channel")
    assert channel.findtext("language") == "sl"
    # The translated work in Slovenian; the untranslated ones in Hungarian, marked.
    assert item_titles(root) == {
        "Pozdrav prostovoljcem",
        "Diákok a művelődési házban",
        "Falunap szervezése",
    }
    by_title = {node.findtext("title"): node for node in channel.iter("item")}
    item = by_title["Pozdrav prostovoljcem"]
    assert item.findtext("description") == "Kako pozdraviti."
    assert item.findtext("link").startswith("http://testserver/sl/")
    assert item.findtext("category") == "Prostovoljstvo"
    fallback = by_title["Falunap szervezése"]
    assert fallback.findtext("description").startswith(
        "Še ni prevedeno; prikazano v izvirniku: Magyar"
    )
    assert fallback.findtext("link").startswith("http://testserver/hu/")


@pytest.mark.django_db
def test_theme_feed_includes_narrower_themes(client, items):
    root = parse(client.get("/hu/feed/volunteering/"))
    assert item_titles(root) == {"Önkéntesek köszöntése", "Diákok a művelődési házban"}
    assert "Önkéntesség" in root.find("channel").findtext("title")
    assert item_titles(parse(client.get("/hu/feed/festivals/"))) == {"Falunap szervezése"}


@pytest.mark.django_db
def test_unknown_theme_is_404(client, items):
    assert client.get("/hu/feed/no-such-theme/").status_code == 404


@pytest.mark.django_db
def test_restricted_and_draft_items_stay_out(client, items, site_tree):
    festival = items["festival"]
    festival.visibility = KnowledgePage.Visibility.MEMBERS
    publish(festival)
    draft = MethodologyArticleFactory.build(title="Még vázlat")
    site_tree["hu"]["methods"].add_child(instance=draft)
    draft.save_revision()
    draft.unpublish()
    assert item_titles(parse(client.get("/hu/feed/"))) == {
        "Önkéntesek köszöntése",
        "Diákok a művelődési házban",
    }


def queries_for(client, url):
    client.get(url)
    cache.clear()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        parse(client.get(url))
    return len(captured)


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.parametrize("url", ["/hu/feed/", "/hu/feed/volunteering/"])
def test_feed_queries_do_not_grow_with_the_number_of_items(client, site_tree, themes, url):
    methods = site_tree["hu"]["methods"]
    for _number in range(2):
        MethodologyArticleFactory(parent=methods, themes=[themes["volunteering"]])
    few = queries_for(client, url)
    for _number in range(8):
        MethodologyArticleFactory(parent=methods, themes=[themes["volunteering"]])
    assert queries_for(client, url) == few
