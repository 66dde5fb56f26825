"""Search fields whose text is analysed in the page's own language before indexing.

Wagtail's database backends keep one index entry per object and analyse nothing
per language, and several configured backends overwrite each other's entries
(wagtail/wagtail#9253). So there is one backend, and the text put into it is
already analysed: every ``SearchField`` of a library page becomes an
``AnalysedSearchField`` with the same name and boost (so ``title`` still fills the
weighted title column) and every ``AutocompleteField`` a ``FoldedAutocompleteField``.
The analysis itself is registered by the search app through
``knowledge.extensions.register_index_analysis``; queries are analysed the same way
by the search app before they reach the backend.

Wagtail's database backends ask an object for every field's value once per column
they fill (three to five times); inside ``values_worked_out_once`` (what
``knowledge.search_batches`` indexes pages in) each value is worked out once.
"""

import contextvars
from contextlib import contextmanager

from wagtail.search import index

from knowledge.extensions import index_analysis

_chunk_values = contextvars.ContextVar("search_values_of_a_chunk", default=None)


@contextmanager
def values_worked_out_once():
    """Within the block, a search field's value for an object is worked out once; the
    objects must outlive the block (they are told apart by identity)."""
    token = _chunk_values.set({})
    try:
        yield
    finally:
        _chunk_values.reset(token)


def _once(field, obj, work_out):
    values = _chunk_values.get()
    if values is None:
        return work_out()
    key = (id(obj), type(field), field.field_name)
    if key not in values:
        values[key] = work_out()
    return values[key]


def as_text(value):
    """Flatten what a search field yields (strings, lists, dicts, tags) into one text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(as_text(item) for item in value.values())
    if isinstance(value, (list, tuple, set)):
        return " ".join(as_text(item) for item in value)
    return str(value)


class AnalysedSearchField(index.SearchField):
    def get_value(self, obj):
        return _once(
            self,
            obj,
            lambda: index_analysis().index_text(
                as_text(super(AnalysedSearchField, self).get_value(obj)), obj
            ),
        )


class FoldedAutocompleteField(index.AutocompleteField):
    def get_value(self, obj):
        return _once(
            self,
            obj,
            lambda: index_analysis().autocomplete_text(
                as_text(super(FoldedAutocompleteField, self).get_value(obj)), obj
            ),
        )


def analysed_fields(fields):
    """The same search fields, with text fields analysed and filters untouched."""
    result = []
    for field in fields:
        if isinstance(field, index.SearchField) and not isinstance(field, AnalysedSearchField):
            field = AnalysedSearchField(field.field_name, boost=field.boost, **field.kwargs)
        elif isinstance(field, index.AutocompleteField) and not isinstance(
            field, FoldedAutocompleteField
        ):
            field = FoldedAutocompleteField(field.field_name, **field.kwargs)
        elif isinstance(field, index.RelatedFields):
            field = index.RelatedFields(field.field_name, analysed_fields(field.fields))
        result.append(field)
    return result
