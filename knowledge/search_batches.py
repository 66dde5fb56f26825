"""Pages written in bulk, put into the search index a chunk at a time.

A page saved through Wagtail is indexed by its signal handler as its own model, read
back with the model's ``get_indexed_objects`` (which the analysed search fields of
``knowledge.search_index`` then turn into each page's own language). ``index_pages``
does the same for many pages: it reads them back in chunks, with the same query a
rebuild of the index uses, and hands each chunk to every auto-updated backend.

Two costs of Wagtail's database backend on PostgreSQL grow with every page: it asks
each page for every field's value once per column it fills (five), and it builds and
compiles Django expressions for each value's ``tsvector`` (setweight, to_tsvector,
COALESCE). Inside ``values_worked_out_once`` each value is worked out once, and
``PostgresBatch`` compiles the expression once per shape (the weights of a column's
values) and reuses that SQL with the next page's texts. The statement it sends is the
backend's own; ``tests/knowledge/test_bulk_import.py`` compares the entries with
those of ``add_bulk``. Other backends get ``add_bulk``.
"""

import logging
from functools import cache

from django.db.models.sql.subqueries import InsertQuery
from modelsearch.utils import get_content_type_pk
from wagtail.search.backends import get_search_backends_with_name

from knowledge.search_index import values_worked_out_once

logger = logging.getLogger(__name__)
INDEX_CHUNK = 500


def _postgres():
    """Wagtail's PostgreSQL search module, imported only where that database is used."""
    from modelsearch.backends.database.postgres import postgres

    return postgres


class _CompiledVector:
    """A column's ``tsvector`` as SQL and parameters, ready for the statement."""

    __slots__ = ("sql", "params")

    def __init__(self, sql, params):
        self.sql, self.params = sql, params


class _Shapes:
    """Compiled SQL of a vector per shape, with the places of its texts in the parameters."""

    def __init__(self, compiler, connection):
        self.compiler, self.connection = compiler, connection
        self.compiled = {}

    def vector(self, indexer, texts, for_autocomplete):
        weights = tuple(weight for _text, weight in texts)
        key = (weights, for_autocomplete, indexer.config, indexer.autocomplete_config)
        if key not in self.compiled:
            markers = [f"\x00text {number}\x00" for number in range(len(texts))]
            postgres = _postgres()
            if texts:
                expression = postgres.ObjectIndexer.as_vector(
                    indexer, list(zip(markers, weights, strict=True)), for_autocomplete
                )
            else:
                expression = postgres.EMPTY_VECTOR
            field = postgres.IndexEntry._meta.get_field("body")
            value = self.compiler.prepare_value(field, expression)
            sql, params = value.as_sql(self.compiler, self.connection)
            params = list(params)
            self.compiled[key] = (sql, params, [params.index(marker) for marker in markers])
        sql, params, places = self.compiled[key]
        params = list(params)
        for place, (text, _weight) in zip(places, texts, strict=True):
            params[place] = text
        return _CompiledVector(sql, params)


@cache
def _indexer_class():
    """The backend's indexer, its vectors compiled through its ``shapes``."""

    class Indexer(_postgres().ObjectIndexer):
        shapes = None

        def as_vector(self, texts, for_autocomplete=False):
            texts = [(text.strip(), weight) for text, weight in texts]
            texts = [(text, weight) for text, weight in texts if text]
            return self.shapes.vector(self, texts, for_autocomplete)

    return Indexer


def add_to_postgres_index(index, model, objects):
    """``PostgresIndex.add_items`` for a chunk of ``objects``, each shape compiled once."""
    if not model.get_search_fields() or not objects:
        return
    connection = index.write_connection
    entries = _postgres().IndexEntry
    compiler = InsertQuery(entries).get_compiler(connection=connection)
    shapes = _Shapes(compiler, connection)
    content_type_pk = get_content_type_pk(model)
    rows, params = [], []
    for obj in objects:
        indexer = _indexer_class()(obj, index.backend)
        indexer.shapes = shapes
        title, autocomplete, body = indexer.title, indexer.autocomplete, indexer.body
        rows.append(f"(%s, %s, {title.sql}, {autocomplete.sql}, {body.sql}, 1.0, %s, %s)")
        params += [content_type_pk, indexer.id, *title.params, *autocomplete.params]
        params += [*body.params, indexer.title_text, indexer.body_text]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {entries._meta.db_table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
            (VALUES {", ".join(rows)})
            ON CONFLICT (content_type_id, object_id)
            DO UPDATE SET title = EXCLUDED.title,
                          title_norm = 1.0,
                          autocomplete = EXCLUDED.autocomplete,
                          body = EXCLUDED.body,
                          title_text = EXCLUDED.title_text,
                          body_text = EXCLUDED.body_text
            """,  # noqa: E501 - the backend's own statement, as it writes it
            params,
        )
    index._refresh_title_norms()
    # A backend that keeps more than Wagtail's entries (the search app's per-language
    # documents) copies what it needs from the entries just written.
    entries_written = getattr(index, "entries_written", None)
    if entries_written is not None:
        entries_written(model, objects)


def _is_postgres_index(index):
    connection = getattr(index, "write_connection", None)
    return (
        connection is not None
        and connection.vendor == "postgresql"
        and isinstance(index, _postgres().PostgresIndex)
    )


def add_chunk(backend, model, objects):
    index = backend.get_index_for_model(model)
    with values_worked_out_once():
        if _is_postgres_index(index):
            add_to_postgres_index(index, model, objects)
        else:
            backend.add_bulk(model, objects)


def index_pages(model, page_ids, progress=None):
    """Index the pages of ``model`` with these ids in every auto-updated search backend.

    As Wagtail's signal handler does, a backend that catches indexing errors (a search
    server) has its failures logged rather than raised; a database backend raises.
    """
    page_ids = sorted(page_ids)
    backends = list(get_search_backends_with_name(with_auto_update=True))
    for start in range(0, len(page_ids), INDEX_CHUNK):
        ids = page_ids[start : start + INDEX_CHUNK]
        chunk = list(model.get_indexed_objects().filter(pk__in=ids))
        for name, backend in backends:
            try:
                add_chunk(backend, model, chunk)
            except Exception:
                if not backend.catch_indexing_errors:
                    raise
                logger.exception(
                    "Could not add %d %s to the search backend '%s'",
                    len(chunk),
                    model.__name__,
                    name,
                )
        if progress:
            progress(len(chunk))
