"""Wagtail's PostgreSQL search backend, with the library's pages searchable per language.

Wagtail's index entries stay as they are (the admin searches them); every time the
backend writes entries for library pages it also copies them into
``search.models.PageDocument``: one row per page, with the language, liveness, work
and type as columns and the weighted title and body as one vector. The search page
asks ``documents_matching`` and ``documents_completing``, which read that table
alone; anything else (the admin, the API's ``?search=``) goes through Wagtail's
queries as before.

Why: at 100,000 items a common Hungarian word matched 31,600 of 50,000 Hungarian
pages. Through Wagtail's entries PostgreSQL joined every match to the language's
pages by a text key and ranked title and body apart for every synonym variant
(290 ms); from the documents it filters by language in the same rows and ranks one
vector once (see the README's "Search latency").
"""

import re
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, router
from django.db.models import F
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.backends.database.postgres.weights import get_sql_weights
from modelsearch.conf import get_app_config
from modelsearch.utils import get_content_type_pk
from wagtail.search.query import And, Or, PlainText

from knowledge.models import KnowledgePage
from search.models import PageDocument

# The index holds analysed tokens (``search.indexing``): PostgreSQL must not stem again.
CONFIG = "simple"
IndexEntry = get_app_config().get_model("IndexEntry")
TABLE = PageDocument._meta.db_table
COPY = f"""
INSERT INTO {TABLE}
    (page_id, locale_id, content_type_id, translation_key, live, document, autocomplete)
SELECT page.id, page.locale_id, page.content_type_id, page.translation_key, page.live,
       entry.title || entry.body, entry.autocomplete
FROM {IndexEntry._meta.db_table} entry
JOIN wagtailcore_page page
  ON page.id::text = entry.object_id AND page.content_type_id = entry.content_type_id
WHERE entry.content_type_id = %s AND entry.object_id = ANY(%s)
ON CONFLICT (page_id) DO UPDATE SET
    locale_id = EXCLUDED.locale_id,
    content_type_id = EXCLUDED.content_type_id,
    translation_key = EXCLUDED.translation_key,
    live = EXCLUDED.live,
    document = EXCLUDED.document,
    autocomplete = EXCLUDED.autocomplete
"""
# Documents whose page has no index entry of its own type any more.
STALE = f"""
DELETE FROM {TABLE} document
WHERE NOT EXISTS (
    SELECT 1 FROM {IndexEntry._meta.db_table} entry
    WHERE entry.object_id = document.page_id::text
      AND entry.content_type_id = document.content_type_id
)
"""


def _lexemes(words, operator="and", last_is_prefix=False):
    terms = [Lexeme(word) for word in words[:-1]]
    terms.append(Lexeme(words[-1], prefix=last_is_prefix))
    return reduce(and_ if operator == "and" else or_, terms)


def tsquery(query):
    """The tsquery of a query that ``search.synonyms.expand`` built from analysed words,
    as Wagtail's backend builds it: each word a lexeme, ``And``/``Or`` kept."""
    if isinstance(query, PlainText):
        words = [word for word in re.split(r"[\s\-]+", query.query_string) if word]
        return SearchQuery(_lexemes(words, query.operator), search_type="raw", config=CONFIG)
    if isinstance(query, (And, Or)):
        combine = and_ if isinstance(query, And) else or_
        return reduce(combine, (tsquery(subquery) for subquery in query.subqueries))
    raise TypeError(f"{type(query).__name__} is not a query the search page builds")


class LanguageIndex(PostgresIndex):
    """Wagtail's index entries, and a document per library page copied from them."""

    def add_items(self, model, objs):
        super().add_items(model, objs)
        if not issubclass(model, KnowledgePage) or not objs:
            return
        with self.write_connection.cursor() as cursor:
            cursor.execute(COPY, [get_content_type_pk(model), [str(obj.pk) for obj in objs]])

    def delete_item(self, item):
        super().delete_item(item)
        PageDocument.objects.using(self.write_connection.alias).filter(pk=item.pk).delete()

    def delete_stale_entries(self):
        super().delete_stale_entries()
        with self.write_connection.cursor() as cursor:
            cursor.execute(STALE)

    def reset(self):
        super().reset()
        for connection in connections.all():
            if connection.vendor == "postgresql":
                PageDocument.objects.using(connection.alias).all()._raw_delete(connection.alias)


class LanguagePostgresSearchBackend(PostgresSearchBackend):
    index_class = LanguageIndex

    def documents_matching(self, query, locale_id, ranked=True):
        """Live library pages of one language matching ``query`` (a Wagtail query of
        analysed words), best first when ``ranked``; a queryset of ``PageDocument``."""
        search_query = tsquery(query)
        documents = self._documents(locale_id).filter(document=search_query)
        if not ranked:
            return documents.order_by("-pk")
        rank = SearchRank(F("document"), search_query, weights=get_sql_weights())
        return documents.annotate(rank=rank).order_by("-rank", "-pk")

    def documents_completing(self, words, locale_id):
        """Live library pages of one language whose autocomplete text has a word
        starting like each of ``words`` (folded), best first."""
        search_query = SearchQuery(
            _lexemes(words, last_is_prefix=True), search_type="raw", config=CONFIG
        )
        rank = SearchRank(F("autocomplete"), search_query)
        return (
            self._documents(locale_id)
            .filter(autocomplete=search_query)
            .annotate(rank=rank)
            .order_by("-rank", "-pk")
        )

    def _documents(self, locale_id):
        alias = router.db_for_read(PageDocument)
        return PageDocument.objects.using(alias).filter(locale_id=locale_id, live=True)


SearchBackend = LanguagePostgresSearchBackend
