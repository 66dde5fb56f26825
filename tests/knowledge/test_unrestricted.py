"""``unrestricted`` and ``unrestricted_in_bulk`` answer exactly as Wagtail's ``public()``,
without a query of their own."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from knowledge.models import KnowledgePage, MethodologyArticle
from knowledge.restrictions import restricted, unrestricted, unrestricted_in_bulk
from tests.factories import MethodologyArticleFactory


@pytest.fixture
def restricted_tree(site_tree):
    methods = site_tree["hu"]["methods"]
    open_page = MethodologyArticleFactory(parent=methods, title="Nyitott módszer")
    login_page = MethodologyArticleFactory(parent=methods, title="Belépéshez kötött")
    below_login = MethodologyArticleFactory(parent=login_page, title="Alatta")
    group_page = MethodologyArticleFactory(parent=methods, title="Csoporté")
    password_page = MethodologyArticleFactory(parent=methods, title="Jelszavas")
    PageViewRestriction.objects.create(page=login_page, restriction_type="login")
    restriction = PageViewRestriction.objects.create(page=group_page, restriction_type="groups")
    restriction.groups.set([Group.objects.create(name="Zárt csoport")])
    PageViewRestriction.objects.create(
        page=password_page, restriction_type="password", password="x"
    )
    return {
        "open": open_page,
        "closed": [login_page, below_login, group_page, password_page],
        "methods": methods,
    }


@pytest.mark.django_db
def test_same_pages_as_wagtails_public(restricted_tree):
    ours = set(unrestricted(Page.objects.all()).values_list("pk", flat=True))
    wagtails = set(Page.objects.public().values_list("pk", flat=True))
    assert ours == wagtails
    assert restricted_tree["open"].pk in ours
    assert not ours & {page.pk for page in restricted_tree["closed"]}


@pytest.mark.django_db
def test_a_restriction_on_a_section_hides_everything_below_it(restricted_tree):
    PageViewRestriction.objects.create(page=restricted_tree["methods"], restriction_type="login")
    below = restricted_tree["methods"].get_descendants(inclusive=True)
    assert not unrestricted(below).exists()
    assert set(unrestricted(Page.objects.all())) == set(Page.objects.public())


@pytest.mark.django_db
def test_a_sibling_with_a_longer_path_prefix_is_not_confused(site_tree):
    """Paths are fixed-width steps: '00010001' must not restrict '000100010001'… only by prefix."""
    methods = site_tree["hu"]["methods"]
    first = MethodologyArticleFactory(parent=methods)
    second = MethodologyArticleFactory(parent=methods)
    PageViewRestriction.objects.create(page=first, restriction_type="login")
    visible = set(unrestricted(methods.get_children()).values_list("pk", flat=True))
    assert second.pk in visible and first.pk not in visible


@pytest.mark.django_db
def test_costs_no_query_of_its_own(restricted_tree, django_assert_num_queries):
    queryset = unrestricted(Page.objects.all())
    with django_assert_num_queries(1):
        list(queryset)


@pytest.mark.django_db
def test_the_annotation_says_the_same_as_the_filter(restricted_tree):
    annotated = Page.objects.annotate(restricted=restricted()).filter(depth__gt=1)
    verdicts = {page.pk: page.restricted for page in annotated}
    assert verdicts[restricted_tree["open"].pk] is False
    assert all(verdicts[page.pk] is True for page in restricted_tree["closed"])


@pytest.mark.django_db
def test_a_page_deeper_than_the_checked_levels_counts_as_restricted(site_tree, monkeypatch):
    """Below the deepest level it checks, the filter hides a page rather than guess."""
    from knowledge import restrictions

    open_page = MethodologyArticleFactory(parent=site_tree["hu"]["methods"])
    monkeypatch.setattr(restrictions, "DEEPEST_CHECKED", open_page.depth - 1)
    assert not unrestricted(Page.objects.filter(pk=open_page.pk)).exists()
    monkeypatch.setattr(restrictions, "DEEPEST_CHECKED", open_page.depth)
    assert unrestricted(Page.objects.filter(pk=open_page.pk)).exists()


@pytest.mark.django_db
def test_in_bulk_same_pages_as_wagtails_public(restricted_tree):
    ours = set(unrestricted_in_bulk(Page.objects.all()).values_list("pk", flat=True))
    assert ours == set(Page.objects.public().values_list("pk", flat=True))
    assert restricted_tree["open"].pk in ours
    assert not ours & {page.pk for page in restricted_tree["closed"]}


@pytest.mark.django_db
def test_in_bulk_on_a_page_type_checks_the_page_rows(restricted_tree):
    """A page type's queryset has its own primary key column; the check is the page's."""
    for model in (KnowledgePage, MethodologyArticle):
        found = set(unrestricted_in_bulk(model.objects.all()).values_list("pk", flat=True))
        assert found == {restricted_tree["open"].pk}
        assert unrestricted_in_bulk(model.objects.all()).count() == 1


@pytest.mark.django_db
def test_in_bulk_a_restriction_on_a_section_hides_everything_below_it(restricted_tree):
    PageViewRestriction.objects.create(page=restricted_tree["methods"], restriction_type="login")
    below = restricted_tree["methods"].get_descendants(inclusive=True)
    assert not unrestricted_in_bulk(below).exists()
    assert set(unrestricted_in_bulk(Page.objects.all())) == set(Page.objects.public())


@pytest.mark.django_db
def test_in_bulk_a_sibling_is_not_confused(site_tree):
    methods = site_tree["hu"]["methods"]
    first = MethodologyArticleFactory(parent=methods)
    second = MethodologyArticleFactory(parent=methods)
    below_second = MethodologyArticleFactory(parent=second)
    PageViewRestriction.objects.create(page=first, restriction_type="login")
    visible = set(unrestricted_in_bulk(Page.objects.all()).values_list("pk", flat=True))
    assert {second.pk, below_second.pk} <= visible and first.pk not in visible


@pytest.mark.django_db
def test_in_bulk_has_no_depth_limit(site_tree, monkeypatch):
    """The set of restricted pages is found by path ranges, at any depth."""
    from knowledge import restrictions

    page = MethodologyArticleFactory(parent=site_tree["hu"]["methods"])
    deeper = MethodologyArticleFactory(parent=page)
    monkeypatch.setattr(restrictions, "DEEPEST_CHECKED", 1)
    assert unrestricted_in_bulk(Page.objects.filter(pk=deeper.pk)).exists()
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert not unrestricted_in_bulk(Page.objects.filter(pk=deeper.pk)).exists()


@pytest.mark.django_db
def test_in_bulk_costs_no_query_of_its_own(restricted_tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        unrestricted_in_bulk(Page.objects.all()).count()
