"""Method and package pages show the write-ups that developed and used them."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import translate
from tests.factories import MethodologyArticleFactory, ProgrammePackageFactory
from tests.groups.factories import MentorGroupFactory, WorkshopWriteUpFactory


def panel(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".provenance")


def reuse_rows(section):
    return {
        row.th.get_text(strip=True): int(row.td["data-count"])
        for row in section.select(".reuse tbody tr")
    }


@pytest.fixture
def method(site_tree):
    return MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Világkávézó")


@pytest.mark.django_db
def test_method_page_shows_the_write_ups_that_used_it_per_region(client, groups, method):
    group_a, group_b = groups
    WorkshopWriteUpFactory(parent=group_a, title="Kávézó Kecskeméten", methods_used=[method])
    WorkshopWriteUpFactory(parent=group_a, title="Második kávézó", methods_used=[method])
    WorkshopWriteUpFactory(parent=group_b, title="Kávézó Egerben", methods_used=[method])
    WorkshopWriteUpFactory(parent=group_b, title="Más módszerrel")
    section = panel(client, method)
    with translation.override("hu"):
        assert section.h2.get_text(strip=True) == gettext("Developed and used in")
    assert section.select_one(".reuse-total")["data-count"] == "3"
    assert reuse_rows(section) == {"Kecskemét térsége": 2, "Heves vármegye": 1}
    titles = {node.get_text(strip=True) for node in section.select(".card-title")}
    assert titles == {"Kávézó Kecskeméten", "Második kávézó", "Kávézó Egerben"}


@pytest.mark.django_db
def test_regions_are_named_in_the_readers_language_and_works_count_once(client, groups, method):
    group_a, _group_b = groups
    programme = group_a.get_parent().specific
    slovenian_method = translate(method, "sl", title="Svetovna kavarna")
    writeup = WorkshopWriteUpFactory(parent=group_a, methods_used=[method])
    translate(programme, "sl", title="Povezave")
    translate(group_a, "sl", title="Delavnica")
    slovenian_writeup = translate(writeup, "sl", title="Kavarna v Kecskemétu")
    slovenian_writeup.methods_used.set([slovenian_method])
    slovenian_writeup.save_revision().publish()
    section = panel(client, slovenian_method)
    assert reuse_rows(section) == {"Območje Kecskeméta": 1}
    titles = [node.get_text(strip=True) for node in section.select(".card-title")]
    assert titles == ["Kavarna v Kecskemétu"]


@pytest.mark.django_db
def test_package_page_shows_where_it_was_developed(client, site_tree, groups):
    group_a, _group_b = groups
    package = ProgrammePackageFactory(parent=site_tree["hu"]["packages"], title="Ünnepek")
    WorkshopWriteUpFactory(parent=group_a, title="Csomagtervezés", outputs=[package])
    section = panel(client, package)
    groups_named = [node.get_text(strip=True) for node in section.select(".chip a")]
    assert groups_named == ["Közkincs műhely"]
    assert [node.get_text(strip=True) for node in section.select(".card-title")] == [
        "Csomagtervezés"
    ]
    assert section.select_one(".reuse") is None


@pytest.mark.django_db
def test_no_panel_without_public_write_ups(client, groups, method):
    group_a, _group_b = groups
    WorkshopWriteUpFactory(parent=group_a, methods_used=[method], visibility="members")
    WorkshopWriteUpFactory(parent=group_a, methods_used=[method], visibility="group")
    WorkshopWriteUpFactory(parent=group_a, methods_used=[method]).unpublish()
    assert panel(client, method) is None


@pytest.mark.django_db
def test_write_up_under_a_restricted_group_does_not_count(client, groups, method, programme):
    from wagtail.models import PageViewRestriction

    hidden_group = MentorGroupFactory(parent=programme, title="Zárt csoport")
    PageViewRestriction.objects.create(
        page=hidden_group, restriction_type=PageViewRestriction.LOGIN
    )
    WorkshopWriteUpFactory(parent=hidden_group, methods_used=[method])
    WorkshopWriteUpFactory(parent=groups[0], methods_used=[method])
    section = panel(client, method)
    assert section.select_one(".reuse-total")["data-count"] == "1"
