"""Importing the JSON Lines format: parse, validate every line, then write in one transaction.

The format is documented in ``docs/import-format.md``. A handler per ``type``
knows its fields; apps register handlers with ``register``, so the groups app adds
its types without this module knowing about it.
"""

import hashlib
import json
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from knowledge.models import ImportedObject
from knowledge.translation_basis import record_basis

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LINE_LENGTH = 1_000_000

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


@dataclass
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


def parse(lines):
    """Records from text lines; JSON errors are collected, not raised one by one."""
    records, errors = [], []
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        if len(text) > MAX_LINE_LENGTH:
            errors.append(LineError(number, "", _("the line is too long")))
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            errors.append(
                LineError(number, "", _("not valid JSON (%(detail)s)") % {"detail": error.msg})
            )
            continue
        if not isinstance(data, dict):
            errors.append(LineError(number, "", _("each line must be a JSON object")))
            continue
        records.append(Record(number, data))
    return records, errors


class ImportContext:
    """What the handlers share: the records by key, and the objects written so far."""

    def __init__(self, records):
        self.records_by_key = {}
        for record in records:
            if isinstance(record.key, str):
                self.records_by_key.setdefault(record.key, record)
        self.objects = {}
        self.after_writing = []  # (record, callable) run once every line is written
        self.translations = []  # translations written in this run, recorded as current at the end

    def imported_type(self, key):
        """The type an earlier import wrote ``key`` as, or None; one query per run."""
        if not hasattr(self, "_imported_types"):
            rows = ImportedObject.objects.filter(key__in=self.records_by_key).select_related(
                "content_type"
            )
            self._imported_types = {
                row.key: _type_of_model(row.content_type.model_class()) for row in rows
            }
        return self._imported_types.get(key)

    def record_type(self, key):
        """The type a key has, in this file or in an earlier import."""
        record = self.records_by_key.get(key)
        if record is not None:
            return record.type, record.locale
        imported = ImportedObject.objects.filter(key=key).first()
        if imported is None:
            return None, None
        obj = imported.get_object()
        locale = getattr(obj, "locale", None)
        return getattr(obj, "import_type", None) or _type_of(obj), (
            locale.language_code if locale else None
        )

    def get(self, key):
        """The object written for ``key`` in this run, or by an earlier import."""
        if key in self.objects:
            return self.objects[key]
        imported = ImportedObject.objects.filter(key=key).select_related("content_type").first()
        if imported is None:
            return None
        try:
            obj = imported.get_object()
        except imported.content_type.model_class().DoesNotExist:
            return None
        obj = getattr(obj, "specific", obj)
        self.objects[key] = obj
        return obj


def _type_of(obj):
    for name, handler in HANDLERS.items():
        if isinstance(obj, handler.model):
            return name
    return None


def _type_of_model(model):
    for name, handler in HANDLERS.items():
        if handler.model is not None and model is handler.model:
            return name
    return None


def validate(records, context):
    errors = []
    keys = Counter(record.key for record in records if isinstance(record.key, str))
    for record in records:
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
        elif keys[key] > 1:
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
    return errors


def import_records(records, context, progress=None):
    summary = Summary()
    with transaction.atomic():
        for position, record in enumerate(records, start=1):
            handler = HANDLERS[record.type]()
            with line_problems(record):
                outcome = handler.write(record, context)
            summary.count(outcome, record.type)
            if progress:
                progress(position, len(records), record)
        for record, finish in context.after_writing:
            with line_problems(record):
                finish()
        # Only now has every source of the file its final revision (packages
        # linked to later packages are published again above).
        for translation in context.translations:
            record_basis(translation)
    return summary


@contextmanager
def line_problems(record):
    """Turn a handler's LineProblem into ImportFailed for ``record``'s line."""
    try:
        yield
    except LineProblem as problem:
        raise ImportFailed([LineError(record.line, problem.field, problem.message)]) from None


def run_import(lines, progress=None):
    """Import text lines; raise ImportFailed (with nothing written) on any problem."""
    records, errors = parse(lines)
    context = ImportContext(records)
    errors += validate(records, context)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda error: error.line))
    return import_records(records, context, progress)


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


def is_unchanged(record):
    return ImportedObject.objects.filter(key=record.key, checksum=record.checksum).exists()
