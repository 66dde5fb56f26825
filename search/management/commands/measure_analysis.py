"""Print how each candidate language analysis does on the relevance set."""

from django.core.management.base import BaseCommand

from search.measurement import compare

LANGUAGES = ("hu", "sl", "en")


class Command(BaseCommand):
    help = "Compare the candidate lemmatisers and stemmers on the search relevance set."

    def handle(self, *args, **options):
        table = compare()
        header = "| candidate | " + " | ".join(LANGUAGES) + " |"
        self.stdout.write(header)
        self.stdout.write("| --- |" + " --- |" * len(LANGUAGES))
        for name, scores in table.items():
            cells = []
            for language in LANGUAGES:
                s = scores[language]
                exact = f"{s.perfect_queries}/{s.queries} exact"
                cells.append(f"R {s.recall:.2f} · P {s.precision:.2f} · {exact}")
            self.stdout.write(f"| {name} | " + " | ".join(cells) + " |")
