"""Import handler for ``note`` lines: private session notes, written in and never out.

A note is not a page: it has no visibility, is never published, indexed or
exported, and only its group (and editors) read it, through the admin view in
``groups.admin_views``. So a note line takes a closed set of fields: anything a
page takes (``visibility``, ``live``, ``summary``...) is refused rather than
silently ignored, so no one can believe a note was published. ``exportable``
keeps the base handler's answer, nothing, so ``export_content`` never holds a
note, not even with ``--include-private``.

The line's ``title`` is kept as the note's first line: notes have no title of
their own, and a short heading reads well in the admin list.
"""

import datetime

from django.utils.translation import gettext as _

from groups.models import SessionNote
from knowledge.import_types import Checks, TypeHandler
from knowledge.importer import register

NOTE_FIELDS = frozenset({"type", "key", "locale", "title", "group", "date", "text"})
MAX_TEXT_LENGTH = 20_000


def note_text(data):
    """What the note stores: its heading, a blank line, then the text."""
    return f"{data['title'].strip()}\n\n{data['text'].strip()}"


@register
class NoteImport(TypeHandler):
    type_name = "note"
    model = SessionNote

    def validate(self, record, context):
        # Not the base validation: a note has no translations to check.
        checks = Checks(record)
        for name in sorted(set(record.data) - NOTE_FIELDS):
            checks.fail(name, _("a session note does not take this field"))
        self.check_fields(checks, context)
        return checks.errors

    def check_fields(self, checks, context):
        data = checks.data
        if data.get("group") is None:
            checks.fail("group", _("missing"))
        else:
            checks.reference("group", data["group"], context, ["group"])
        if data.get("date") is None:
            checks.fail("date", _("missing"))
        checks.date("date")
        checks.text("text", required=True, max_length=MAX_TEXT_LENGTH)
        if isinstance(data.get("text"), str) and data["text"] and not data["text"].strip():
            checks.fail("text", _("missing"))

    def save(self, record, context, existing):
        group = self.resolve(context, record, "group")
        note = existing or SessionNote()
        # Notes and memberships point to the group's first version, whatever the language.
        note.group = group.work_source()
        note.session_date = datetime.date.fromisoformat(record.data["date"])
        note.text = note_text(record.data)
        note.save()
        return note, "created" if existing is None else "updated"

    def title_of(self, obj):
        return obj.text.split("\n", 1)[0]
