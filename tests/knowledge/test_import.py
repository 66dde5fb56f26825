"""import_content: a valid file imports, re-imports are idempotent, and bad files write nothing.

The format is documented in docs/import-format.md. Every error test builds a file
whose earlier lines are valid, so that a partial write would show in the counts.
"""

import copy
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.functional import lazy
from wagtail.models import Page, PageViewRestriction, Revision

from knowledge.import_types import pending_type_message
from knowledge.importer import HANDLERS, PENDING_TYPES, ImportFailed, run_import
from knowledge.listing import visible_pages
from knowledge.models import (
    CuratedCollection,
    HomePage,
    ImportedObject,
    Institution,
    KnowledgePage,
    LibraryIndexPage,
    MethodologyArticle,
    ProgrammePackage,
    Region,
    RegionalBundle,
    Theme,
)

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "content.jsonl"

VALID = [
    # 1-5: themes in three languages; "festivals" has no English translation.
    {
        "type": "theme",
        "key": "theme:volunteering:hu",
        "locale": "hu",
        "title": "Önkéntesség",
        "slug": "volunteering",
        "scope_note": "Önkéntesek bevonása és megtartása.",
        "synonyms": ["önkéntes munka"],
    },
    {
        "type": "theme",
        "key": "theme:volunteering:sl",
        "locale": "sl",
        "translation_of": "theme:volunteering:hu",
        "title": "Prostovoljstvo",
        "slug": "volunteering",
    },
    {
        "type": "theme",
        "key": "theme:volunteering:en",
        "locale": "en",
        "translation_of": "theme:volunteering:hu",
        "title": "Volunteering",
        "slug": "volunteering",
    },
    {
        "type": "theme",
        "key": "theme:festivals:hu",
        "locale": "hu",
        "title": "Fesztiválok",
        "slug": "festivals",
        "parent": "theme:volunteering:hu",
    },
    {
        "type": "theme",
        "key": "theme:festivals:sl",
        "locale": "sl",
        "translation_of": "theme:festivals:hu",
        "title": "Festivali",
        "slug": "festivals",
        "parent": "theme:volunteering:sl",
    },
    # 6-10: a Hungarian chain country → county → district, and a Slovenian one.
    {
        "type": "region",
        "key": "region:hungary",
        "locale": "hu",
        "title": "Magyarország",
        "slug": "hungary",
        "level": "country",
    },
    {
        "type": "region",
        "key": "region:baranya",
        "locale": "hu",
        "title": "Baranya",
        "slug": "baranya",
        "level": "county",
        "parent": "region:hungary",
    },
    {
        "type": "region",
        "key": "region:komlo-hegyhat",
        "locale": "hu",
        "title": "Komló–Hegyhát",
        "slug": "komlo-hegyhat",
        "level": "district",
        "parent": "region:baranya",
    },
    {
        "type": "region",
        "key": "region:slovenia",
        "locale": "sl",
        "title": "Slovenija",
        "slug": "slovenia",
        "level": "country",
    },
    {
        "type": "region",
        "key": "region:podravska",
        "locale": "sl",
        "title": "Podravska",
        "slug": "podravska",
        "level": "county",
        "parent": "region:slovenia",
    },
    # 11: an institution.
    {
        "type": "institution",
        "key": "inst:komlo-house",
        "locale": "hu",
        "title": "Komlói Közösségi Ház",
        "kind": "cultural-centre",
        "settlement": "komlo-hegyhat",
        "website": "https://example.org/komlo",
        "summary": "Közösségi tér a város központjában.",
    },
    # 12-13: a method and its Slovenian translation.
    {
        "type": "method",
        "key": "method:tree",
        "locale": "hu",
        "title": "Problémafa",
        "summary": "Okok és következmények közös feltárása.",
        "body": "## Mikor jó\n\nHa a csoport **elakadt**.\n\n- egy\n- kettő",
        "themes": ["volunteering", "festivals"],
        "regions": ["komlo-hegyhat"],
        "keywords": ["elemzés"],
        "purpose": "Közös helyzetkép.",
        "audience": "Helyi csoportok",
        "group_size_min": 6,
        "group_size_max": 20,
        "duration_minutes": 90,
        "materials": ["csomagolópapír", "filctoll"],
        "steps": [
            {"title": "Törzs", "minutes": 15, "text": "Írjuk fel a **problémát**."},
            {"title": "Gyökerek", "minutes": 30, "text": "Az okok a gyökerek."},
        ],
        "licence": "cc-by-4.0",
        "review_date": "2026-01-31",
    },
    {
        "type": "method",
        "key": "method:tree:sl",
        "locale": "sl",
        "translation_of": "method:tree",
        "title": "Drevo problemov",
        "summary": "Skupno raziskovanje vzrokov in posledic.",
        "themes": ["volunteering", "festivals"],
        "regions": ["podravska"],
        "machine_translated": True,
        "steps": [{"title": "Deblo", "minutes": 15, "text": "Zapišemo problem."}],
    },
    # 14-15: two packages, the second combining with the first.
    {
        "type": "package",
        "key": "package:walk",
        "locale": "hu",
        "title": "Bányász séta",
        "themes": ["festivals"],
        "regions": ["komlo-hegyhat"],
        "host": "inst:komlo-house",
        "season": "summer",
        "capacity": 25,
        "price_band": "low",
        "status": "bookable",
        "audience": "Iskolai osztályok",
    },
    {
        "type": "package",
        "key": "package:tour",
        "locale": "hu",
        "title": "Hegyháti túra",
        "host": "inst:komlo-house",
        "combines_with": ["package:walk"],
    },
    # 16-17: a bundle and a collection.
    {
        "type": "bundle",
        "key": "bundle:komlo",
        "locale": "hu",
        "title": "Komló–Hegyhát kínálata",
        "region": "komlo-hegyhat",
        "packages": ["package:tour", "package:walk"],
    },
    {
        "type": "collection",
        "key": "collection:start",
        "locale": "hu",
        "title": "Kezdőknek",
        "items": ["method:tree", "package:tour"],
    },
    # 18-19: a draft and a members-only page.
    {
        "type": "method",
        "key": "method:draft",
        "locale": "hu",
        "title": "Félkész módszer",
        "live": False,
    },
    {
        "type": "method",
        "key": "method:members",
        "locale": "hu",
        "title": "Tagoknak szóló módszer",
        "visibility": "members",
    },
]


