"""A library around one page of every public page class, grown a few related items at a time.

``tests/test_query_budgets.py`` renders each page class with few and then many related
items; this module builds them. Every item is what a real one looks like on a card:
a listing image, themes, a region, and (every other one) a published Slovenian
translation, so cards fall back to the original language as well as show translations.
"""

import datetime
import itertools
from collections import defaultdict
from functools import cached_property

import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.rich_text import RichText

from groups.models import GroupMembership, PlannedSession, Profile
from groups.roles import assign_role
from knowledge.models import (
    BundlePackage,
    CollectionItem,
    GlossaryTerm,
    HomeFeaturedItem,
    Institution,
)
from tests.conftest import publish, translate
from tests.factories import (
    CuratedCollectionFactory,
    MethodologyArticleFactory,
    ProgrammePackageFactory,
    RegionalBundleFactory,
    RegionFactory,
    ThemeFactory,
)
from tests.groups.factories import (
    MentorGroupFactory,
    ProgrammeFactory,
    WorkshopWriteUpFactory,
)

THEMES = {
    "volunteering": ("Önkéntesség", "Prostovoljstvo", "Volunteering"),
    "festivals": ("Fesztiválok", "Festivali", "Festivals"),
    "local-heritage": ("Helyi örökség", "Lokalna dediščina", "Local heritage"),
}
# slug: (parent slug, level, hu, sl, en)
REGIONS = {
    "hungary": ("", "country", "Magyarország", "Madžarska", "Hungary"),
    "baranya": ("hungary", "county", "Baranya vármegye", "Županija Baranja", "Baranya county"),
    "komlo-hegyhat": ("baranya", "district", "Komló–Hegyhát", "Komló–Hegyhát", "Komló–Hegyhát"),
    "heves-county": ("hungary", "county", "Heves vármegye", "Županija Heves", "Heves county"),
}
SEARCH_WORD = "önkéntes"
RUBRIC = [
    ("structure", "established", "Havi műhelyek, közös szabályokkal."),
    ("feedback", "emerging", "Visszajelző kör minden alkalom végén."),
]


def _body_with_related(pages, images):
    """A paragraph, a related-items block and an image block per image."""
    return [
        ("paragraph", RichText("<p>Bevezető bekezdés.</p>")),
        ("related", {"title": "Kapcsolódó", "pages": list(pages)}),
        *[("image", {"image": image, "alt_text": "", "caption": ""}) for image in images],
    ]


