"""A large trilingual library for load runs: ``python -m benchmarks.generate_corpus --items N``.

The demo content is imported first (site, sections, taxonomy, programme and groups), then
N library items are added: methods, packages and workshop write-ups, about half of them
Hungarian sources and the rest their Slovenian and English translations (same
``translation_key``), each with themes and regions, written from small vocabularies of real
words so search has something to match.

Why not factories or ``add_child``: Wagtail's page API locks and re-reads the tree for every
page, which takes hours at 100k. Here tree paths are allocated in memory (by
``knowledge.tree_allocation``, as the importer's bulk path does) and each item costs three
INSERTs (page, library item, specific type) inside one transaction per batch; the search
index is rebuilt afterwards by ``update_index``. Only a benchmark database should see this:
the pages have no revisions (``import_content`` writes them properly, in bulk too).
"""

import argparse
import datetime
import os
import random
import sys
import time
import uuid
from contextlib import contextmanager

LANGUAGES = ("hu", "sl", "en")
# Of every ten works: all have a Hungarian source, six a Slovenian and four an English translation.
TRANSLATED_SHARE = {"sl": 0.6, "en": 0.4}
TYPE_MIX = (("method", 0.45), ("package", 0.25), ("writeup", 0.30))
BATCH = 500

WORDS = {
    "hu": {
        "adjectives": [
            "közösségi",
            "önkéntes",
            "helyi",
            "digitális",
            "ifjúsági",
            "kulturális",
            "nyitott",
            "közös",
            "regionális",
            "fenntartható",
        ],
        "nouns": [
            "műhely",
            "fesztivál",
            "kerekasztal",
            "mentorálás",
            "értékfeltárás",
            "beszélgetés",
            "tréning",
            "partnerség",
            "helytörténet",
            "tanulókör",
        ],
        "sentences": [
            "A résztvevők önkéntesekkel együtt tervezték meg a közösségi eseményt.",
            "A művelődési ház új partnerségeket épített a helyi iskolákkal.",
            "A mentorcsoport rendszeres találkozói bizalmat és közös célokat adtak.",
            "A digitális készségek fejlesztése az idősebb lakosokat is bevonta.",
            "A fesztivál szervezése során a fiatalok felelősséget vállaltak.",
            "A helyi értékek feltárása után közös kiadvány készült.",
        ],
    },
    "sl": {
        "adjectives": [
            "skupnostni",
            "prostovoljski",
            "lokalni",
            "digitalni",
            "mladinski",
            "kulturni",
            "odprti",
            "skupni",
            "regionalni",
            "trajnostni",
        ],
        "nouns": [
            "delavnica",
            "festival",
            "okrogla miza",
            "mentorstvo",
            "dediščina",
            "pogovor",
            "usposabljanje",
            "partnerstvo",
            "krajevna zgodovina",
            "učni krog",
        ],
        "sentences": [
            "Udeleženci so skupaj s prostovoljci načrtovali skupnostni dogodek.",
            "Kulturni dom je zgradil nova partnerstva z lokalnimi šolami.",
            "Redna srečanja mentorske skupine so prinesla zaupanje in skupne cilje.",
            "Razvoj digitalnih veščin je vključil tudi starejše prebivalce.",
            "Pri organizaciji festivala so mladi prevzeli odgovornost.",
            "Po raziskovanju lokalne dediščine je nastala skupna publikacija.",
        ],
    },
    "en": {
        "adjectives": [
            "community",
            "volunteer",
            "local",
            "digital",
            "youth",
            "cultural",
            "open",
            "shared",
            "regional",
            "sustainable",
        ],
        "nouns": [
            "workshop",
            "festival",
            "round table",
            "mentoring",
            "heritage mapping",
            "conversation",
            "training",
            "partnership",
            "local history",
            "study circle",
        ],
        "sentences": [
            "Participants planned the community event together with volunteers.",
            "The cultural centre built new partnerships with local schools.",
            "Regular meetings of the mentoring group brought trust and shared goals.",
            "Developing digital skills drew in older residents as well.",
            "Young people took on responsibility in organising the festival.",
            "After mapping local heritage, the group produced a shared booklet.",
        ],
    },
}


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="library items to add")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (repeatable)")
    parser.add_argument(
        "--demo", default="demo/content.jsonl", help="import this file first (site, taxonomy)"
    )
    return parser.parse_args(argv)


