"""python manage.py export_content [--output FILE] — the import format, public content only."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from knowledge.exporter import dumps, export_lines


class Command(BaseCommand):
    help = "Export the library as JSON Lines (public, live content unless --include-private)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write; standard output by default")
        parser.add_argument(
            "--include-private",
            action="store_true",
            help="also drafts and restricted pages, for backups; never publish such a file",
        )

    def handle(self, *args, output=None, include_private=False, **options):
        count = 0
        handle = open(output, "w", encoding="utf-8") if output else self.stdout  # noqa: SIM115
        try:
            for record in export_lines(include_private=include_private):
                handle.write(dumps(record) + "\n")
                count += 1
        finally:
            if output:
                handle.close()
        self.stderr.write(
            ngettext("Exported %(count)d item.", "Exported %(count)d items.", count)
            % {"count": count}
        )
