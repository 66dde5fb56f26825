"""Public, members-only and group-only write-ups: who sees what, and where."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from knowledge.listing import library_items
from tests.factories import MethodologyArticleFactory
from tests.groups.factories import WorkshopWriteUpFactory

MARKERS = {"public": "napraforgó", "members": "kukoricacső", "group": "búzavirág"}


@pytest.fixture
def writeups(site_tree, groups):
    """One write-up of each visibility in group A, all using the same method."""
    group_a, _group_b = groups
    method = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Sétáló interjú")
    pages = {
        visibility: WorkshopWriteUpFactory(
            parent=group_a,
            title=f"Alkalom {marker}",
            what_we_did=f"<p>Szövegben is: {marker}.</p>",
            visibility=visibility,
            methods_used=[method],
        )
        for visibility, marker in MARKERS.items()
    }
    return pages, method


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {node.get_text(strip=True) for node in soup.select(".card-title")}


def timeline(client, group):
    soup = BeautifulSoup(client.get(group.url).content, "html.parser")
    return {node.get_text(strip=True) for node in soup.select(".session-list a")}


@pytest.mark.django_db
def test_anonymous_reader_opens_only_the_public_write_up(client, writeups):
    pages, _method = writeups
    assert client.get(pages["public"].url).status_code == 200
    for visibility in ("members", "group"):
        response = client.get(pages[visibility].url)
        assert response.status_code == 302
        assert MARKERS[visibility] not in response.content.decode()


@pytest.mark.django_db
def test_listings_show_only_the_public_write_up(client, writeups, site_tree, locales):
    pages, _method = writeups
    listed = set(library_items(locales["hu"]).type(pages["public"].specific_class))
    assert {page.pk for page in listed} == {pages["public"].pk}
    home = client.get(site_tree["hu"]["home"].url)
    html = home.content.decode()
    assert f"Alkalom {MARKERS['public']}" in titles(home)
    assert MARKERS["members"] not in html
    assert MARKERS["group"] not in html


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["public", "members", "group"])
def test_search_finds_only_the_public_write_up(client, writeups, visibility):
    response = client.get("/hu/search/", {"q": MARKERS[visibility]})
    assert response.status_code == 200
    if visibility == "public":
        assert titles(response) == {f"Alkalom {MARKERS['public']}"}
    else:
        assert titles(response) == set()
        assert f"Alkalom {MARKERS[visibility]}" not in response.content.decode()


@pytest.mark.django_db
def test_method_provenance_counts_only_the_public_write_up(client, writeups):
    _pages, method = writeups
    html = client.get(method.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".reuse-total")["data-count"] == "1"
    assert MARKERS["public"] in html
    assert MARKERS["members"] not in html
    assert MARKERS["group"] not in html


@pytest.mark.django_db
def test_signed_in_member_opens_a_members_page_but_not_another_groups_page(
    client, writeups, people
):
    pages, _method = writeups
    client.force_login(people["mentor_b"])  # a programme member, not in group A
    assert client.get(pages["members"].url).status_code == 200
    response = client.get(pages["group"].url)
    assert response.status_code in (302, 403)
    assert MARKERS["group"] not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member_1", "mentor_a"])
def test_the_groups_own_people_open_its_group_only_page(client, writeups, people, who):
    pages, _method = writeups
    client.force_login(people[who])
    response = client.get(pages["group"].url)
    assert response.status_code == 200
    assert MARKERS["group"] in response.content.decode()


@pytest.mark.django_db
def test_editors_open_group_only_pages(client, writeups, make_user):
    pages, _method = writeups
    editor = make_user("szerkeszto")
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    assert client.get(pages["group"].url).status_code == 200


@pytest.mark.django_db
def test_group_timeline_follows_the_reader(client, writeups, people, groups):
    group_a, _group_b = groups
    everything = {f"Alkalom {marker}" for marker in MARKERS.values()}
    assert timeline(client, group_a) == {f"Alkalom {MARKERS['public']}"}
    html = client.get(group_a.url).content.decode()
    assert MARKERS["members"] not in html and MARKERS["group"] not in html
    client.force_login(people["mentor_b"])
    assert timeline(client, group_a) == everything - {f"Alkalom {MARKERS['group']}"}
    client.force_login(people["member_1"])
    assert timeline(client, group_a) == everything


@pytest.mark.django_db
def test_public_page_under_a_restricted_ancestor_stays_hidden(client, writeups, groups):
    from wagtail.models import PageViewRestriction

    from groups.visibility import readable_by

    group_a, _group_b = groups
    pages, _method = writeups
    PageViewRestriction.objects.create(page=group_a, restriction_type=PageViewRestriction.LOGIN)
    request = client.get("/hu/").wsgi_request
    assert readable_by(request, [pages["public"]]) == []


@pytest.mark.django_db
def test_non_public_page_without_a_restriction_fails_closed(client, writeups):
    from wagtail.models import PageViewRestriction

    from groups.visibility import readable_by

    pages, _method = writeups
    PageViewRestriction.objects.filter(page=pages["members"]).delete()
    request = client.get("/hu/").wsgi_request
    assert readable_by(request, [pages["members"], pages["public"]]) == [pages["public"]]
