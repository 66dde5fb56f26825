"""Nothing restricted or draft leaves through the API, the feeds, the calendars or the sitemap.

Each kind of non-public content carries its own marker word in its title, summary
and body. Every public output is fetched (API lists, details and searches in each
language, feeds of each language and theme, calendars, sitemap) and no marker may
appear in any of them, and the counts they report equal the public count.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from groups.models import PlannedSession
from knowledge.models import KnowledgePage
from knowledge.public import public_pages
from tests.conftest import publish
from tests.factories import CuratedCollectionFactory, MethodologyArticleFactory, ThemeFactory
from tests.groups.factories import MentorGroupFactory, WorkshopWriteUpFactory

MARKERS = {
    "draft": "Vazlatjelzo",
    "revision": "Revizijajelzo",
    "members": "Tagjelzo",
    "group": "Csoportjelzo",
    "password": "Jelszojelzo",
    "restricted_group": "Zartkorjelzo",
    "private_image": "Rejtettkepjelzo",
    "private_document": "Rejtettdokjelzo",
}
PUBLIC_WORD = "Nyilvanosszo"


def marked(marker):
    return {
        "title": f"{marker} cím",
        "summary": f"{marker} összefoglaló",
        "body": [("paragraph", f"<p>{marker} szöveg</p>")],
    }


@pytest.fixture
def mixed_content(site_tree, programme, groups, locales):
    theme = ThemeFactory(slug="volunteering", name="Önkéntesség")
    methods = site_tree["hu"]["methods"]
    group_a, group_b = groups

    public = MethodologyArticleFactory(parent=methods, themes=[theme], **marked(PUBLIC_WORD))

    draft = MethodologyArticleFactory.build(**marked(MARKERS["draft"]))
    methods.add_child(instance=draft)
    draft.themes.set([theme])
    draft.save_revision()
    draft.unpublish()

    revised = MethodologyArticleFactory(parent=methods, themes=[theme], title="Élő cím")
    for name, value in marked(MARKERS["revision"]).items():
        setattr(revised, name, value)
    revised.save_revision()

    members = MethodologyArticleFactory(
        parent=methods,
        themes=[theme],
        visibility=KnowledgePage.Visibility.MEMBERS,
        **marked(MARKERS["members"]),
    )
    publish(members)

    group_only = WorkshopWriteUpFactory(
        parent=group_a,
        themes=[theme],
        visibility=KnowledgePage.Visibility.GROUP,
        **marked(MARKERS["group"]),
    )
    publish(group_only)

    behind_password = CuratedCollectionFactory(
        parent=site_tree["hu"]["collections"], themes=[theme], **marked(MARKERS["password"])
    )
    PageViewRestriction.objects.create(
        page=behind_password, restriction_type=PageViewRestriction.PASSWORD, password="titok"
    )

    closed_group = MentorGroupFactory(parent=programme, **marked(MARKERS["restricted_group"]))
    restriction = PageViewRestriction.objects.create(
        page=closed_group, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([closed_group.access.members_group])
    # A public write-up under the restricted group is restricted with it.
    WorkshopWriteUpFactory(
        parent=closed_group, themes=[theme], **marked(MARKERS["restricted_group"] + "Irasa")
    )
    for group, topic in ((closed_group, MARKERS["restricted_group"]), (group_b, "Nyitott téma")):
        group.planned_sessions.add(
            PlannedSession(
                date=timezone.localdate() + datetime.timedelta(days=3),
                start_time=datetime.time(16, 0),
                venue=f"{topic} helyszín",
                topic=topic,
            )
        )
        publish(group)

    private = Collection.get_first_root_node().add_child(name="Belső")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    image = get_image_model().objects.create(
        title=MARKERS["private_image"], file=get_test_image_file(), collection=private
    )
    get_document_model().objects.create(
        title=MARKERS["private_document"],
        file=ContentFile(b"x", name="belso.txt"),
        collection=private.add_child(name="Belsőbb"),
    )
    public.listing_image = image
    publish(public)
    return {"public": public, "revised": revised, "theme": theme, "programme": programme}


def assert_no_marker(text, where):
    """Case-insensitive: a marker may also surface in a slug or URL."""
    text = text.lower()
    for kind, marker in MARKERS.items():
        assert marker.lower() not in text, f"{kind} marker leaked through {where}"


def api_urls(content):
    urls = []
    for locale in ("", "hu", "sl", "en"):
        suffix = f"&locale={locale}" if locale else ""
        urls += [
            f"/api/v2/pages/?limit=100{suffix}",
            f"/api/v2/pages/?limit=100&type=method&fields=*{suffix}",
            f"/api/v2/pages/?limit=100&type=writeup&fields=*{suffix}",
            f"/api/v2/pages/?limit=100&theme=volunteering{suffix}",
        ]
        for marker in [*MARKERS.values(), "cím", "szöveg"]:
            urls.append(f"/api/v2/pages/?limit=100&search={marker}{suffix}")
    for media in ("images", "documents"):
        urls.append(f"/api/v2/{media}/?limit=100")
        urls += [f"/api/v2/{media}/?search={marker}" for marker in MARKERS.values()]
    return urls


@pytest.mark.django_db
def test_no_marker_in_any_api_response(client, mixed_content):
    public_count = public_pages().count()
    for url in api_urls(mixed_content):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_marker(response.content.decode(), url)
        data = response.json()
        if url.startswith("/api/v2/pages/?limit=100") and url.count("&") == 0:
            assert data["meta"]["total_count"] == public_count
        for item in data["items"]:
            detail = client.get(item["meta"]["detail_url"].replace("http://localhost", ""))
            assert detail.status_code == 200
            assert_no_marker(detail.content.decode(), item["meta"]["detail_url"])
    searched = client.get(f"/api/v2/pages/?search={PUBLIC_WORD}").json()
    assert searched["meta"]["total_count"] >= 1  # search itself works; markers are just absent
    revised = client.get(f"/api/v2/pages/{mixed_content['revised'].pk}/").json()
    assert revised["title"] == "Élő cím"


@pytest.mark.django_db
def test_api_total_count_equals_the_public_count_in_every_locale(client, mixed_content):
    for code in ("hu", "sl", "en"):
        data = client.get(f"/api/v2/pages/?locale={code}").json()
        assert (
            data["meta"]["total_count"] == public_pages().filter(locale__language_code=code).count()
        )
    methods = client.get("/api/v2/pages/?type=method").json()
    assert (
        methods["meta"]["total_count"] == 2
    )  # the public one and the live version of the revised one
    assert client.get("/api/v2/images/").json()["meta"]["total_count"] == 0
    assert client.get("/api/v2/documents/").json()["meta"]["total_count"] == 0


@pytest.mark.django_db
def test_no_marker_in_any_feed(client, mixed_content):
    for code in ("hu", "sl", "en"):
        for url in (f"/{code}/feed/", f"/{code}/feed/volunteering/"):
            response = client.get(url)
            assert response.status_code == 200
            assert_no_marker(response.content.decode(), url)
    assert PUBLIC_WORD in client.get("/hu/feed/").content.decode()


@pytest.mark.django_db
def test_no_marker_in_the_calendars(client, mixed_content, groups):
    urls = [f"{mixed_content['programme'].url}calendar/"]
    urls += [f"{group.url}calendar/" for group in groups]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert_no_marker(response.content.decode(), url)
    assert "Nyitott téma" in client.get(urls[0]).content.decode()


@pytest.mark.django_db
def test_no_marker_in_the_sitemap(client, mixed_content):
    text = client.get("/sitemap.xml").content.decode()
    assert_no_marker(text, "sitemap")
    locations = text.count("<loc>")
    assert locations == public_pages().count()
