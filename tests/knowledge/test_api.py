"""The read-only API at /api/v2/: public live pages of every language, filtered like the site."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from knowledge.models import KnowledgePage
from knowledge.public import public_pages
from tests.conftest import publish, translate
from tests.factories import (
    MethodologyArticleFactory,
    ProgrammePackageFactory,
    RegionFactory,
    ThemeFactory,
)

PAGES = "/api/v2/pages/"


@pytest.fixture
def library(site_tree, locales):
    hungary = RegionFactory(name="Magyarország", slug="hungary", level="country")
    baranya = RegionFactory(name="Baranya", slug="baranya", level="county", parent=hungary)
    komlo = RegionFactory(name="Komló", slug="komlo", level="settlement", parent=baranya)
    heves = RegionFactory(name="Heves", slug="heves", level="county", parent=hungary)
    volunteering = ThemeFactory(name="Önkéntesség", slug="volunteering")
    festivals = ThemeFactory(name="Fesztiválok", slug="festivals")
    methods = site_tree["hu"]["methods"]
    items = {
        "komlo": MethodologyArticleFactory(
            parent=methods,
            title="Komlói kerekasztal",
            summary="Önkéntesek toborzása kerekasztallal.",
            regions=[komlo],
            themes=[volunteering],
        ),
        "heves": MethodologyArticleFactory(
            parent=methods, title="Hevesi fesztiválnap", regions=[heves], themes=[festivals]
        ),
        "package": ProgrammePackageFactory(
            parent=site_tree["hu"]["packages"], title="Baranyai csomag", regions=[baranya]
        ),
    }
    items["komlo_sl"] = translate(items["komlo"], "sl", title="Okrogla miza v Komlu")
    return items


def listing(client, **params):
    response = client.get(PAGES, {"limit": 100, **params})
    assert response.status_code == 200, response.content
    return response.json()


def titles(data):
    return {item["title"] for item in data["items"]}


@pytest.mark.django_db
def test_lists_public_pages_of_every_language(client, library):
    data = listing(client)
    assert {"Komlói kerekasztal", "Okrogla miza v Komlu", "Baranyai csomag"} <= titles(data)
    assert data["meta"]["total_count"] == public_pages().count()
    locales = {item["meta"]["locale"] for item in data["items"]}
    assert {"hu", "sl", "en"} <= locales


@pytest.mark.django_db
def test_total_count_is_exact_and_never_counts_hidden_pages(client, library, site_tree):
    """``meta.total_count`` is the number of pages the list would page through."""
    before = listing(client, locale="hu")["meta"]["total_count"]
    methods = site_tree["hu"]["methods"]
    MethodologyArticleFactory(parent=methods, title="Piszkozat", live=False)
    members = MethodologyArticleFactory(parent=methods, title="Tagoknak")
    members.visibility = KnowledgePage.Visibility.MEMBERS
    publish(members)
    closed = MethodologyArticleFactory(parent=methods, title="Belépéshez kötött")
    PageViewRestriction.objects.create(page=closed, restriction_type="login")
    MethodologyArticleFactory(parent=closed, title="Alatta")
    data = listing(client, locale="hu")
    assert data["meta"]["total_count"] == before
    listed = {item["id"] for item in data["items"]}
    assert data["meta"]["total_count"] == len(listed)
    assert listed == set(
        public_pages().filter(locale__language_code="hu").values_list("pk", flat=True)
    )
    MethodologyArticleFactory(parent=methods, title="Új nyilvános")
    assert listing(client, locale="hu")["meta"]["total_count"] == before + 1


@pytest.mark.django_db
def test_locale_filter(client, library):
    data = listing(client, locale="sl", type="method")
    assert titles(data) == {"Okrogla miza v Komlu"}


@pytest.mark.django_db
def test_type_filter_takes_library_codes_and_repeats(client, library):
    assert titles(listing(client, type="package")) == {"Baranyai csomag"}
    data = listing(client, type=["package", "method"], locale="hu")
    assert titles(data) == {"Komlói kerekasztal", "Hevesi fesztiválnap", "Baranyai csomag"}


@pytest.mark.django_db
def test_a_single_type_lists_its_own_fields(client, library):
    data = listing(client, type="method", locale="hu", fields="summary,themes,regions")
    komlo = next(item for item in data["items"] if item["title"] == "Komlói kerekasztal")
    assert komlo["summary"] == "Önkéntesek toborzása kerekasztallal."
    assert komlo["themes"] == [{"slug": "volunteering", "name": "Önkéntesség"}]
    assert komlo["regions"] == [{"slug": "komlo", "name": "Komló"}]


@pytest.mark.django_db
def test_theme_filter_repeats_with_or(client, library):
    assert titles(listing(client, theme="festivals")) == {"Hevesi fesztiválnap"}
    data = listing(client, theme=["festivals", "volunteering"], locale="hu")
    assert titles(data) == {"Hevesi fesztiválnap", "Komlói kerekasztal"}


@pytest.mark.django_db
def test_region_filter_includes_what_lies_inside(client, library):
    data = listing(client, region="baranya", locale="hu")
    assert titles(data) == {"Komlói kerekasztal", "Baranyai csomag"}
    assert titles(listing(client, region="hungary", type="method", locale="hu")) == {
        "Komlói kerekasztal",
        "Hevesi fesztiválnap",
    }


@pytest.mark.django_db
def test_filters_combine_with_and(client, library):
    data = listing(client, region="baranya", type="method", theme="volunteering", locale="hu")
    assert titles(data) == {"Komlói kerekasztal"}


@pytest.mark.django_db
def test_search(client, library):
    data = listing(client, search="kerekasztal", locale="hu")
    assert titles(data) == {"Komlói kerekasztal"}
    data = listing(client, search="kerekasztal", theme="volunteering", type="method")
    assert titles(data) == {"Komlói kerekasztal"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"type": "recipe"}, ["type", "recipe", "method"]),
        ({"theme": "cooking"}, ["theme", "cooking", "volunteering"]),
        ({"region": "atlantis"}, ["region", "atlantis", "baranya"]),
        ({"locale": "de"}, ["locale", "de", "hu"]),
        ({"search": "x" * 201}, ["200"]),
        ({"site": "1"}, ["site"]),
        ({"theme": [f"t{n}" for n in range(30)]}, ["theme"]),
    ],
)
def test_bad_filter_values_answer_400_with_a_message(client, library, params, words):
    response = client.get(PAGES, params)
    assert response.status_code == 400
    message = response.json()["message"]
    for word in words:
        assert word in message


@pytest.mark.django_db
def test_detail_serves_the_live_version_not_a_newer_draft(client, library):
    page = library["komlo"]
    page.title = "Vázlatcím"
    page.summary = "Vázlat összefoglaló"
    page.save_revision()
    data = client.get(f"{PAGES}{page.pk}/").json()
    assert data["title"] == "Komlói kerekasztal"
    assert data["summary"] == "Önkéntesek toborzása kerekasztallal."
    assert "draft_title" not in data["meta"]


@pytest.mark.django_db
def test_restricted_page_is_as_missing_as_a_page_that_never_was(client, library, django_user_model):
    page = library["heves"]
    page.visibility = KnowledgePage.Visibility.MEMBERS
    publish(page)
    assert client.get(f"{PAGES}{page.pk}/").status_code == 404
    client.force_login(django_user_model.objects.create_user("tag", password="pw"))
    # The API is the public record: signing in does not open members-only pages.
    assert client.get(f"{PAGES}{page.pk}/").status_code == 404
    assert "Hevesi fesztiválnap" not in titles(listing(client))


@pytest.mark.django_db
def test_references_to_restricted_pages_are_dropped(client, library):
    heves, komlo = library["heves"], library["komlo"]
    komlo.adapted_from = heves
    publish(komlo)
    detail = client.get(f"{PAGES}{komlo.pk}/").json()
    assert detail["adapted_from"]["title"] == "Hevesi fesztiválnap"
    heves.visibility = KnowledgePage.Visibility.MEMBERS
    publish(heves)
    assert client.get(f"{PAGES}{komlo.pk}/").json()["adapted_from"] is None


@pytest.fixture
def media(db):
    from django.core.files.base import ContentFile
    from wagtail.images.tests.utils import get_test_image_file

    root = Collection.get_first_root_node()
    private = root.add_child(name="Belső anyagok")
    inner = private.add_child(name="Még belsőbb")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    image_model, document_model = get_image_model(), get_document_model()
    made = {}
    for name, collection in (("public", root), ("private", private), ("inner", inner)):
        made[f"{name}_image"] = image_model.objects.create(
            title=f"Kép {name}", file=get_test_image_file(), collection=collection
        )
        made[f"{name}_document"] = document_model.objects.create(
            title=f"Dokumentum {name}",
            file=ContentFile(b"text", name=f"{name}.txt"),
            collection=collection,
        )
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["image", "document"])
def test_media_from_private_collections_and_below_are_left_out(client, media, kind):
    endpoint = f"/api/v2/{kind}s/"
    data = client.get(endpoint).json()
    assert [item["id"] for item in data["items"]] == [media[f"public_{kind}"].pk]
    assert data["meta"]["total_count"] == 1
    for hidden in ("private", "inner"):
        assert client.get(f"{endpoint}{media[f'{hidden}_{kind}'].pk}/").status_code == 404


@pytest.mark.django_db
def test_listing_image_from_a_private_collection_is_not_shown(client, library, media):
    page = library["komlo"]
    page.listing_image = media["private_image"]
    publish(page)
    assert client.get(f"{PAGES}{page.pk}/").json()["listing_image"] is None
    page.listing_image = media["public_image"]
    publish(page)
    assert client.get(f"{PAGES}{page.pk}/").json()["listing_image"]["title"] == "Kép public"


def queries_for(client, url):
    client.get(url)
    cache.clear()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.parametrize(
    "url",
    [PAGES, f"{PAGES}?type=method&fields=summary,themes,regions,listing_image&limit=50"],
)
def test_listing_queries_do_not_grow_with_the_number_of_pages(client, site_tree, url):
    theme = ThemeFactory(slug="volunteering")
    for _number in range(2):
        MethodologyArticleFactory(parent=site_tree["hu"]["methods"], themes=[theme])
    few = queries_for(client, url)
    for _number in range(8):
        MethodologyArticleFactory(parent=site_tree["hu"]["methods"], themes=[theme])
    assert queries_for(client, url) == few


@pytest.mark.django_db
def test_find_by_path_does_not_reveal_restricted_pages(client, library):
    heves = library["heves"]
    path = heves.url.removeprefix("/hu")
    found = client.get("/api/v2/pages/find/", {"html_path": path})
    assert found.status_code == 302
    heves.visibility = KnowledgePage.Visibility.MEMBERS
    publish(heves)
    assert client.get("/api/v2/pages/find/", {"html_path": path}).status_code == 404
