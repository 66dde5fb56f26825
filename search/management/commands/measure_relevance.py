"""Print precision@3 per language on the relevance set (``make relevance``)."""

from django.core.management.base import BaseCommand

from search.relevance import judge, precision_by_language


class Command(BaseCommand):
    help = "Run the search relevance set against the imported library and print precision@3."

    def add_arguments(self, parser):
        parser.add_argument("--details", action="store_true", help="Show every query.")

    def handle(self, *args, **options):
        judged = judge()
        if options["details"]:
            for item in judged:
                mark = f"{item.precision_at_3:.2f}"
                self.stdout.write(f"{mark}  [{item.language}] {item.query} → {', '.join(item.top)}")
        scores = precision_by_language(judged)
        self.stdout.write("| language | queries | precision@3 |")
        self.stdout.write("| --- | --- | --- |")
        for language, score in scores.items():
            count = sum(1 for item in judged if item.language == language)
            self.stdout.write(f"| {language} | {count} | {score:.2f} |")
        overall = sum(item.precision_at_3 for item in judged) / len(judged)
        self.stdout.write(f"| all | {len(judged)} | {overall:.2f} |")
