"""A small trilingual library to search: one work in three languages and a few more."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from knowledge.importer import run_import
from tests.conftest import translate
from tests.factories import (
    MethodologyArticleFactory,
    ProgrammePackageFactory,
    RegionFactory,
    ThemeFactory,
)


@pytest.fixture
def taxonomy(locales):
    """The volunteering theme and two regions under Hungary, named in each language."""
    names = {
        "volunteering": ("Önkéntesség", "Prostovoljstvo", "Volunteering"),
        "festivals": ("Fesztiválok", "Festivali", "Festivals"),
    }
    themes = {}
    for slug, (hu, sl, en) in names.items():
        source = ThemeFactory(slug=slug, name=hu, locale=locales["hu"])
        ThemeFactory(
            slug=slug, name=sl, locale=locales["sl"], translation_key=source.translation_key
        )
        ThemeFactory(
            slug=slug, name=en, locale=locales["en"], translation_key=source.translation_key
        )
        themes[slug] = source
    hungary = RegionFactory(
        slug="hungary", name="Magyarország", level="country", locale=locales["hu"]
    )
    tata = RegionFactory(slug="tata", name="Tata", parent=hungary, locale=locales["hu"])
    heves = RegionFactory(
        slug="heves-county", name="Heves vármegye", parent=hungary, locale=locales["hu"]
    )
    return {"themes": themes, "regions": {"hungary": hungary, "tata": tata, "heves": heves}}


@pytest.fixture
def library(site_tree, taxonomy):
    """A festival method in hu (source), sl and en; a volunteering package in hu only."""
    themes, regions = taxonomy["themes"], taxonomy["regions"]
    festival = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"],
        title="Helyi ünnep közös építése partnerekkel",
        summary="Féléves tervezési folyamat, amelyben a közművelődési intézmény "
        "önkéntesekkel és közösségi partnerekkel újítja meg a helyi ünnepet.",
        themes=[themes["festivals"], themes["volunteering"]],
        regions=[regions["tata"]],
    )
    festival_sl = translate(
        festival,
        "sl",
        title="Skupna zasnova lokalnega praznika s partnerji",
        summary="Polletni proces načrtovanja, v katerem kulturna ustanova s prostovoljci "
        "in mentorji prenovi lokalni praznik.",
    )
    festival_en = translate(
        festival,
        "en",
        title="Building a local festival together with partners",
        summary="A six-month planning process in which a cultural centre renews a local "
        "celebration with volunteers and community partners.",
    )
    package = ProgrammePackageFactory(
        parent=site_tree["hu"]["packages"],
        title="Ifjúsági önkéntes nap a múzeumban",
        summary="A diákok önkéntesként segítenek a helyi múzeum közösségi napján.",
        themes=[themes["volunteering"]],
        regions=[regions["heves"]],
    )
    return {
        "festival": festival,
        "festival_sl": festival_sl,
        "festival_en": festival_en,
        "package": package,
    }


DEMO = Path(settings.BASE_DIR) / "demo" / "content.jsonl"


@pytest.fixture
def import_glossary(locales):
    """Import the demo content's glossary (hu, sl, en) when the test calls it."""

    def run():
        lines = [line for line in DEMO.read_text(encoding="utf-8").splitlines() if line[:1] == "{"]
        glossary = [line for line in lines if json.loads(line)["type"] == "glossary"]
        with translation.override("en"):
            run_import(glossary)

    return run