class BudgetLibrary:
    """The pages whose query counts are measured, and growers of what they show.

    Each grower adds ``count`` more related items to one page (or to the library
    as a whole); measuring before and after a grower shows whether a page's
    queries depend on how many items it shows.
    """

    def __init__(self, site_tree, locales):
        self.tree = site_tree
        self.locales = locales
        self.serial = itertools.count(1)
        self.themes = self._themes()
        self.regions = self._regions()
        self.institution = Institution.objects.create(
            name="Komlói Közösségek Háza", kind=Institution.Kind.CULTURAL_CENTRE
        )
        self.home = site_tree["hu"]["home"]
        self.related = defaultdict(list)
        self.body_images = defaultdict(list)

    # The measured pages, made when a case first needs them.

    @cached_property
    def programme(self):
        programme = ProgrammeFactory(parent=self.home, title="Kapcsolódások")
        translate(programme, "sl", title="Povezave")
        return programme

    @cached_property
    def group(self):
        group = MentorGroupFactory(
            parent=self.programme,
            title="Közkincs műhely",
            region=self.regions["komlo-hegyhat"],
            rubric=RUBRIC,
            themes=[self.themes["volunteering"], self.themes["festivals"]],
        )
        translate(group, "sl", title="Delavnica Skupno dobro")
        return group

    @cached_property
    def other_group(self):
        group = MentorGroupFactory(
            parent=self.programme, title="Metszéspont műhely", region=self.regions["heves-county"]
        )
        translate(group, "sl", title="Delavnica Presečišče")
        return group

    @cached_property
    def article(self):
        source = self.item(MethodologyArticleFactory, "methods", translated=True)
        return self.item(MethodologyArticleFactory, "methods", translated=True, adapted_from=source)

    @cached_property
    def package(self):
        package = self.item(ProgrammePackageFactory, "packages", translated=True)
        package.host = self.institution
        return publish(package)

    @cached_property
    def bundle(self):
        bundle = self.item(RegionalBundleFactory, "packages")
        bundle.region = self.regions["komlo-hegyhat"]
        return publish(bundle)

    @cached_property
    def collection(self):
        return self.item(CuratedCollectionFactory, "collections")

    @cached_property
    def writeup(self):
        return self.writeup_in(self.group, translated=True)

    # The vocabulary, named in every language.

    def _themes(self):
        themes = {}
        for slug, (hu, sl, en) in THEMES.items():
            source = ThemeFactory(slug=slug, name=hu, locale=self.locales["hu"])
            for code, name in (("sl", sl), ("en", en)):
                ThemeFactory(
                    slug=slug,
                    name=name,
                    locale=self.locales[code],
                    translation_key=source.translation_key,
                )
            themes[slug] = source
        return themes

    def _regions(self):
        regions = {}
        for slug, (parent, level, hu, sl, en) in REGIONS.items():
            source = RegionFactory(
                slug=slug,
                name=hu,
                level=level,
                parent=regions.get(parent),
                locale=self.locales["hu"],
            )
            for code, name in (("sl", sl), ("en", en)):
                RegionFactory(
                    slug=slug,
                    name=name,
                    level=level,
                    locale=self.locales[code],
                    translation_key=source.translation_key,
                )
            regions[slug] = source
        return regions

    # Items as cards show them.

    def _dress(self, page, translated):
        """Image, themes and a region; published; translated into Slovenian if asked."""
        number = next(self.serial)
        page.listing_image = wagtail_factories.ImageFactory(title=f"Kép {number}")
        page.summary = f"Összefoglaló az {SEARCH_WORD} munkáról, {number}."
        page.themes.set([self.themes["volunteering"], self.themes["local-heritage"]])
        page.regions.set([self.regions["komlo-hegyhat"]])
        publish(page)
        if translated:
            translate(page, "sl", title=f"{page.title} (sl)")
        return page

    def item(self, factory, section, translated=None, **fields):
        number = next(self.serial)
        page = factory(
            parent=self.tree["hu"][section], title=f"{SEARCH_WORD.capitalize()} {number}", **fields
        )
        return self._dress(page, number % 2 == 0 if translated is None else translated)

    def writeup_in(self, group, translated=None, **fields):
        number = next(self.serial)
        page = WorkshopWriteUpFactory(
            parent=group,
            title=f"{SEARCH_WORD.capitalize()} műhely {number}",
            venue_institution=self.institution,
            **fields,
        )
        return self._dress(page, number % 2 == 0 if translated is None else translated)

    def mixed_items(self, count):
        """Methods, packages, collections and write-ups, in turn."""
        makers = itertools.cycle(
            [
                lambda: self.item(MethodologyArticleFactory, "methods"),
                lambda: self.item(ProgrammePackageFactory, "packages"),
                lambda: self.item(CuratedCollectionFactory, "collections"),
                lambda: self.writeup_in(self.other_group),
            ]
        )
        return [next(makers)() for _number in range(count)]

    # Growers: each adds ``count`` related items to what one page class shows.

    def grow_library(self, count):
        """Items for the home page, listings, search, feed, sitemap and the API."""
        items = self.mixed_items(count)
        for home in (self.home, self.tree["sl"]["home"]):
            home.featured_items.add(*[HomeFeaturedItem(item=item) for item in items])
            publish(home)
        for number in range(count):
            self.item(MethodologyArticleFactory, "methods", translated=number % 2 == 0)

    def grow_api(self, count):
        """Items of every type, each with the relations its API fields show."""
        for _number in range(count):
            self.item(MethodologyArticleFactory, "methods", adapted_from=self.article)
            package = self.item(ProgrammePackageFactory, "packages")
            package.combines_with.add(self.package)
            publish(package)
            collection = self.item(CuratedCollectionFactory, "collections")
            collection.items.add(CollectionItem(item=self.article, note="Kezdésnek."))
            publish(collection)
            self.writeup_in(self.group, methods_used=[self.article], outputs=[package])

    def grow_article(self, count):
        """Adaptations, write-ups that used or produced it, related items in its body."""
        for _number in range(count):
            self.item(MethodologyArticleFactory, "methods", adapted_from=self.article)
            for group in (self.group, self.other_group):
                self.writeup_in(group, methods_used=[self.article])
            self.writeup_in(self.group, outputs=[self.article])
        self._add_related(self.article, self.mixed_items(count))

    def grow_package(self, count):
        """Packages it combines with, write-ups that produced it, related items."""
        for _number in range(count):
            self.package.combines_with.add(self.item(ProgrammePackageFactory, "packages"))
            self.writeup_in(self.group, outputs=[self.package])
        publish(self.package)
        self._add_related(self.package, self.mixed_items(count))

    def _add_related(self, page, pages):
        """More related items and one more image in the page's body."""
        self.related[page.pk] += pages
        self.body_images[page.pk].append(wagtail_factories.ImageFactory())
        page.body = _body_with_related(self.related[page.pk], self.body_images[page.pk])
        publish(page)

    def grow_bundle(self, count):
        for _number in range(count):
            package = self.item(ProgrammePackageFactory, "packages")
            self.bundle.bundle_packages.add(BundlePackage(package=package))
        publish(self.bundle)

    def grow_collection(self, count):
        for item in self.mixed_items(count):
            self.collection.items.add(CollectionItem(item=item, note=f"Miért: {item.title}"))
        publish(self.collection)

    def grow_programme(self, count):
        regions = itertools.cycle([self.regions["komlo-hegyhat"], self.regions["heves-county"]])
        for _number in range(count):
            group = MentorGroupFactory(parent=self.programme, region=next(regions), rubric=RUBRIC)
            translate(group, "sl", title=f"{group.title} (sl)")
            self.plan_session(group)

    def grow_group(self, count):
        """Write-ups (public with outputs, and group-only), sessions, mentors, body items."""
        for _number in range(count):
            outputs = self.mixed_items(1)
            self.writeup_in(self.group, outputs=outputs)
            private = self.writeup_in(self.group, translated=False)
            private.visibility = private.Visibility.GROUP
            publish(private)
            self.plan_session(self.group)
            self.add_mentor(self.group)
        self._add_related(self.group, self.mixed_items(count))

    def grow_writeup(self, count):
        methods = [self.item(MethodologyArticleFactory, "methods") for _number in range(count)]
        self.writeup.methods_used.add(*methods)
        self.writeup.outputs.add(*self.mixed_items(count))
        publish(self.writeup)

    def grow_glossary(self, count):
        for _number in range(count):
            number = next(self.serial)
            source = GlossaryTerm.objects.create(
                locale=self.locales["hu"],
                term=f"fogalom {number}",
                slug=f"term-{number}",
                definition="Meghatározás.",
                synonyms="szinonima\nmásik szó",
            )
            for code in ("sl", "en"):
                GlossaryTerm.objects.create(
                    locale=self.locales[code],
                    term=f"{code} {number}",
                    slug=source.slug,
                    translation_key=source.translation_key,
                )

    def grow_calendar(self, count):
        for _number in range(count):
            self.plan_session(self.group)

    def plan_session(self, group):
        number = next(self.serial)
        group.planned_sessions.add(
            PlannedSession(
                date=timezone.localdate() + datetime.timedelta(days=number),
                start_time=datetime.time(17, 0),
                venue="Művelődési ház",
                topic=f"Alkalom {number}",
            )
        )
        publish(group)

    def add_mentor(self, group):
        number = next(self.serial)
        user = get_user_model().objects.create_user(f"mentor{number}", f"m{number}@example.org")
        profile = Profile(user=user, display_name=f"Mentor {number}")
        profile.record_consent("Public mentor profile on the programme's pages.")
        profile.save()
        assign_role(user, group, GroupMembership.Role.MENTOR)
