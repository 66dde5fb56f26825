"""Importing the JSON Lines format: index, check, then write, in three passes over the file.

The format is documented in ``docs/import-format.md``. A handler per ``type``
knows its fields; apps register handlers with ``register``, so the groups app adds
its types without this module knowing about it.

1. Index: every line is parsed and only what other lines may ask about is kept: an
   ``IndexedLine`` per key (line number, type, language, slug). JSON errors are
   collected here.
2. Check: every line is parsed again and checked against that index and what earlier
   imports wrote. Every problem of the file is reported by line and field, and nothing
   is written while there is one.
3. Write, in one transaction: pages that are new go to a ``knowledge.bulk_pages.PageBatch``
   and are written a batch at a time; everything else (taxonomy, programmes and groups,
   changed items) is written one by one through Wagtail, as before. Then come the
   links that waited for later lines, the featured items, the translation bases and
   the search index of the new pages.

No pass keeps a line's text once it is done with it: what is kept grows with the
number of keys (the index, and a few numbers for each item written), not with the
size of the file. Lines come from a list or from ``FileLines``; input that can be
read only once (standard input) is spooled to a temporary file first.
"""

import hashlib
import json
import re
import sys
import tempfile
from collections import Counter, OrderedDict, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Locale, Page

from knowledge.bulk_pages import PageBatch, PendingPage, stub_page
from knowledge.models import ImportedObject, KnowledgePage
from knowledge.search_batches import index_pages
from knowledge.site_structure import home_for, section_for
from knowledge.translation_basis import record_bases

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LINE_LENGTH = 1_000_000
# Keys looked up in the database per query (SQLite takes at most 32,766 parameters).
KEY_CHUNK = 500
# Objects kept whole for the lines that name them; beyond this the oldest are read again.
RECENT_OBJECTS = 1000

HANDLERS = {}
PENDING_TYPES = {}


def register(handler_class):
    """Register an import type handler (used as a class decorator)."""
    HANDLERS[handler_class.type_name] = handler_class
    PENDING_TYPES.pop(handler_class.type_name, None)
    return handler_class


def announce_pending(type_name, message):
    """A type the format names but no installed app handles yet, with the reason."""
    if type_name not in HANDLERS:
        PENDING_TYPES[type_name] = message


@dataclass
class LineError:
    line: int
    field: str
    message: str

    def __str__(self):
        if self.field:
            return _("line %(line)d, field “%(field)s”: %(message)s") % {
                "line": self.line,
                "field": self.field,
                "message": self.message,
            }
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class ImportFailed(Exception):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


class LineProblem(Exception):
    """Raised by a handler while writing; turned into a LineError and a rollback."""

    def __init__(self, field_name, message):
        self.field = field_name
        self.message = message
        super().__init__(message)


class UnreadableInput(Exception):
    """The input is not UTF-8 text."""


