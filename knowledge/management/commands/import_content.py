"""python manage.py import_content FILE.jsonl — see docs/import-format.md."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from knowledge.importer import FileLines, ImportFailed, SpooledLines, UnreadableInput, run_import
from knowledge.planner_statistics import BULK_ROWS, refresh_planner_statistics
from knowledge.progress import Progress, stream_of


class Command(BaseCommand):
    help = "Import library content from a JSON Lines file (all or nothing, idempotent by key)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON Lines file, or - for standard input")

    def handle(self, *args, path, **options):
        bars = {}
        labels = {"write": _("Importing"), "index": _("Indexing for search")}

        def report(stage, done, total, note):
            if stage not in bars:
                bars[stage] = Progress(stream_of(self), total, labels[stage])
            bars[stage].update(done, note)

        def unreadable(error):
            return CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
            )

        try:
            lines = SpooledLines(sys.stdin) if path == "-" else FileLines(path)
        except (OSError, UnreadableInput) as error:
            raise unreadable(error) from None
        try:
            summary = run_import(lines, progress=report)
        except UnreadableInput as error:
            raise unreadable(error) from None
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            count = len(failure.errors)
            raise CommandError(
                ngettext(
                    "Import failed with %(count)d problem; nothing was written.",
                    "Import failed with %(count)d problems; nothing was written.",
                    count,
                )
                % {"count": count}
            ) from None
        if summary.total >= BULK_ROWS:
            refresh_planner_statistics()
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("Imported %(total)d item.", "Imported %(total)d items.", summary.total)
                % {"total": summary.total}
            )
        )
