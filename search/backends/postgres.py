"""Wagtail's PostgreSQL search backend, with the library's pages searchable per language.

Wagtail's index entries stay as they are (the admin searches them); every time the
backend writes entries for library pages it also copies them into
``search.models.PageDocument``: one row per page with its work, type and liveness,
and its weighted title and body as one vector whose every word carries the page's
language (``hu:onkentes``). The search page asks ``documents_matching`` and
``documents_completing``, which read that table alone; anything else (the admin, the
API's ``?search=``) goes through Wagtail's queries as before.

Why the language is part of each word: at 100,000 items a common Hungarian word
matched 31,600 of the 50,000 Hungarian pages. Through Wagtail's entries PostgreSQL
joined every match to the language's pages by a text key and ranked title and body
apart for every synonym variant (290 ms). With a language column beside the text,
PostgreSQL estimated a Hungarian word's matches among all pages and then halved the
estimate again for "Hungarian only", so it misjudged common words by ten times and
read every match; a Hungarian word in the Slovenian documents it overestimated and
scanned them all. With the language inside the words, a word's statistics are its
language's, a query of one language can only ever meet that language's pages, and
the text index alone finds them.

Ranking reads the vector of every match it ranks, so a search ranks a window: the
``RANKING_WINDOW`` most recent matches (newest pages first, from the primary key's
index). A query with fewer matches is ranked whole; a word that thousands of pages
hold says little about any one of them, and the reader gets the most relevant of the
recent ones. The cost of a search is bounded by the window, not by the library.
"""

from django.db import connections, router
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend
from modelsearch.backends.database.postgres.weights import get_sql_weights
from modelsearch.conf import get_app_config
from modelsearch.utils import get_content_type_pk
from wagtail.search.query import And, Or, PlainText

from knowledge.models import KnowledgePage
from search.models import PageDocument

IndexEntry = get_app_config().get_model("IndexEntry")
TABLE = PageDocument._meta.db_table
# How many of a query's newest matches in one language are ranked.
RANKING_WINDOW = 2000
# ``site_search_in_language`` (migration 0004) prefixes every lexeme with the language.
COPY = f"""
INSERT INTO {TABLE}
    (page_id, locale_id, content_type_id, translation_key, live, document, autocomplete)
SELECT page.id, page.locale_id, page.content_type_id, page.translation_key, page.live,
       site_search_in_language(entry.title || entry.body, locale.language_code),
       site_search_in_language(entry.autocomplete, locale.language_code)
FROM {IndexEntry._meta.db_table} entry
JOIN wagtailcore_page page
  ON page.id::text = entry.object_id AND page.content_type_id = entry.content_type_id
JOIN wagtailcore_locale locale ON locale.id = page.locale_id
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
MATCHES = f"""
SELECT page_id, translation_key, content_type_id FROM {TABLE}
WHERE live AND document @@ %(query)s::tsquery
ORDER BY page_id DESC LIMIT %(limit)s
"""
# The window is chosen first and ranked after, so at most the window's vectors are ranked
# whichever way PostgreSQL finds the matches.
RANKED_MATCHES = f"""
SELECT page_id, translation_key, content_type_id,
       ts_rank(%(weights)s::float4[], document, %(query)s::tsquery) AS rank
FROM {TABLE}
WHERE page_id IN (
    SELECT page_id FROM {TABLE} WHERE live AND document @@ %(query)s::tsquery
    ORDER BY page_id DESC LIMIT %(window)s
)
"""
COMPLETIONS = f"""
SELECT page_id, ts_rank(autocomplete, %(query)s::tsquery) AS rank FROM {TABLE}
WHERE page_id IN (
    SELECT page_id FROM {TABLE} WHERE live AND autocomplete @@ %(query)s::tsquery
    ORDER BY page_id DESC LIMIT %(window)s
)
"""


def lexeme(word, language, prefix=False):
    """A tsquery lexeme of the documents: the language, a colon and the word, quoted."""
    quoted = f"{language}:{word}".replace("\\", "\\\\").replace("'", "''")
    return f"'{quoted}'" + (":*" if prefix else "")


def tsquery(query, language):
    """The tsquery text of a query that ``search.synonyms.expand`` built from analysed
    words: every word required within a variant, variants as alternatives."""
    if isinstance(query, PlainText):
        operator = " & " if query.operator == "and" else " | "
        words = query.query_string.split()
        return "(" + operator.join(lexeme(word, language) for word in words) + ")"
    if isinstance(query, (And, Or)):
        operator = " & " if isinstance(query, And) else " | "
        return "(" + operator.join(tsquery(part, language) for part in query.subqueries) + ")"
    raise TypeError(f"{type(query).__name__} is not a query the search page builds")


def best_first(rows, limit):
    """Rows ending in their rank, best first (newest first among equals), without it."""
    ranked = sorted(rows, key=lambda row: (-row[-1], -row[0]))
    return [row[:-1] for row in ranked[:limit]]


class LanguageIndex(PostgresIndex):
    """Wagtail's index entries, and a document per library page copied from them."""

    def add_items(self, model, objs):
        super().add_items(model, objs)
        self.entries_written(model, objs)

    def entries_written(self, model, objs):
        """Copy the index entries just written for ``objs`` into their documents; also
        called by the batch import, which writes the entries itself
        (``knowledge.search_batches``)."""
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

    def documents_matching(self, query, language, limit, ranked=True):
        """Up to ``limit`` rows (page id, translation key, content type id) of the live
        library pages of ``language`` that match ``query`` (a Wagtail query of
        analysed words): best first when ``ranked``, else newest first."""
        parameters = {"query": tsquery(query, language), "limit": limit}
        if not ranked:
            return self._rows(MATCHES, parameters)
        parameters.update(weights=get_sql_weights(), window=RANKING_WINDOW)
        return best_first(self._rows(RANKED_MATCHES, parameters), limit)

    def documents_completing(self, words, language, limit):
        """Ids of up to ``limit`` live library pages of ``language`` whose autocomplete
        text holds ``words`` (folded), the last one as a prefix, best first."""
        text = " & ".join(
            lexeme(word, language, prefix=position == len(words) - 1)
            for position, word in enumerate(words)
        )
        rows = self._rows(COMPLETIONS, {"query": text, "window": RANKING_WINDOW})
        return [page_id for (page_id,) in best_first(rows, limit)]

    @staticmethod
    def _rows(sql, parameters):
        with connections[router.db_for_read(PageDocument)].cursor() as cursor:
            cursor.execute(sql, parameters)
            return cursor.fetchall()


SearchBackend = LanguagePostgresSearchBackend