@dataclass(slots=True)
class Record:
    line: int
    data: dict

    @property
    def type(self):
        return self.data.get("type")

    @property
    def key(self):
        return self.data.get("key")

    @property
    def locale(self):
        return self.data.get("locale")

    @property
    def checksum(self):
        payload = json.dumps(self.data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


class IndexedLine:
    """What the index keeps of a line: enough to check references to its key."""

    __slots__ = ("line", "type", "locale", "slug")

    def __init__(self, line, type_name, locale, slug):
        self.line = line
        self.type = type_name
        self.locale = locale
        self.slug = slug


@dataclass
class Summary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def count(self, outcome, type_name):
        getattr(self, outcome)[type_name] += 1

    @property
    def total(self):
        return (
            sum(self.created.values()) + sum(self.updated.values()) + sum(self.unchanged.values())
        )

    def lines(self):
        types = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        for type_name in types:
            yield _(
                "%(type)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged"
            ) % {
                "type": type_name,
                "created": self.created[type_name],
                "updated": self.updated[type_name],
                "unchanged": self.unchanged[type_name],
            }


# Reading


class FileLines:
    """The lines of a UTF-8 file, read again from disk each time they are iterated."""

    def __init__(self, path):
        self.path = path
        with open(path, encoding="utf-8"):
            pass  # unreadable files fail here, before any pass

    def __iter__(self):
        with open(self.path, encoding="utf-8") as handle:
            try:
                yield from handle
            except UnicodeDecodeError as error:
                raise UnreadableInput(str(error)) from None


class SpooledLines:
    """Input that can be read only once, copied to a temporary file to be read again."""

    def __init__(self, lines):
        # Open as long as the passes read it; the file goes when the object does.
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        try:
            for line in lines:
                self.file.write(line if line.endswith("\n") else line + "\n")
        except UnicodeDecodeError as error:
            raise UnreadableInput(str(error)) from None

    def __iter__(self):
        self.file.seek(0)
        yield from self.file


def rereadable(lines):
    """``lines`` if iterating them again starts over (a list, ``FileLines``), else a spool."""
    return SpooledLines(lines) if iter(lines) is lines else lines


def numbered_lines(lines):
    """``(line number, object)`` for every line that is not blank or a comment, with a
    ``LineError`` in place of the object when the line is not a JSON object."""
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        if len(text) > MAX_LINE_LENGTH:
            yield number, LineError(number, "", _("the line is too long"))
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            yield (
                number,
                LineError(number, "", _("not valid JSON (%(detail)s)") % {"detail": error.msg}),
            )
            continue
        if not isinstance(data, dict):
            yield number, LineError(number, "", _("each line must be a JSON object"))
            continue
        yield number, data


def records_of(lines):
    """The lines that are JSON objects, one ``Record`` at a time."""
    for number, data in numbered_lines(lines):
        if not isinstance(data, LineError):
            yield Record(number, data)


def _name(value):
    return sys.intern(value) if isinstance(value, str) else None


@dataclass
class LineIndex:
    """The first pass's result: keys and what lines name them, never the lines' data."""

    entries: dict = field(default_factory=dict)  # key -> IndexedLine of its first line
    duplicates: set = field(default_factory=set)  # keys on more than one line
    records: int = 0  # lines that are JSON objects
    errors: list = field(default_factory=list)


def index_lines(lines):
    index = LineIndex()
    for number, data in numbered_lines(lines):
        if isinstance(data, LineError):
            index.errors.append(data)
            continue
        index.records += 1
        key = data.get("key")
        if not isinstance(key, str):
            continue
        if key in index.entries:
            index.duplicates.add(key)
            continue
        slug = data.get("slug")
        index.entries[key] = IndexedLine(
            number,
            _name(data.get("type")),
            _name(data.get("locale")),
            slug if isinstance(slug, str) else None,
        )
    return index


# What the handlers share


@dataclass(frozen=True, slots=True)
class ImportedRow:
    """An earlier import's key: the object it names, and the checksum of its line."""

    model: type
    object_id: int
    checksum: str
    exists: bool


@dataclass(frozen=True, slots=True)
class WrittenPage:
    """What is kept of a page written in bulk: enough for later lines to name it."""

    model: type
    pk: int
    locale_id: int
    translation_key: object
    original_language: str


@dataclass(slots=True)
class PendingLine:
    """The line a page waiting in the batch came from."""

    line: int
    key: str
    checksum: str
    is_translation: bool
    featured: bool


class RecentObjects:
    """The objects most recently written or read, by key, at most ``limit`` of them."""

    def __init__(self, limit=RECENT_OBJECTS):
        self.limit = limit
        self._objects = OrderedDict()

    def get(self, key):
        obj = self._objects.get(key)
        if obj is not None:
            self._objects.move_to_end(key)
        return obj

    def put(self, key, obj):
        self._objects[key] = obj
        self._objects.move_to_end(key)
        while len(self._objects) > self.limit:
            self._objects.popitem(last=False)

    def pop(self, key):
        self._objects.pop(key, None)

    def __len__(self):
        return len(self._objects)


class ImportContext:
    """What the handlers share: the file's index, what earlier imports wrote, and what
    this run has written so far (whole objects only for the most recent ones)."""

    def __init__(self, index):
        self.records_by_key = index.entries
        self.duplicate_keys = index.duplicates
        self.record_count = index.records
        self.objects = RecentObjects()
        self.written = {}  # key -> WrittenPage, or (model, pk) of an object written one by one
        self.pending = {}  # key -> page waiting in the batch
        self.checks_after_all_lines = []  # callables returning LineErrors, run after the check
        self.after_writing = []  # (line, callable) run once every line is written
        self.translations = []  # ids of library pages written as translations
        self.featured = {}  # home page id -> ids of new pages to feature there
        self.new_pages = defaultdict(list)  # model -> ids written in bulk, indexed at the end
        self.batch = None
        self._imported = {}
        self._locales = {}
        self._sections = {}
        self._homes = {}
        self._terms = {}
        self._tags = {}

    # Earlier imports

    def load_imported(self, keys=None):
        """Read what earlier imports wrote for ``keys`` (the file's), a chunk at a time."""
        keys = list(self.records_by_key if keys is None else keys)
        keys = [key for key in keys if key not in self._imported]
        for start in range(0, len(keys), KEY_CHUNK):
            chunk = keys[start : start + KEY_CHUNK]
            rows = ImportedObject.objects.filter(key__in=chunk).values_list(
                "key", "content_type_id", "object_id", "checksum"
            )
            by_model = defaultdict(list)
            for key, content_type_id, object_id, checksum in rows:
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                by_model[model].append((key, object_id, checksum))
            for key in chunk:
                self._imported[key] = None
            for model, found in by_model.items():
                if model is None:
                    continue
                ids = [object_id for _key, object_id, _checksum in found]
                present = set(model._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
                for key, object_id, checksum in found:
                    self._imported[key] = ImportedRow(
                        model, object_id, checksum, object_id in present
                    )

    def imported_row(self, key):
        if key not in self._imported:
            self.load_imported([key])
        return self._imported[key]

    def imported_type(self, key):
        """The type an earlier import wrote ``key`` as, or None."""
        row = self.imported_row(key)
        return _type_of_model(row.model) if row is not None else None

    # Objects by key

    def get(self, key):
        """The object written for ``key`` in this run, or by an earlier import."""
        obj = self.pending.get(key) or self.objects.get(key)
        if obj is not None:
            return obj
        written = self.written.get(key)
        if isinstance(written, WrittenPage):
            return stub_page(
                written.model,
                written.pk,
                locale=self.locale_by_id(written.locale_id),
                translation_key=written.translation_key,
                original_language=written.original_language,
            )
        if written is not None:
            model, pk = written
        else:
            row = self.imported_row(key)
            if row is None or not row.exists:
                return None
            model, pk = row.model, row.object_id
        obj = model._default_manager.filter(pk=pk).first()
        if obj is None:
            return None
        obj = getattr(obj, "specific", obj)
        self.objects.put(key, obj)
        return obj

    def remember_object(self, key, obj):
        self.written[key] = (type(obj), obj.pk)
        self.objects.put(key, obj)

    # Lookups every line of a language repeats, made once per run

    def locale(self, code):
        if code not in self._locales:
            locale = Locale.objects.get(language_code=code)
            self._locales[code] = locale
            self._locales[locale.pk] = locale
        return self._locales[code]

    def locale_by_id(self, locale_id):
        if locale_id not in self._locales:
            self.locale(Locale.objects.get(pk=locale_id).language_code)
        return self._locales[locale_id]

    def section(self, locale, section):
        key = (locale.pk, section)
        if key not in self._sections:
            self._sections[key] = section_for(locale, section)
        return self._sections[key]

    def home(self, locale):
        if locale.pk not in self._homes:
            self._homes[locale.pk] = home_for(locale)
        return self._homes[locale.pk]

    def terms(self, model, locale, slugs):
        """The taxonomy terms of ``model`` with these slugs in ``locale``, in its order."""
        key = (model, locale.pk)
        if key not in self._terms:
            self._terms[key] = list(model.objects.filter(locale=locale))
        wanted = set(slugs)
        return [term for term in self._terms[key] if term.slug in wanted]

    def term(self, model, locale, slug):
        found = self.terms(model, locale, [slug]) if slug else []
        return found[0] if found else None

    def forget_terms(self, model):
        for key in [key for key in self._terms if key[0] is model]:
            del self._terms[key]

    def tags(self, names):
        """Keyword tags for ``names``, found or made as django-taggit does, once per name."""
        case_insensitive = getattr(settings, "TAGGIT_CASE_INSENSITIVE", False)
        tags = []
        for name in names:
            if name not in self._tags:
                found = Tag.objects.filter(
                    **({"name__iexact": name} if case_insensitive else {"name": name})
                )
                tag = found.order_by("pk").first() or Tag.objects.create(name=name)
                self._tags[name] = tag
            tags.append(self._tags[name])
        return tags

    # Writing

    def add_pending(self, record, page, parent):
        """Queue a new, validated page for the batch; the batch is written when full."""
        origin = PendingLine(
            record.line,
            record.key,
            record.checksum,
            bool(record.data.get("translation_of")),
            bool(record.data.get("featured", False)),
        )
        self.pending[record.key] = page
        live = bool(record.data.get("live", True))
        if self.batch.add(PendingPage(page, parent, live, origin)):
            self.write_pending()

    def write_pending(self):
        """Write the pages waiting in the batch, and the keys of their lines."""
        if self.batch is None or not len(self.batch):
            return
        lines = [pending.origin.line for pending in self.batch.pending]
        try:
            written = self.batch.flush()
            ImportedObject.objects.bulk_create(
                ImportedObject(
                    key=pending.origin.key,
                    content_type=ContentType.objects.get_for_model(
                        pending.page, for_concrete_model=False
                    ),
                    object_id=pending.page.pk,
                    checksum=pending.origin.checksum,
                )
                for pending in written
            )
        except DatabaseError as error:
            raise ImportFailed(
                [
                    LineError(
                        lines[0],
                        "",
                        _("the database refused lines %(first)d to %(last)d: %(error)s")
                        % {"first": lines[0], "last": lines[-1], "error": error},
                    )
                ]
            ) from error
        for pending in written:
            page, origin = pending.page, pending.origin
            self.pending.pop(origin.key, None)
            self.written[origin.key] = WrittenPage(
                type(page),
                page.pk,
                page.locale_id,
                page.translation_key,
                getattr(page, "original_language", ""),
            )
            self.new_pages[type(page)].append(page.pk)
            if origin.is_translation and isinstance(page, KnowledgePage):
                self.translations.append(page.pk)
            if origin.featured:
                self.featured.setdefault(self.home(page.locale).pk, []).append(page.pk)

    def names_pending(self, record):
        """Whether the line names a page still waiting in the batch."""
        if not self.pending:
            return False
        for value in record.data.values():
            values = value if isinstance(value, list) else [value]
            if any(isinstance(item, str) and item in self.pending for item in values):
                return True
        return False

    def publish_featured(self):
        """Put the new pages that asked for it on their language's home page."""
        from knowledge.import_types import feature_pages

        featured, self.featured = self.featured, {}
        for home_id, page_ids in featured.items():
            feature_pages(Page.objects.get(pk=home_id).specific, page_ids)

    def write_one(self, handler, record, row):
        """Write a line through Wagtail, one object at a time, as the importer always has."""
        writes_page = handler.model is not None and issubclass(handler.model, Page)
        creates = row is None or not row.exists
        if writes_page and (
            creates
            or self.names_pending(record)
            or (record.data.get("featured") and (self.featured or self.batch))
        ):
            # A page about to be added by ``add_child`` must see the batch's pages in the
            # tree, and featured items keep the order of the file.
            self.write_pending()
            self.publish_featured()
        existing = self.get(record.key) if row is not None else None
        obj, outcome = handler.save(record, self, existing)
        remember(record, obj)
        self.remember_object(record.key, obj)
        if record.data.get("translation_of") and isinstance(obj, KnowledgePage):
            self.translations.append(obj.pk)
        if outcome == "created" and isinstance(obj, Page) and self.batch is not None:
            self.batch.forget_parent_of(obj)
        return outcome


def _type_of_model(model):
    for name, handler in HANDLERS.items():
        if handler.model is not None and model is handler.model:
            return name
    return None


def validate(lines, context):
    errors = []
    context.load_imported()
    for record in records_of(lines):
        data = record.data
        type_name = data.get("type")
        if not isinstance(type_name, str) or not type_name:
            errors.append(LineError(record.line, "type", _("missing")))
            continue
        if type_name in PENDING_TYPES:
            errors.append(LineError(record.line, "type", str(PENDING_TYPES[type_name])))
            continue
        handler = HANDLERS.get(type_name)
        if handler is None:
            errors.append(
                LineError(
                    record.line,
                    "type",
                    _("unknown type “%(type)s”; known types: %(known)s")
                    % {"type": type_name, "known": ", ".join(sorted(HANDLERS))},
                )
            )
            continue
        key = data.get("key")
        if not isinstance(key, str) or not key:
            errors.append(LineError(record.line, "key", _("missing")))
            continue
        if not KEY_PATTERN.match(key):
            errors.append(
                LineError(record.line, "key", _("use letters, digits, dots, dashes and colons"))
            )
        elif key in context.duplicate_keys:
            errors.append(
                LineError(record.line, "key", _("“%(key)s” is used more than once") % {"key": key})
            )
        elif context.imported_type(key) not in (None, type_name):
            errors.append(
                LineError(
                    record.line,
                    "key",
                    _("“%(key)s” was imported before as a %(type)s")
                    % {"key": key, "type": context.imported_type(key)},
                )
            )
        if data.get("locale") not in LANGUAGE_CODES:
            errors.append(
                LineError(
                    record.line,
                    "locale",
                    _("must be one of %(codes)s") % {"codes": ", ".join(sorted(LANGUAGE_CODES))},
                )
            )
            continue
        title = data.get("title")
        if not isinstance(title, str) or not title.strip():
            errors.append(LineError(record.line, "title", _("missing")))
        elif len(title) > 255:
            errors.append(LineError(record.line, "title", _("longer than 255 characters")))
        errors.extend(handler().validate(record, context))
    for check in context.checks_after_all_lines:
        errors.extend(check())
    return errors


def import_records(lines, context, progress=None, bulk=True):
    """Write every line (all of them valid) in one transaction; see the module docstring."""
    summary = Summary()
    total = context.record_count
    with transaction.atomic():
        context.batch = PageBatch() if bulk else None
        for position, record in enumerate(records_of(lines), start=1):
            handler = HANDLERS[record.type]()
            with line_problems(record.line):
                outcome = handler.write(record, context)
            summary.count(outcome, record.type)
            if progress:
                progress("write", position, total, record.key)
        context.write_pending()
        for line, finish in context.after_writing:
            with line_problems(line):
                finish()
        context.publish_featured()
        # Only now has every source of the file its final revision (packages
        # linked to later packages are published again above).
        record_bases(context.translations)
        index_new_pages(context, progress)
    return summary


def index_new_pages(context, progress=None):
    """Put the pages written in bulk into the search index, once each, model by model."""
    total = sum(len(ids) for ids in context.new_pages.values())
    done = 0

    def indexed(count):
        nonlocal done
        done += count
        if progress:
            progress("index", done, total, "")

    for model, page_ids in context.new_pages.items():
        index_pages(model, page_ids, progress=indexed)


@contextmanager
def line_problems(line):
    """Turn a handler's LineProblem into ImportFailed for that line."""
    try:
        yield
    except LineProblem as problem:
        raise ImportFailed([LineError(line, problem.field, problem.message)]) from None


def run_import(lines, progress=None, bulk=True):
    """Import text lines; raise ImportFailed (with nothing written) on any problem.

    ``lines`` is a list of lines, ``FileLines`` or any iterable of text lines.
    ``progress(stage, done, total, note)`` is told how far writing (``"write"``) and
    indexing for search (``"index"``) have come. ``bulk=False`` writes new pages one
    by one through Wagtail as well (the way to compare the two, or to find a problem).
    """
    lines = rereadable(lines)
    index = index_lines(lines)
    context = ImportContext(index)
    errors = index.errors + validate(lines, context)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda error: error.line))
    return import_records(lines, context, progress, bulk)


def remember(record, obj):
    """Store the key of a written object, with the checksum of the line that wrote it."""
    ImportedObject.objects.update_or_create(
        key=record.key,
        defaults={
            "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=False),
            "object_id": obj.pk,
            "checksum": record.checksum,
        },
    )
