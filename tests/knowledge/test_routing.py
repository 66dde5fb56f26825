"""Routing in one query finds what Wagtail's own routing finds, and keeps its rules."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from knowledge import routing
from tests.conftest import publish, translate
from tests.factories import MethodologyArticleFactory
from tests.groups.factories import MentorGroupFactory, ProgrammeFactory, WorkshopWriteUpFactory


def wagtail_route(request, path):
    """Wagtail's routing, as ``Page.route_for_request`` does it."""
    site = Site.find_for_request(request)
    components = [component for component in path.split("/") if component]
    try:
        return site.root_page.localized.specific.route(request, components)
    except Http404:
        return None


def one_query_route(request, path):
    try:
        return routing.route(request, path)
    except Http404:
        return None


def request_for(language, path):
    request = RequestFactory().get(f"/{language}/{path}")
    request.user = AnonymousUser()
    request.session = SessionStore()
    return request


def described(result):
    """What a route result decides: the page (its class and id) and the view arguments."""
    if result is None:
        return None
    page, args, kwargs = result
    view = args[0].__name__ if args else None
    return (type(page).__name__, page.pk, view, tuple(args[1:]), kwargs)


@pytest.fixture
def tree(site_tree):
    methods = site_tree["hu"]["methods"]
    method = MethodologyArticleFactory(parent=methods, title="Világkávézó")
    translate(method, "sl", title="Svetovna kavarna")
    draft = MethodologyArticleFactory(parent=methods, title="Piszkozat", live=False)
    programme = ProgrammeFactory(parent=site_tree["hu"]["home"], title="Program")
    group = MentorGroupFactory(parent=programme, title="Műhely")
    writeup = WorkshopWriteUpFactory(parent=group, title="Első alkalom")
    # A write-up that shares its slug with one of the group page's own routes.
    WorkshopWriteUpFactory(parent=group, title="Calendar", slug="calendar")
    return {
        "methods": methods,
        "method": method,
        "draft": draft,
        "programme": programme,
        "group": group,
        "writeup": writeup,
    }


def paths_of(tree):
    methods, programme, group = tree["methods"], tree["programme"], tree["group"]
    return [
        ("hu", ""),
        ("sl", ""),
        ("en", ""),
        ("hu", f"{methods.slug}/"),
        ("hu", f"{methods.slug}/{tree['method'].slug}/"),
        ("hu", f"{methods.slug}/{tree['draft'].slug}/"),
        ("hu", f"{methods.slug}/nincs-ilyen/"),
        ("hu", "nincs-ilyen/"),
        ("hu", f"{methods.slug}/{tree['method'].slug}/tovabb/"),
        ("hu", f"{programme.slug}/"),
        ("hu", f"{programme.slug}/calendar/"),
        ("hu", f"{programme.slug}/report/"),
        ("hu", f"{programme.slug}/{group.slug}/"),
        ("hu", f"{programme.slug}/{group.slug}/calendar/"),
        ("hu", f"{programme.slug}/{group.slug}/write-up/"),
        ("hu", f"{programme.slug}/{group.slug}/{tree['writeup'].slug}/"),
        ("hu", f"{programme.slug}/{group.slug}/{tree['writeup'].slug}/calendar/"),
    ]


@pytest.mark.django_db
def test_routes_every_path_to_the_page_wagtail_finds(tree, site_tree):
    sl_methods = site_tree["sl"]["methods"]
    sl_method = tree["method"].get_translation(sl_methods.locale)
    paths = paths_of(tree) + [
        ("sl", f"{sl_methods.slug}/"),
        ("sl", f"{sl_methods.slug}/{sl_method.slug}/"),
        # The Hungarian slug under the Slovenian home is not a page.
        ("sl", f"{tree['methods'].slug}/{tree['method'].slug}/"),
    ]
    found = {}
    for language, path in paths:
        with translation.override(language):
            expected = described(wagtail_route(request_for(language, path), path))
            found[language, path] = described(one_query_route(request_for(language, path), path))
        assert found[language, path] == expected, (language, path)
    programme, group = tree["programme"].slug, tree["group"].slug
    assert found["hu", ""][0] == "HomePage"
    assert found["sl", f"{sl_methods.slug}/{sl_method.slug}/"][1] == sl_method.pk
    assert found["hu", f"{tree['methods'].slug}/{tree['draft'].slug}/"] is None
    # The group's own route wins over its write-up with the same slug, as in Wagtail.
    assert found["hu", f"{programme}/{group}/calendar/"][1:3] == (tree["group"].pk, "calendar")
    assert found["hu", f"{programme}/{group}/{tree['writeup'].slug}/"][1] == tree["writeup"].pk


@pytest.mark.django_db
def test_a_language_whose_home_is_not_live_is_routed_from_the_default_home(tree, site_tree):
    english_home = site_tree["en"]["home"]
    english_home.unpublish()
    path = f"{tree['methods'].slug}/{tree['method'].slug}/"
    with translation.override("en"):
        expected = described(wagtail_route(request_for("en", path), path))
        found = described(one_query_route(request_for("en", path), path))
    assert found == expected
    assert found[1] == tree["method"].pk


@pytest.mark.django_db
def test_a_page_with_no_restriction_on_its_path_skips_the_restriction_queries(tree):
    path = f"{tree['methods'].slug}/{tree['method'].slug}/"
    with translation.override("hu"):
        page = routing.route(request_for("hu", path), path)[0]
    assert list(page.get_view_restrictions()) == []


@pytest.mark.django_db
def test_a_restriction_above_the_page_is_still_enforced(client, tree):
    PageViewRestriction.objects.create(
        page=tree["methods"], restriction_type=PageViewRestriction.PASSWORD, password="titok"
    )
    path = f"{tree['methods'].slug}/{tree['method'].slug}/"
    with translation.override("hu"):
        page = routing.route(request_for("hu", path), path)[0]
    assert len(page.get_view_restrictions()) == 1
    response = client.get(tree["method"].url)
    assert response.status_code == 200
    assert "Világkávézó" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


@pytest.mark.django_db
def test_an_alias_of_a_restricted_page_keeps_its_source_restriction(client, tree, site_tree):
    members_only = MethodologyArticleFactory(parent=tree["methods"], title="Tagoknak szóló")
    PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.LOGIN
    )
    alias = members_only.create_alias(parent=site_tree["hu"]["collections"], update_slug="alias")
    assert client.get(members_only.url).status_code == 302
    response = client.get(Page.objects.get(pk=alias.pk).url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_the_header_of_a_routed_page_comes_with_the_route(client, tree, site_tree):
    """Language links, the menu and the original-language notice are right."""
    sl_method = tree["method"].get_translation(site_tree["sl"]["methods"].locale)
    sl_method.machine_translated = True
    publish(sl_method)
    response = client.get(sl_method.url)
    html = response.content.decode()
    assert f'hreflang="hu" href="http://testserver{tree["method"].url}"' in html
    assert f'href="{site_tree["en"]["home"].url}" lang="en"' in html
    assert f'href="{site_tree["sl"]["methods"].url}"' in html
    assert f'<a href="{tree["method"].url}" hreflang="hu">' in html