def records():
    """A fresh copy of the valid file's records, safe to change in a test."""
    return copy.deepcopy(VALID)


def line(items, key):
    """The record of ``key`` among ``items``."""
    return next(item for item in items if item["key"] == key)


def lines_of(items):
    return [
        item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in items
    ]


def write_file(tmp_path, items, name="content.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines_of(items)) + "\n", encoding="utf-8")
    return path


def run_command(path):
    """Run import_content in English; return (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("import_content", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_lines(items):
    with translation.override("en"):
        return run_import(lines_of(items))


def counts():
    """Everything an import could write, counted."""
    return {
        "pages": Page.objects.count(),
        "themes": Theme.objects.count(),
        "regions": Region.objects.count(),
        "institutions": Institution.objects.count(),
        "revisions": Revision.objects.count(),
        "imported": ImportedObject.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
    }


def checksums():
    return dict(ImportedObject.objects.values_list("key", "checksum"))


def imported(key):
    obj = ImportedObject.objects.get(key=key).get_object()
    return getattr(obj, "specific", obj)


def summary_numbers(stdout):
    """(created, updated, unchanged) summed over the summary lines of the command."""
    found = re.findall(r"(\d+) created, (\d+) updated, (\d+) unchanged", stdout)
    assert found, stdout
    return tuple(sum(int(row[i]) for row in found) for i in range(3))


# A valid file


@pytest.mark.django_db
def test_a_valid_file_creates_every_item(tmp_path, site_tree):
    run_command(write_file(tmp_path, VALID))

    assert Theme.objects.filter(locale__language_code="hu").count() == 2
    assert Theme.objects.filter(locale__language_code="sl").count() == 2
    assert Theme.objects.filter(locale__language_code="en").count() == 1
    volunteering = Theme.objects.get(slug="volunteering", locale__language_code="hu")
    assert volunteering.synonyms == "önkéntes munka"
    assert imported("theme:festivals:sl").parent == imported("theme:volunteering:sl")
    assert {theme.translation_key for theme in Theme.objects.filter(slug="volunteering")} == {
        volunteering.translation_key
    }

    institution = imported("inst:komlo-house")
    assert institution.kind == "cultural-centre"
    assert institution.settlement == imported("region:komlo-hegyhat")
    assert institution.website == "https://example.org/komlo"

    method = imported("method:tree")
    assert isinstance(method, MethodologyArticle)
    assert method.get_parent().specific.section == LibraryIndexPage.Section.METHODS
    assert method.get_parent().get_parent().specific_class is HomePage
    assert [(s.value["title"], s.value["minutes"]) for s in method.steps] == [
        ("Törzs", 15),
        ("Gyökerek", 30),
    ]
    assert "<b>problémát</b>" in method.steps[0].value["description"].source
    assert method.materials_list == ["csomagolópapír", "filctoll"]
    assert (method.group_size_min, method.group_size_max, method.duration_minutes) == (6, 20, 90)
    assert method.licence == "cc-by-4.0"
    assert str(method.review_date) == "2026-01-31"
    assert [block.block_type for block in method.body] == ["heading", "paragraph"]
    assert {tag.name for tag in method.keywords.all()} == {"elemzés"}

    package, tour = imported("package:walk"), imported("package:tour")
    assert isinstance(package, ProgrammePackage)
    assert package.host == institution
    assert (package.season, package.capacity, package.price_band, package.status) == (
        "summer",
        25,
        "low",
        "bookable",
    )
    assert list(tour.combines_with.all()) == [package]

    bundle = imported("bundle:komlo")
    assert isinstance(bundle, RegionalBundle)
    assert bundle.region == imported("region:komlo-hegyhat")
    assert [link.package_id for link in bundle.bundle_packages.all()] == [tour.pk, package.pk]

    collection = imported("collection:start")
    assert isinstance(collection, CuratedCollection)
    assert [link.item_id for link in collection.items.all()] == [method.pk, tour.pk]
    assert collection.get_parent().specific.section == LibraryIndexPage.Section.COLLECTIONS


@pytest.mark.django_db
def test_translation_of_makes_a_wagtail_translation_with_themes_in_its_language(
    tmp_path, site_tree
):
    run_command(write_file(tmp_path, VALID))
    source, slovenian = imported("method:tree"), imported("method:tree:sl")

    assert slovenian.translation_key == source.translation_key
    assert slovenian.locale.language_code == "sl"
    assert slovenian in [page.specific for page in source.get_translations()]
    assert source.get_translation(slovenian.locale).pk == slovenian.pk
    assert slovenian.original_language == "hu"
    assert slovenian.machine_translated is True
    assert slovenian.get_parent().locale.language_code == "sl"

    sl_themes = set(slovenian.themes.all())
    assert {theme.name for theme in sl_themes} == {"Prostovoljstvo", "Festivali"}
    assert {theme.locale.language_code for theme in sl_themes} == {"sl"}
    assert {theme.name for theme in source.themes.all()} == {"Önkéntesség", "Fesztiválok"}
    assert [region.slug for region in slovenian.regions.all()] == ["podravska"]


@pytest.mark.django_db
def test_regions_form_a_chain_with_paths(tmp_path, site_tree):
    run_command(write_file(tmp_path, VALID))
    district = imported("region:komlo-hegyhat")
    assert district.path == "hungary/baranya/komlo-hegyhat"
    assert district.level == "district"
    assert district.parent.parent == imported("region:hungary")
    assert imported("region:baranya").path == "hungary/baranya"
    assert imported("region:podravska").path == "slovenia/podravska"
    assert set(imported("region:hungary").self_and_descendants()) == {
        imported("region:hungary"),
        imported("region:baranya"),
        district,
    }


@pytest.mark.django_db
def test_live_flags_and_visibility(tmp_path, site_tree):
    run_command(write_file(tmp_path, VALID))
    draft, members, public = (
        imported("method:draft"),
        imported("method:members"),
        imported("method:tree"),
    )

    assert public.live and not draft.live and members.live
    assert draft.has_unpublished_changes
    restriction = PageViewRestriction.objects.get(page=members)
    assert restriction.restriction_type == PageViewRestriction.LOGIN
    assert not PageViewRestriction.objects.filter(page__in=[public, draft]).exists()

    visible = set(visible_pages().values_list("pk", flat=True))
    assert public.pk in visible
    assert members.pk not in visible
    assert draft.pk not in visible


# Idempotence


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(tmp_path, site_tree):
    path = write_file(tmp_path, VALID)
    first_out, _ = run_command(path)
    assert summary_numbers(first_out) == (len(VALID), 0, 0)
    before, sums = counts(), checksums()
    revisions = set(Revision.objects.values_list("pk", flat=True))

    out, _err = run_command(path)

    assert counts() == before
    assert checksums() == sums
    assert set(Revision.objects.values_list("pk", flat=True)) == revisions
    assert summary_numbers(out) == (0, 0, len(VALID))


@pytest.mark.django_db
def test_changing_one_title_updates_exactly_that_item(tmp_path, site_tree):
    run_command(write_file(tmp_path, VALID))
    before, sums = counts(), checksums()
    changed = records()
    line(changed, "package:walk")["title"] = "Bányász séta, új útvonal"

    out, _err = run_command(write_file(tmp_path, changed, "changed.jsonl"))

    assert summary_numbers(out) == (0, 1, len(VALID) - 1)
    assert "package: 0 created, 1 updated, 1 unchanged" in out
    after = counts()
    assert after["revisions"] == before["revisions"] + 1
    assert {name: n for name, n in after.items() if name != "revisions"} == {
        name: n for name, n in before.items() if name != "revisions"
    }
    assert ProgrammePackage.objects.filter(title__startswith="Bányász séta").count() == 1
    walk = imported("package:walk")
    assert walk.title == "Bányász séta, új útvonal"
    assert walk.live and not walk.has_unpublished_changes
    assert {key for key in sums if sums[key] != checksums()[key]} == {"package:walk"}


@pytest.mark.django_db
def test_reimport_can_publish_a_draft_and_open_a_members_page(tmp_path, site_tree):
    run_command(write_file(tmp_path, VALID))
    changed = records()
    del line(changed, "method:draft")["live"]
    del line(changed, "method:members")["visibility"]

    run_command(write_file(tmp_path, changed, "changed.jsonl"))

    visible = set(visible_pages().values_list("pk", flat=True))
    assert imported("method:draft").pk in visible
    assert imported("method:members").pk in visible
    assert not PageViewRestriction.objects.filter(page=imported("method:members")).exists()


@pytest.mark.django_db
def test_live_false_on_reimport_unpublishes(tmp_path, site_tree):
    run_command(write_file(tmp_path, VALID))
    changed = records()
    line(changed, "method:tree")["live"] = False

    run_command(write_file(tmp_path, changed, "changed.jsonl"))

    assert not imported("method:tree").live
    assert imported("method:tree:sl").live  # a translation keeps its own state


@pytest.mark.django_db
def test_packages_may_combine_with_a_later_package(site_tree):
    """Packages name each other ("combines with" goes both ways), so a later one is allowed."""
    first = {
        "type": "package",
        "key": "p:a",
        "locale": "hu",
        "title": "A",
        "combines_with": ["p:b"],
    }
    second = {
        "type": "package",
        "key": "p:b",
        "locale": "hu",
        "title": "B",
        "combines_with": ["p:a"],
    }

    summary = import_lines([first, second])

    assert summary.created["package"] == 2
    a, b = imported("p:a"), imported("p:b")
    assert list(a.combines_with.all()) == [b]
    assert list(b.combines_with.all()) == [a]
    assert a.live and not a.has_unpublished_changes
    revisions = Revision.objects.count()
    assert sum(import_lines([first, second]).unchanged.values()) == 2
    assert Revision.objects.count() == revisions


@pytest.mark.django_db
def test_progress_and_closing_summary_are_printed(tmp_path, site_tree):
    out, err = run_command(write_file(tmp_path, VALID))
    assert f"Importing {len(VALID)}/{len(VALID)} (100%)" in out
    assert "theme: 5 created, 0 updated, 0 unchanged" in out
    assert "region: 5 created, 0 updated, 0 unchanged" in out
    assert "method: 4 created, 0 updated, 0 unchanged" in out
    assert out.rstrip().endswith(f"Imported {len(VALID)} items.")
    assert err == ""


@pytest.mark.django_db
def test_blank_lines_and_comments_are_skipped_and_counted_in_line_numbers(site_tree):
    items = ["# themes first", "", VALID[0], {"type": "theme", "key": "x"}]
    with pytest.raises(ImportFailed) as failure:
        import_lines(items)
    assert [(error.line, error.field) for error in failure.value.errors] == [(4, "locale")]


# Errors: each leaves the database as it was


PREFIX = VALID[:12]  # themes, regions, an institution and a method: all valid
N = len(PREFIX) + 1  # the line number of the bad line that follows


def bad(**fields):
    """A method line after the valid prefix, with ``fields`` changed (None removes one)."""
    record = {"type": "method", "key": "method:bad", "locale": "hu", "title": "Rossz sor"}
    for name, value in fields.items():
        if value is None:
            record.pop(name, None)
        else:
            record[name] = value
    return record


ERROR_CASES = {
    "bad JSON": ('{"type": "method", "key": ', N, "", "not valid JSON"),
    "not an object": ('["method", "x"]', N, "", "must be a JSON object"),
    "unknown type": (bad(type="workshop"), N, "type", "unknown type “workshop”"),
    "missing type": (bad(type=None), N, "type", "missing"),
    "missing key": (bad(key=None), N, "key", "missing"),
    "malformed key": (bad(key="has space"), N, "key", "use letters"),
    "duplicate key": (bad(key="method:tree"), N, "key", "used more than once"),
    "bad locale": (bad(locale="de"), N, "locale", "must be one of en, hu, sl"),
    "missing title": (bad(title=None), N, "title", "missing"),
    "blank title": (bad(title="   "), N, "title", "missing"),
    "unknown theme": (bad(themes=["volunteering", "gardening"]), N, "themes", "“gardening”"),
    "theme of another language": (bad(locale="en", themes=["festivals"]), N, "themes", "festiv"),
    "themes not a list": (bad(themes="volunteering"), N, "themes", "list"),
    "unknown region": (bad(regions=["atlantis"]), N, "regions", "unknown region slug"),
    "parent in another language": (
        bad(type="theme", locale="sl", slug="gardening", parent="theme:volunteering:hu"),
        N,
        "parent",
        "in another language",
    ),
    "parent of another type": (
        bad(type="region", slug="komlo", level="settlement", parent="theme:volunteering:hu"),
        N,
        "parent",
        "is a theme, expected region",
    ),
    "region of another language": (bad(regions=["podravska"]), N, "regions", "podravska"),
    "translation of an unknown key": (
        bad(locale="sl", translation_of="method:nowhere"),
        N,
        "translation_of",
        "no item has the key “method:nowhere”",
    ),
    "translation in the same language": (
        bad(translation_of="method:tree"),
        N,
        "translation_of",
        "same language",
    ),
    "translation of another type": (
        bad(locale="sl", translation_of="theme:volunteering:hu"),
        N,
        "translation_of",
        "is a theme, expected method",
    ),
    "reference to a later line": (
        [bad(type="package", host="inst:later"), bad(type="institution", key="inst:later")],
        N,
        "host",
        "must come earlier",
    ),
    "bundle naming a later package": (
        [bad(type="bundle", packages=["package:later"]), bad(type="package", key="package:later")],
        N,
        "packages",
        "must come earlier",
    ),
    "package combining with itself": (
        bad(type="package", combines_with=["method:bad"]),
        N,
        "combines_with",
        "must come earlier",
    ),
    "host of the wrong type": (
        bad(type="package", host="method:tree"),
        N,
        "host",
        "expected institution",
    ),
    "group without programme": (bad(type="group"), N, "programme", "missing"),
    "writeup without group": (bad(type="writeup", date="2025-03-01"), N, "group", "missing"),
    "bad date": (bad(review_date="2026-02-30"), N, "review_date", "YYYY-MM-DD"),
    "date not text": (bad(review_date=20260101), N, "review_date", "YYYY-MM-DD"),
    "integer as text": (bad(duration_minutes="90"), N, "duration_minutes", "whole number"),
    "integer too small": (bad(group_size_min=0), N, "group_size_min", "whole number"),
    "boolean as integer": (bad(group_size_max=True), N, "group_size_max", "whole number"),
    "bad step minutes": (
        bad(steps=[{"title": "A", "minutes": "5"}]),
        N,
        "steps",
        "minutes",
    ),
    "step without title": (bad(steps=[{"minutes": 5}]), N, "steps", "needs a title"),
    "bad licence": (bad(licence="cc0"), N, "licence", "must be one of"),
    "bad visibility": (bad(visibility="secret"), N, "visibility", "must be one of"),
    "live not boolean": (bad(live="no"), N, "live", "true or false"),
    "bad season": (bad(type="package", season="monsoon"), N, "season", "must be one of"),
    "bad price band": (bad(type="package", price_band="cheap"), N, "price_band", "must be one"),
    "bad status": (bad(type="package", status="done"), N, "status", "must be one of"),
    "bad capacity": (bad(type="package", capacity=-1), N, "capacity", "whole number"),
    "bad kind": (bad(type="institution", kind="pub"), N, "kind", "must be one of"),
    "bad website": (
        bad(type="institution", kind="library", website="javascript:alert(1)"),
        N,
        "website",
        "http",
    ),
    "bad level": (
        bad(type="region", slug="mars", level="planet"),
        N,
        "level",
        "must be one of",
    ),
    "bad slug": (bad(type="theme", slug="Not A Slug"), N, "slug", "lower-case"),
    "unknown region in a bundle": (bad(type="bundle", region="atlantis"), N, "region", "atlantis"),
    "unknown item in a collection": (
        bad(type="collection", items=["method:nowhere"]),
        N,
        "items",
        "no item has the key",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("expected", ERROR_CASES.values(), ids=list(ERROR_CASES))
def test_a_bad_line_is_reported_by_line_and_field_and_nothing_is_written(
    tmp_path, site_tree, expected
):
    bad_lines, line_number, field_name, fragment = expected
    bad_lines = bad_lines if isinstance(bad_lines, list) else [bad_lines]
    before = counts()
    path = write_file(tmp_path, [*PREFIX, *bad_lines])

    out, err = StringIO(), StringIO()
    with translation.override("en"), pytest.raises(CommandError) as failure:
        call_command("import_content", str(path), stdout=out, stderr=err)

    assert "nothing was written" in str(failure.value)
    assert counts() == before
    with pytest.raises(ImportFailed) as raised:
        import_lines([*PREFIX, *bad_lines])
    errors = [e for e in raised.value.errors if e.line == line_number and e.field == field_name]
    assert errors, raised.value.errors
    assert any(fragment in error.message for error in errors), errors
    label = f"line {line_number}, field “{field_name}”" if field_name else f"line {line_number}:"
    assert label in err.getvalue()
    assert fragment in err.getvalue()
    assert counts() == before


@pytest.fixture
def without_groups_app(monkeypatch):
    """As if the groups app were not installed: its types are announced, not handled."""
    for name in ("programme", "group", "writeup"):
        monkeypatch.delitem(HANDLERS, name, raising=False)
        monkeypatch.setitem(PENDING_TYPES, name, lazy(pending_type_message, str)(name))


@pytest.mark.django_db
@pytest.mark.parametrize("type_name", ["programme", "group", "writeup"])
def test_group_types_are_refused_clearly_without_the_groups_app(
    tmp_path, site_tree, without_groups_app, type_name
):
    before = counts()
    path = write_file(tmp_path, [*PREFIX, bad(type=type_name)])
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_content", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == (
        f"line {N}, field “type”: the type “{type_name}” needs the groups app, "
        "which does not handle it yet"
    )
    assert counts() == before


@pytest.mark.django_db
def test_every_problem_is_reported_not_only_the_first(site_tree):
    items = [*PREFIX, bad(themes=["gardening"]), "{oops", bad(key="method:b2", licence="x")]
    with pytest.raises(ImportFailed) as failure:
        import_lines(items)
    assert [(error.line, error.field) for error in failure.value.errors] == [
        (N, "themes"),
        (N + 1, ""),
        (N + 2, "licence"),
    ]


@pytest.mark.django_db
def test_a_second_translation_into_the_same_language_is_refused(tmp_path, site_tree):
    first = bad(key="method:tree:sl", locale="sl", translation_of="method:tree")
    second = bad(key="method:tree:sl2", locale="sl", translation_of="method:tree")
    before = counts()
    with pytest.raises(ImportFailed) as failure:
        import_lines([*PREFIX, first, second])
    assert [(error.line, error.field) for error in failure.value.errors] == [
        (N + 1, "translation_of")
    ]
    assert f"already has a translation in this language on line {N}" in str(failure.value)
    assert counts() == before


@pytest.mark.django_db
def test_a_translation_of_a_later_line_is_refused(site_tree):
    translation_first = bad(key="method:x:sl", locale="sl", translation_of="method:x")
    source = bad(key="method:x")
    with pytest.raises(ImportFailed) as failure:
        import_lines([*PREFIX, translation_first, source])
    assert [(e.line, e.field) for e in failure.value.errors] == [(N, "translation_of")]
    assert "must come earlier" in failure.value.errors[0].message


@pytest.mark.django_db
def test_a_failed_file_leaves_earlier_imports_untouched(tmp_path, site_tree):
    run_command(write_file(tmp_path, VALID))
    before, sums = counts(), checksums()
    changed = records()
    line(changed, "theme:volunteering:hu")["title"] = "Átnevezett téma"
    line(changed, "method:tree")["title"] = "Átnevezett módszer"
    changed.append(bad(themes=["gardening"]))

    with pytest.raises(CommandError):
        run_command(write_file(tmp_path, changed, "changed.jsonl"))

    assert counts() == before
    assert checksums() == sums
    assert imported("theme:volunteering:hu").name == "Önkéntesség"
    assert imported("method:tree").title == "Problémafa"


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_back_everything(tmp_path, site_tree):
    """Two keys for one slug in one language pass validation but break a constraint."""
    clash = {
        "type": "theme",
        "key": "theme:volunteering:hu:again",
        "locale": "hu",
        "title": "Önkéntesség 2",
        "slug": "volunteering",
    }
    before = counts()
    path = write_file(tmp_path, [*PREFIX, clash])

    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError) as failure:
        call_command("import_content", str(path), stdout=StringIO(), stderr=err)

    assert "nothing was written" in str(failure.value)
    assert err.getvalue().strip() == f"line {N}: Theme with this Slug and Locale already exists."
    assert counts() == before
    assert not Theme.objects.filter(slug="volunteering").exists()


@pytest.mark.django_db
def test_a_second_translation_across_imports_rolls_back(tmp_path, site_tree):
    """A translation made by an earlier import counts too, not only those in the file."""
    run_command(write_file(tmp_path, VALID))
    before = counts()
    again = bad(key="method:tree:sl:new", locale="sl", translation_of="method:tree")

    with pytest.raises(ImportFailed) as failure:
        import_lines([bad(key="method:fresh"), again])

    assert [(error.line, error.field) for error in failure.value.errors] == [(2, "translation_of")]
    assert "“method:tree” already has a translation in this language" in str(failure.value)
    assert counts() == before
    assert not MethodologyArticle.objects.filter(title="Rossz sor").exists()


@pytest.mark.django_db
def test_an_unreadable_file_is_a_command_error(tmp_path, site_tree):
    with pytest.raises(CommandError, match="Cannot read"):
        run_command(tmp_path / "missing.jsonl")
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"title": "\xe1"}'.encode("latin-1"))
    with pytest.raises(CommandError, match="Cannot read"):
        run_command(path)


# The demo file


@pytest.mark.django_db
def test_the_demo_file_imports_and_is_idempotent(db):
    """The file `make run` loads; it must build the Slovenian and English homes itself."""
    if not DEMO_FILE.exists():
        pytest.skip("demo/content.jsonl is not written yet")
    HomePage.objects.exclude(locale__language_code="hu").delete()
    assert HomePage.objects.count() == 1

    out, err = run_command(DEMO_FILE)

    assert err == ""
    assert summary_numbers(out)[0] > 0
    hu_home = HomePage.objects.get(locale__language_code="hu")
    for code in ("hu", "sl", "en"):
        home = HomePage.objects.get(locale__language_code=code)
        assert home.live and home.translation_key == hu_home.translation_key
        items = KnowledgePage.objects.filter(locale__language_code=code)
        assert items.exists(), code
        assert items.descendant_of(home).count() == items.count(), code
    assert MethodologyArticle.objects.filter(locale__language_code="hu").count() >= 6
    assert ProgrammePackage.objects.filter(locale__language_code="hu").count() >= 5
    before = counts()

    again, _err = run_command(DEMO_FILE)

    created, updated, unchanged = summary_numbers(again)
    assert (created, updated) == (0, 0)
    assert unchanged > 0
    assert counts() == before
