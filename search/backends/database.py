"""Wagtail's database search backend, with per-language documents on PostgreSQL.

Like ``wagtail.search.backends.database`` it picks the backend of the default
database: on PostgreSQL the site's own (``search.backends.postgres``), elsewhere
Wagtail's (SQLite's full-text table), unchanged.
"""

from django.db import connection
from wagtail.search.backends.database import SearchBackend as WagtailDatabaseBackend


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    if connection.vendor == "postgresql":
        from search.backends.postgres import LanguagePostgresSearchBackend

        return LanguagePostgresSearchBackend(params)
    return WagtailDatabaseBackend(params)
