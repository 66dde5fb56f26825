"""Factories for the library's taxonomy and pages (wagtail-factories, factory_boy)."""

import factory
import wagtail_factories
from wagtail.models import Locale

from knowledge.models import (
    CuratedCollection,
    Institution,
    MethodologyArticle,
    ProgrammePackage,
    Region,
    RegionalBundle,
    Theme,
)


def locale(code):
    return Locale.objects.get(language_code=code)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Téma {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    locale = factory.LazyFunction(lambda: locale("hu"))


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Térség {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    level = Region.Level.DISTRICT
    locale = factory.LazyFunction(lambda: locale("hu"))


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Művelődési ház {n}")
    kind = Institution.Kind.CULTURAL_CENTRE
    locale = factory.LazyFunction(lambda: locale("hu"))


class KnowledgePageFactory(wagtail_factories.PageFactory):
    summary = factory.Sequence(lambda n: f"Rövid összefoglaló {n}.")

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if extracted:
            obj.themes.set(extracted)
            obj.save_revision().publish()

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if extracted:
            obj.regions.set(extracted)
            obj.save_revision().publish()


class MethodologyArticleFactory(KnowledgePageFactory):
    class Meta:
        model = MethodologyArticle

    title = factory.Sequence(lambda n: f"Módszer {n}")
    purpose = "A csoport közös céljainak tisztázása."
    duration_minutes = 90


class ProgrammePackageFactory(KnowledgePageFactory):
    class Meta:
        model = ProgrammePackage

    title = factory.Sequence(lambda n: f"Programcsomag {n}")
    audience = "Iskolai osztályok"


class RegionalBundleFactory(KnowledgePageFactory):
    class Meta:
        model = RegionalBundle

    title = factory.Sequence(lambda n: f"Térségi kínálat {n}")


class CuratedCollectionFactory(KnowledgePageFactory):
    class Meta:
        model = CuratedCollection

    title = factory.Sequence(lambda n: f"Válogatás {n}")
