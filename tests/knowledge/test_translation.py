"""Translations through wagtail-localize, translated taxonomy, and language fallback."""

import pytest
from bs4 import BeautifulSoup
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

from knowledge.models import MethodologyArticle
from tests.conftest import translate
from tests.factories import MethodologyArticleFactory, RegionFactory, ThemeFactory


@pytest.fixture
def volunteering(locales):
    """The theme "volunteering" in all three languages, sharing one translation key."""
    hu = ThemeFactory(name="Önkéntesség", slug="volunteering", locale=locales["hu"])
    sl = ThemeFactory(
        name="Prostovoljstvo",
        slug="volunteering",
        locale=locales["sl"],
        translation_key=hu.translation_key,
    )
    en = ThemeFactory(
        name="Volunteering",
        slug="volunteering",
        locale=locales["en"],
        translation_key=hu.translation_key,
    )
    return {"hu": hu, "sl": sl, "en": en}


@pytest.mark.django_db
def test_wagtail_localize_translation_shows_slovenian_theme_names(
    client, site_tree, volunteering, locales, django_capture_on_commit_callbacks
):
    article = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Önkéntesek bevonása", themes=[volunteering["hu"]]
    )
    TranslationCreator(user=None, target_locales=[locales["sl"]]).create_translations(article)
    translation = Translation.objects.get(
        target_locale=locales["sl"], source__object_id=article.translation_key
    )
    title_segment = translation.source.stringsegment_set.get(context__path="title")
    StringTranslation.objects.create(
        translation_of=title_segment.string,
        locale=locales["sl"],
        context=title_segment.context,
        data="Vključevanje prostovoljcev",
    )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)  # wagtail-localize publishes on commit

    slovenian = article.get_translation(locales["sl"])
    assert slovenian.translation_key == article.translation_key
    assert slovenian.title == "Vključevanje prostovoljcev"
    html = client.get(slovenian.url).content.decode()
    assert "Prostovoljstvo" in html
    assert "Önkéntesség" not in html


@pytest.mark.django_db
def test_theme_names_follow_the_page_language_on_every_page(client, site_tree, volunteering):
    article = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Önkéntesek bevonása", themes=[volunteering["hu"]]
    )
    english = translate(article, "en", title="Involving volunteers")
    assert "Volunteering" in client.get(english.url).content.decode()
    assert "Önkéntesség" in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_listing_falls_back_to_the_source_language_and_marks_it(client, site_tree, volunteering):
    translated = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Lefordított módszer"
    )
    translate(translated, "sl", title="Prevedena metoda")
    MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Csak magyar módszer")

    soup = BeautifulSoup(client.get(site_tree["sl"]["methods"].url).content, "html.parser")
    cards = {
        card.select_one(".card-title").get_text(strip=True): card for card in soup.select(".card")
    }
    assert set(cards) == {"Prevedena metoda", "Csak magyar módszer"}
    assert cards["Csak magyar módszer"].select_one(".fallback-note") is not None
    assert cards["Csak magyar módszer"].select_one(".card-title span")["lang"] == "hu"
    assert cards["Prevedena metoda"].select_one(".fallback-note") is None
    assert "Lefordított módszer" not in soup.get_text()


@pytest.mark.django_db
def test_fallback_item_keeps_its_source_language_marker_on_the_home_page(client, site_tree):
    MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Reflektív kör")
    soup = BeautifulSoup(client.get(site_tree["en"]["home"].url).content, "html.parser")
    card = soup.select_one(".card")
    assert card.select_one(".card-title").get_text(strip=True) == "Reflektív kör"
    assert card.select_one(".fallback-note") is not None


@pytest.mark.django_db
def test_translation_records_its_original_language(site_tree):
    article = MethodologyArticleFactory(parent=site_tree["hu"]["methods"])
    slovenian = translate(article, "sl", title="Metoda")
    assert article.original_language == "hu"
    assert MethodologyArticle.objects.get(pk=slovenian.pk).original_language == "hu"
    assert not MethodologyArticle.objects.get(pk=slovenian.pk).is_source


@pytest.mark.django_db
def test_machine_translation_is_marked_on_the_page(client, site_tree):
    article = MethodologyArticleFactory(parent=site_tree["hu"]["methods"])
    english = translate(article, "en", title="Machine-made", machine_translated=True)
    html = client.get(english.url).content.decode()
    assert 'class="notice notice--machine"' in html


@pytest.mark.django_db
def test_region_names_are_translated_too(client, site_tree, locales):
    hu = RegionFactory(name="Heves vármegye", slug="heves", level="county", locale=locales["hu"])
    RegionFactory(
        name="Županija Heves",
        slug="heves",
        level="county",
        locale=locales["sl"],
        translation_key=hu.translation_key,
    )
    article = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], regions=[hu])
    slovenian = translate(article, "sl", title="Metoda iz Hevesa")
    assert "Županija Heves" in client.get(slovenian.url).content.decode()