class CorpusWriter:
    def __init__(self, rng):
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import Locale

        from groups.models import MentorGroup, WorkshopWriteUp
        from knowledge.models import (
            LibraryIndexPage,
            MethodologyArticle,
            ProgrammePackage,
            Region,
            Theme,
        )
        from knowledge.tree_allocation import TreeAllocator

        self.rng = rng
        self.models = {
            "method": MethodologyArticle,
            "package": ProgrammePackage,
            "writeup": WorkshopWriteUp,
        }
        self.content_types = {
            kind: ContentType.objects.get_for_model(model) for kind, model in self.models.items()
        }
        self.locales = {code: Locale.objects.get(language_code=code) for code in LANGUAGES}
        self.sections = {}
        self.groups = {}
        self.themes = {}
        self.regions = {}
        for code, locale in self.locales.items():
            indexes = LibraryIndexPage.objects.filter(locale=locale)
            self.sections[code] = {
                "method": indexes.filter(section=LibraryIndexPage.Section.METHODS).first(),
                "package": indexes.filter(section=LibraryIndexPage.Section.PACKAGES).first(),
            }
            self.groups[code] = list(MentorGroup.objects.filter(locale=locale).order_by("path"))
            self.themes[code] = {t.slug: t for t in Theme.objects.filter(locale=locale)}
            self.regions[code] = {r.slug: r for r in Region.objects.filter(locale=locale)}
        self.tree = TreeAllocator()
        self.theme_links = []
        self.region_links = []
        self.counts = {(kind, code): 0 for kind in self.models for code in LANGUAGES}

    def kinds_available(self):
        kinds = [
            (kind, share) for kind, share in TYPE_MIX if kind != "writeup" or self.groups["hu"]
        ]
        if not self.sections["hu"]["method"] or not self.sections["hu"]["package"]:
            raise SystemExit("The library sections are missing: import the demo content first.")
        return kinds

    def text(self, code, number):
        words = WORDS[code]
        pick = random.Random(number)  # the same work reads alike in every language
        title = (
            f"{pick.choice(words['adjectives']).capitalize()} "
            f"{pick.choice(words['nouns'])} {number}"
        )
        sentences = pick.sample(words["sentences"], 3)
        return title, sentences

    def parent_for(self, kind, code, number):
        if kind == "writeup":
            groups = self.groups[code]
            return groups[number % len(groups)] if groups else None
        return self.sections[code][kind]

    def add_work(self, kind, number):
        """One work: its Hungarian source and, by chance, its sl and en translations."""
        translation_key = uuid.uuid4()
        theme_slugs = self.rng.sample(sorted(self.themes["hu"]), k=min(2, len(self.themes["hu"])))
        region_slugs = self.rng.sample(
            sorted(self.regions["hu"]), k=min(1, len(self.regions["hu"]))
        )
        published = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
            minutes=number * 7
        )
        codes = ["hu"] + [
            code for code, share in TRANSLATED_SHARE.items() if self.rng.random() < share
        ]
        added = 0
        for code in codes:
            parent = self.parent_for(kind, code, number)
            if parent is None:
                continue
            self.insert(kind, code, number, parent, translation_key, published)
            item_pk = self.last_pk
            self.theme_links += [
                (item_pk, self.themes[code][slug].pk)
                for slug in theme_slugs
                if slug in self.themes[code]
            ]
            self.region_links += [
                (item_pk, self.regions[code][slug].pk)
                for slug in region_slugs
                if slug in self.regions[code]
            ]
            self.counts[(kind, code)] += 1
            added += 1
        return added

    def insert(self, kind, code, number, parent, translation_key, published):
        from django.db import models as django_models

        model = self.models[kind]
        title, sentences = self.text(code, number)
        body = [
            {"type": "paragraph", "value": f"<p>{sentence}</p>", "id": str(uuid.uuid4())}
            for sentence in sentences
        ]
        item = model(
            title=title,
            draft_title=title,
            content_type=self.content_types[kind],
            locale=self.locales[code],
            translation_key=translation_key,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            live_revision=None,
            summary=sentences[0],
            body=body,
            original_language="hu",
            visibility="public",
        )
        if kind == "writeup":
            item.date = published.date()
            item.session_number = number % 12 + 1
            item.participants = 8 + number % 20
        self.tree.place(item, parent, f"item-{number}")
        # Django's own save: Wagtail's Page.save would re-validate and re-read the tree.
        django_models.Model.save_base(item)
        self.last_pk = item.pk

    def flush(self):
        from knowledge.models import KnowledgePage

        self.tree.flush_child_counts()
        KnowledgePage.themes.through.objects.bulk_create(
            [
                KnowledgePage.themes.through(knowledgepage_id=item, theme_id=theme)
                for item, theme in self.theme_links
            ]
        )
        KnowledgePage.regions.through.objects.bulk_create(
            [
                KnowledgePage.regions.through(knowledgepage_id=item, region_id=region)
                for item, region in self.region_links
            ]
        )
        self.theme_links, self.region_links = [], []


@contextmanager
def search_signals_disconnected(models):
    """Indexing each INSERT would dominate the run; the index is rebuilt once at the end."""
    from django.db.models.signals import post_save
    from wagtail.search.signal_handlers import post_save_signal_handler

    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def main(argv=None):
    options = parse_arguments(argv if argv is not None else sys.argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from wagtail.models import Page

    from knowledge.planner_statistics import refresh_planner_statistics
    from knowledge.progress import Progress

    if options.demo:
        call_command("import_content", options.demo)
    rng = random.Random(options.seed)
    writer = CorpusWriter(rng)
    kinds = writer.kinds_available()
    names, weights = zip(*kinds, strict=True)
    progress = Progress(sys.stdout, options.items, label="corpus")
    # Numbers continue after earlier runs, so slugs stay unique among siblings.
    made = 0
    number = 1_000_000 + Page.objects.filter(slug__startswith="item-").count()
    with search_signals_disconnected(writer.models.values()):
        while made < options.items:
            with transaction.atomic():
                batch_end = min(options.items, made + BATCH)
                while made < batch_end:
                    kind = rng.choices(names, weights)[0]
                    made += writer.add_work(kind, number)
                    number += 1
                writer.flush()
            progress.update(min(made, options.items))
    print(f"corpus: {made} items in {progress.elapsed:.0f} s")
    for (kind, code), count in sorted(writer.counts.items()):
        if count:
            print(f"  {kind:8} {code}: {count}")
    print("refreshing the planner statistics")
    refresh_planner_statistics()
    print("rebuilding the search index")
    started = time.monotonic()
    call_command("reindex")
    print(f"search index rebuilt in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
