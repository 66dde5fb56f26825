"""The database plans the site's queries from statistics and indexes that fit its size."""

import pytest
from django.db import connection

from knowledge.planner_statistics import refresh_planner_statistics


def statistics_rows():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'wagtailcore_page'")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone()[0] == 0:
                return 0
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'wagtailcore_page'")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_refreshing_gives_the_page_table_statistics(site_tree):
    assert refresh_planner_statistics() is True
    assert statistics_rows() > 0


def last_vacuum_of_search_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'wagtailsearch_indexentry'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_postgresql_also_vacuums():
    """VACUUM merges the GIN pending lists that every search would otherwise read through."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's VACUUM would rewrite the whole file; it only gets ANALYZE")
    before = last_vacuum_of_search_index()
    assert refresh_planner_statistics() is True
    after = last_vacuum_of_search_index()
    assert after is not None and after != before


@pytest.mark.django_db
def test_postgresql_search_matches_through_an_index_of_its_text():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's search uses its own full-text table")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'wagtailsearch_indexentry'"
        )
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("gin" in d and "(title || body)" in d for d in definitions), definitions
