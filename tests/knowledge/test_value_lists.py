"""``AnyOf``: a long list of values as one parameter on PostgreSQL, ``IN`` elsewhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from knowledge.value_lists import AnyOf

pytestmark = pytest.mark.django_db


def test_it_keeps_the_rows_whose_column_is_in_the_list(site_tree):
    pages = list(Page.objects.filter(depth__gt=1)[:3])
    wanted = [pages[0].pk, pages[2].pk, 10**9]
    assert set(Page.objects.filter(AnyOf("pk", wanted)).values_list("pk", flat=True)) == {
        pages[0].pk,
        pages[2].pk,
    }


def test_values_are_prepared_for_the_column(site_tree):
    page = Page.objects.filter(depth__gt=1).first()
    found = Page.objects.filter(AnyOf("translation_key", [page.translation_key]))
    assert page.pk in set(found.values_list("pk", flat=True))


def test_an_empty_list_finds_nothing(site_tree):
    assert list(Page.objects.filter(AnyOf("pk", []))) == []


def test_postgresql_gets_one_parameter_however_long_the_list(site_tree):
    if connection.vendor != "postgresql":
        pytest.skip("other databases get one placeholder per value")
    with CaptureQueriesContext(connection) as queries:
        list(Page.objects.filter(AnyOf("pk", range(1, 2001))).values_list("pk"))
    assert "= ANY(" in queries[0]["sql"]
    assert queries[0]["sql"].count("IN (") == 0
