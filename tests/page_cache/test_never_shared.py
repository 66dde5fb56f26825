"""What only one reader may see never reaches the shared cache, in either order.

Each test uses a marker word that only the signed-in (or password-holding) reader may
see, and checks that it never reaches a signed-out reader, whoever came first.
"""

import pytest
from django.test import Client, override_settings
from wagtail.models import PageViewRestriction, Site

from tests.factories import MethodologyArticleFactory, ThemeFactory
from tests.groups.factories import WorkshopWriteUpFactory
from tests.page_cache.conftest import HIT, MISS, cache_state

MARKERS = {"public": "napraforgó", "members": "kukoricacső", "group": "búzavirág"}


@pytest.fixture
def writeups(groups):
    group_a, _group_b = groups
    return {
        visibility: WorkshopWriteUpFactory(
            parent=group_a,
            title=f"Alkalom {marker}",
            what_we_did=f"<p>Szövegben is: {marker}.</p>",
            visibility=visibility,
        )
        for visibility, marker in MARKERS.items()
    }


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def assert_private(response):
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "public" not in cache_control
    assert "no-cache" in cache_control or "no-store" in cache_control
    assert cache_state(response) is None


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in_first", [True, False])
def test_the_group_timeline_of_a_member_never_reaches_anonymous_readers(
    writeups, people, groups, signed_in_first
):
    group_a, _group_b = groups
    member, anonymous = signed_in(people["member_1"]), Client()
    if signed_in_first:
        assert_private(member.get(group_a.url))
    for _read in range(2):
        html = anonymous.get(group_a.url).content.decode()
        assert MARKERS["public"] in html
        assert MARKERS["members"] not in html
        assert MARKERS["group"] not in html
    for _read in range(2):
        response = member.get(group_a.url)
        assert_private(response)
        assert MARKERS["members"] in response.content.decode()
        assert MARKERS["group"] in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["members", "group"])
@pytest.mark.parametrize("signed_in_first", [True, False])
def test_members_and_group_write_ups_are_never_shared(
    writeups, people, visibility, signed_in_first
):
    url = writeups[visibility].url
    member, anonymous = signed_in(people["member_1"]), Client()
    if signed_in_first:
        response = member.get(url)
        assert response.status_code == 200
        assert_private(response)
    for _read in range(2):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert MARKERS[visibility] not in response.content.decode()
        assert cache_state(response) is None
    response = member.get(url)
    assert MARKERS[visibility] in response.content.decode()
    assert "no-store" in response["Cache-Control"]  # Wagtail's, for every restricted page


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in_first", [True, False])
def test_search_results_for_members_are_never_shared(writeups, people, signed_in_first):
    url = f"/hu/search/?q={MARKERS['members']}"
    member, anonymous = signed_in(people["member_1"]), Client()
    if signed_in_first:
        response = member.get(url)
        assert f"Alkalom {MARKERS['members']}" in response.content.decode()
        assert_private(response)
    for _read in range(2):
        assert f"Alkalom {MARKERS['members']}" not in anonymous.get(url).content.decode()
    assert cache_state(anonymous.get(url)) == HIT
    response = member.get(url)
    assert f"Alkalom {MARKERS['members']}" in response.content.decode()
    assert_private(response)


@pytest.mark.django_db
def test_a_signed_in_reader_neither_fills_nor_reads_the_cache(site_tree, method, reader):
    member, anonymous = signed_in(reader), Client()
    for _read in range(2):
        assert_private(member.get(method.url))
        assert "no-cache" in member.get(method.url)["Cache-Control"]
    assert cache_state(anonymous.get(method.url)) == MISS
    assert cache_state(anonymous.get(method.url)) == HIT
    assert_private(member.get(method.url))


@pytest.mark.django_db
@pytest.mark.parametrize("password_holder_first", [True, False])
def test_a_password_page_is_never_shared(client, site_tree, method, password_holder_first):
    restriction = PageViewRestriction.objects.create(
        page=method, restriction_type="password", password="titok"
    )
    holder, anonymous = Client(), Client()
    form_url = f"/hu/_util/authenticate_with_password/{restriction.pk}/{method.pk}/"

    def enter_password():
        response = holder.post(form_url, {"password": "titok", "return_url": method.url})
        assert response.status_code == 302
        page = holder.get(method.url)
        assert "Kis asztalok" in page.content.decode()
        assert cache_state(page) is None
        assert "no-store" in page["Cache-Control"]

    if password_holder_first:
        enter_password()
    for _read in range(2):
        form = anonymous.get(method.url)
        assert form.status_code == 200
        html = form.content.decode()
        assert "csrfmiddlewaretoken" in html  # the password form
        assert "Kis asztalok" not in html
        assert cache_state(form) is None
        assert "no-store" in form["Cache-Control"]
    if not password_holder_first:
        enter_password()
    assert "Kis asztalok" not in Client().get(method.url).content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.page_cache.urls")
def test_a_page_that_used_the_csrf_token_is_never_shared(client):
    first = client.get("/csrf-form-page/")
    second = client.get("/csrf-form-page/")
    for response in (first, second):
        assert cache_state(response) is None
        assert "csrftoken" in response.cookies
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_sign_in_pages_are_never_shared(client, site_tree):
    for url in ("/admin/login/", "/hu/_util/login/"):
        response = client.get(url)
        assert response.status_code == 200
        assert cache_state(response) is None
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_admin_pages_are_private_and_never_shared(site_tree, method, editor):
    admin = signed_in(editor)
    for url in ("/admin/", f"/admin/pages/{method.pk}/edit/"):
        response = admin.get(url)
        assert response.status_code == 200
        assert cache_state(response) is None
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_drafts_and_their_previews_never_reach_the_cache(client, site_tree, method, reader):
    never_published = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Piszkozat pipacs"
    )
    never_published.unpublish()
    assert client.get(never_published.url).status_code == 404
    assert cache_state(client.get(never_published.url)) is None

    method.title = "Előnézeti pipacs"
    method.summary = "Előnézeti összefoglaló pipacs."
    method.themes.set([ThemeFactory(slug="poppies", name="Pipacsos téma")])
    method.slug = "elonezeti-pipacs"
    method.save_revision()
    preview = method.make_preview_request()
    assert "Előnézeti pipacs" in preview.content.decode()
    assert "Pipacsos téma" in preview.content.decode()
    assert cache_state(preview) is None
    # Neither the page nor a fragment (themes, language versions) took the draft in:
    # readers on the host the preview was rendered for come after it.
    host = Site.objects.get(is_default_site=True).hostname
    for someone in (client, Client(), signed_in(reader)):
        assert "pipacs" not in someone.get(method.url, HTTP_HOST=host).content.decode().lower()
