"""export_content: public content only by default, the import format, and a lossless round trip.

A round trip exports, deletes the library (pages, taxonomy and import keys), imports
the exported file and compares what the library says, item by item, by import key.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Page

from knowledge.importer import HANDLERS, KEY_PATTERN, LANGUAGE_CODES, run_import
from knowledge.models import (
    HomeFeaturedItem,
    ImportedObject,
    Institution,
    KnowledgePage,
    ProgrammePackage,
    Region,
    Theme,
)

MARKERS = ("ZZDRAFT", "ZZMEMBERS", "ZZUNPUBLISHED", "ZZHIDDENSOURCE")

LIBRARY = [
    {
        "type": "theme",
        "key": "t:vol",
        "locale": "hu",
        "title": "Önkéntesség",
        "slug": "volunteering",
    },
    {
        "type": "theme",
        "key": "t:vol:sl",
        "locale": "sl",
        "translation_of": "t:vol",
        "title": "Prostovoljstvo",
        "slug": "volunteering",
    },
    {
        "type": "theme",
        "key": "t:fest",
        "locale": "hu",
        "title": "Fesztiválok",
        "slug": "festivals",
        "parent": "t:vol",
        "synonyms": ["ünnep", "vásár"],
        "scope_note": "Helyi ünnepek.",
    },
    {
        "type": "region",
        "key": "r:hu",
        "locale": "hu",
        "title": "Magyarország",
        "slug": "hungary",
        "level": "country",
    },
    {
        "type": "region",
        "key": "r:baranya",
        "locale": "hu",
        "title": "Baranya",
        "slug": "baranya",
        "level": "county",
        "parent": "r:hu",
    },
    {
        "type": "region",
        "key": "r:hegyhat",
        "locale": "hu",
        "title": "Komló–Hegyhát",
        "slug": "komlo-hegyhat",
        "level": "district",
        "parent": "r:baranya",
    },
    {
        "type": "region",
        "key": "r:si",
        "locale": "sl",
        "title": "Slovenija",
        "slug": "slovenia",
        "level": "country",
    },
    {
        "type": "institution",
        "key": "i:house",
        "locale": "hu",
        "title": "Közösségi Ház",
        "kind": "community-space",
        "settlement": "komlo-hegyhat",
        "website": "https://example.org",
    },
    {
        "type": "method",
        "key": "m:tree",
        "locale": "hu",
        "title": "Problémafa",
        "summary": "Okok és következmények.",
        "body": "## Mikor jó\n\nHa a csoport **elakadt**, lásd [a leírást](https://example.org/fa)."
        "\n\n- egy\n- *kettő*\n\n### Részletek\n\n1. első\n2. második",
        "themes": ["volunteering", "festivals"],
        "regions": ["komlo-hegyhat"],
        "keywords": ["elemzés", "csoport"],
        "materials": ["papír", "toll"],
        "duration_minutes": 60,
        "group_size_min": 5,
        "steps": [
            {"title": "Törzs", "minutes": 10, "text": "Írjuk fel a **problémát**."},
            {"title": "Gyökerek", "minutes": None, "text": "- okok\n- még okok"},
        ],
        "featured": True,
        "review_date": "2027-03-01",
    },
    {
        "type": "method",
        "key": "m:tree:sl",
        "locale": "sl",
        "translation_of": "m:tree",
        "title": "Drevo problemov",
        "themes": ["volunteering"],
        "regions": ["slovenia"],
        "machine_translated": True,
        "steps": [{"title": "Deblo", "minutes": 10, "text": "Zapišemo problem."}],
    },
    {
        "type": "method",
        "key": "m:tree:en",
        "locale": "en",
        "translation_of": "m:tree",
        "title": "Problem tree",
    },
    {
        "type": "method",
        "key": "m:adapted",
        "locale": "hu",
        "title": "Átdolgozott problémafa",
        "adapted_from": "m:tree",
        "adaptation_note": "Rövidebb.",
    },
    {
        "type": "package",
        "key": "p:walk",
        "locale": "hu",
        "title": "Bányász séta",
        "host": "i:house",
        "season": "summer",
        "capacity": 30,
        "status": "bookable",
    },
    {
        "type": "package",
        "key": "p:members",
        "locale": "hu",
        "title": "ZZMEMBERS csomag",
        "visibility": "members",
    },
    {
        "type": "package",
        "key": "p:tour",
        "locale": "hu",
        "title": "Hegyháti túra",
        "combines_with": ["p:walk", "p:members"],
    },
    {
        "type": "bundle",
        "key": "b:hegyhat",
        "locale": "hu",
        "title": "Hegyháti kínálat",
        "region": "komlo-hegyhat",
        "packages": ["p:tour", "p:members", "p:walk"],
    },
    {"type": "method", "key": "m:draft", "locale": "hu", "title": "ZZDRAFT módszer", "live": False},
    {"type": "method", "key": "m:gone", "locale": "hu", "title": "ZZUNPUBLISHED módszer"},
    {
        "type": "method",
        "key": "m:hidden",
        "locale": "hu",
        "title": "ZZHIDDENSOURCE módszer",
        "visibility": "members",
    },
    {
        "type": "method",
        "key": "m:open",
        "locale": "sl",
        "translation_of": "m:hidden",
        "title": "Odprta metoda",
    },
    {
        "type": "collection",
        "key": "c:start",
        "locale": "hu",
        "title": "Kezdőknek",
        "items": ["m:tree", "m:draft", "p:members", "p:walk"],
    },
]

PRIVATE_KEYS = {"m:draft", "m:gone", "m:hidden", "p:members"}
REFERENCE_FIELDS = ("translation_of", "parent", "host", "adapted_from")
REFERENCE_LISTS = ("combines_with", "packages", "items")


def import_records(records):
    with translation.override("en"):
        return run_import([json.dumps(record, ensure_ascii=False) for record in records])


@pytest.fixture
def library(site_tree):
    """The library above, with one page unpublished after it was live."""
    import_records(LIBRARY)
    imported("m:gone").unpublish()


def imported(key):
    obj = ImportedObject.objects.get(key=key).get_object()
    return getattr(obj, "specific", obj)


def export(*args, capsys=None):
    """Run export_content; return its standard output (or the --output file) and stderr."""
    err = StringIO()
    with translation.override("en"):
        call_command("export_content", *args, stderr=err)
    out = capsys.readouterr().out if capsys is not None else ""
    return out, err.getvalue()


def parse(text):
    return [json.loads(line) for line in text.splitlines()]


def flush_library():
    """Delete every library page, taxonomy item and import key; keep homes and sections."""
    Page.objects.type(KnowledgePage).delete()
    Institution.objects.all().delete()
    for model in (Region, Theme):
        while model.objects.exists():
            model.objects.filter(children__isnull=True).delete()
    ImportedObject.objects.all().delete()
    assert not KnowledgePage.objects.exists()


def state():
    """What the library says, by import key, without database ids."""
    key_of = {}
    objects = {}
    for row in ImportedObject.objects.all():
        obj = imported(row.key)
        objects[row.key] = obj
        key_of[(type(obj).__name__, obj.pk)] = row.key
        if isinstance(obj, KnowledgePage):
            key_of[("page", obj.pk)] = row.key

    def page_key(page):
        return key_of.get(("page", page.pk))

    result = {}
    groups = {}
    for key, obj in objects.items():
        family = "page" if isinstance(obj, KnowledgePage) else type(obj).__name__
        groups.setdefault((family, obj.translation_key), set()).add(key)
        item = {"locale": obj.locale.language_code, "type": type(obj).__name__}
        if isinstance(obj, KnowledgePage):
            item.update(
                title=obj.title,
                summary=obj.summary,
                live=obj.live,
                visibility=obj.visibility,
                original_language=obj.original_language,
                machine_translated=obj.machine_translated,
                review_date=obj.review_date,
                themes=sorted((t.slug, t.locale.language_code) for t in obj.themes.all()),
                regions=sorted((r.slug, r.locale.language_code) for r in obj.regions.all()),
                keywords=sorted(tag.name for tag in obj.keywords.all()),
                body=[(block.block_type, _block_value(block)) for block in obj.body],
                featured=HomeFeaturedItem.objects.filter(item=obj).count(),
            )
        else:
            item["title"] = obj.name
        if isinstance(obj, (Theme, Region)):
            item.update(
                slug=obj.slug, parent=obj.parent and key_of[(type(obj).__name__, obj.parent_id)]
            )
        if isinstance(obj, Theme):
            item.update(synonyms=obj.synonyms, scope_note=obj.scope_note)
        if isinstance(obj, Region):
            item.update(level=obj.level, path=obj.path)
        if isinstance(obj, Institution):
            item.update(kind=obj.kind, website=obj.website, settlement=obj.settlement.slug)
        if hasattr(obj, "steps"):
            item["steps"] = [
                (s.value["title"], s.value["minutes"], s.value["description"].source)
                for s in obj.steps
            ]
            item.update(
                materials=obj.materials,
                duration=obj.duration_minutes,
                group_size_min=obj.group_size_min,
                adapted_from=obj.adapted_from and page_key(obj.adapted_from),
            )
        if isinstance(obj, ProgrammePackage):
            item.update(
                host=obj.host and obj.host.name,
                season=obj.season,
                capacity=obj.capacity,
                status=obj.status,
                combines_with=sorted(page_key(p) for p in obj.combines_with.all()),
            )
        if hasattr(obj, "bundle_packages"):
            item["packages"] = [page_key(link.package) for link in obj.bundle_packages.all()]
            item["region"] = obj.region.slug
        if hasattr(obj, "items") and isinstance(obj, KnowledgePage):
            item["items"] = [page_key(link.item) for link in obj.items.all()]
        result[key] = item
    translations = {frozenset(keys) for keys in groups.values() if len(keys) > 1}
    return result, translations


def _block_value(block):
    if block.block_type == "heading":
        return (block.value["text"], block.value["level"])
    return block.value.source


# Public only


@pytest.mark.django_db
def test_export_to_standard_output_holds_public_content_only(library, capsys):
    out, err = export(capsys=capsys)
    records = parse(out)

    for marker in MARKERS:
        assert marker not in out
    for key in PRIVATE_KEYS:
        assert f'"{key}"' not in out
    keys = {record["key"] for record in records}
    assert {"m:tree", "m:tree:sl", "m:tree:en", "p:walk", "p:tour", "c:start", "m:open"} <= keys
    assert err.strip() == f"Exported {len(records)} items."


@pytest.mark.django_db
def test_public_items_do_not_name_private_ones(library, capsys):
    """References to restricted or draft pages are dropped, and so is a hidden source."""
    records = {record["key"]: record for record in parse(export(capsys=capsys)[0])}
    assert records["p:tour"]["combines_with"] == ["p:walk"]
    assert records["b:hegyhat"]["packages"] == ["p:tour", "p:walk"]
    assert records["c:start"]["items"] == ["m:tree", "p:walk"]
    assert "translation_of" not in records["m:open"]


@pytest.mark.django_db
def test_include_private_exports_drafts_and_restricted_pages(library, capsys):
    out, _err = export("--include-private", capsys=capsys)
    for marker in MARKERS:
        assert marker in out
    records = {record["key"]: record for record in parse(out)}
    assert records["m:draft"]["live"] is False
    assert records["m:gone"]["live"] is False
    assert records["p:members"]["visibility"] == "members"
    assert records["m:open"]["translation_of"] == "m:hidden"
    assert records["c:start"]["items"] == ["m:tree", "m:draft", "p:members", "p:walk"]


@pytest.mark.django_db
def test_output_option_writes_the_same_lines_to_a_file(library, tmp_path, capsys):
    path = tmp_path / "export.jsonl"
    to_stdout, _err = export(capsys=capsys)
    to_file, err = export("--output", str(path), capsys=capsys)
    assert to_file == ""
    assert path.read_text(encoding="utf-8") == to_stdout
    assert "Exported" in err


# The format


@pytest.mark.django_db
def test_every_line_is_a_json_object_in_the_import_format(library, capsys):
    out, _err = export("--include-private", capsys=capsys)
    assert out.endswith("\n")
    records = parse(out)
    assert len(records) == len(LIBRARY)
    for record in records:
        assert isinstance(record, dict)
        assert record["type"] in HANDLERS
        assert KEY_PATTERN.match(record["key"])
        assert record["locale"] in LANGUAGE_CODES
        assert record["title"].strip()
    assert len({record["key"] for record in records}) == len(records)
    assert "Önkéntesség" in out  # UTF-8 as written, not \\u escapes


@pytest.mark.django_db
def test_every_reference_points_to_an_earlier_line(library, capsys):
    out, _err = export("--include-private", capsys=capsys)
    seen = set()
    for record in parse(out):
        named = [record[name] for name in REFERENCE_FIELDS if name in record]
        named += [key for name in REFERENCE_LISTS for key in record.get(name, [])]
        assert set(named) <= seen, record["key"]
        seen.add(record["key"])


@pytest.mark.django_db
def test_references_first_even_when_created_in_another_order(site_tree, capsys):
    """A package updated later to combine with a newer one must still come after it."""
    first = {"type": "package", "key": "p:first", "locale": "hu", "title": "Első"}
    second = {"type": "package", "key": "p:second", "locale": "hu", "title": "Második"}
    import_records([first])
    import_records([second, {**first, "combines_with": ["p:second"]}])
    assert imported("p:first").pk < imported("p:second").pk

    records = parse(export(capsys=capsys)[0])
    keys = [record["key"] for record in records]
    assert keys.index("p:second") < keys.index("p:first")
    assert all("translation_of" not in record for record in records)
    flush_library()
    import_records(records)
    assert [p.title for p in imported("p:first").combines_with.all()] == ["Második"]


@pytest.mark.django_db
def test_an_export_without_import_keys_still_imports(site_tree, capsys):
    """Items made in the admin have no import key; the export gives them stable ones."""
    import_records(LIBRARY[:10])
    ImportedObject.objects.all().delete()
    records = parse(export(capsys=capsys)[0])
    source = next(r for r in records if r["title"] == "Problémafa")
    slovenian = next(r for r in records if r["title"] == "Drevo problemov")
    assert slovenian["translation_of"] == source["key"]
    assert records == parse(export(capsys=capsys)[0])  # stable keys

    flush_library()
    import_records(records)
    method = KnowledgePage.objects.get(title="Problémafa")
    assert method.get_translations().get().title == "Drevo problemov"


# Round trip


@pytest.mark.django_db
@pytest.mark.parametrize("include_private", [True, False], ids=["everything", "public"])
def test_round_trip_keeps_the_library(library, capsys, include_private):
    args = ["--include-private"] if include_private else []
    before, translations_before = state()
    records = parse(export(*args, capsys=capsys)[0])

    flush_library()
    summary = import_records(records)

    assert sum(summary.created.values()) == len(records)
    after, translations_after = state()
    exported = {record["key"] for record in records}
    if include_private:
        assert after == before
        assert translations_after == translations_before
    else:
        assert exported == set(before) - PRIVATE_KEYS
        for key in exported - {"p:tour", "b:hegyhat", "c:start", "m:open"}:
            assert after[key] == before[key], key
        assert after["m:open"]["original_language"] == "sl"
        assert translations_after == {
            group for group in translations_before if not group & PRIVATE_KEYS
        }
    assert after["m:tree"]["steps"] == before["m:tree"]["steps"]
    assert after["m:tree:sl"]["themes"] == [("volunteering", "sl")]
    assert {"m:tree", "m:tree:sl", "m:tree:en"} in translations_after


@pytest.mark.django_db
def test_a_second_export_after_a_round_trip_is_identical(library, capsys):
    first = export("--include-private", capsys=capsys)[0]
    flush_library()
    import_records(parse(first))
    assert export("--include-private", capsys=capsys)[0] == first


@pytest.mark.django_db
def test_packages_that_combine_with_each_other_round_trip(site_tree, capsys):
    """Editors can make two packages name each other; such an export must still import."""
    first = {"type": "package", "key": "p:first", "locale": "hu", "title": "Első"}
    second = {"type": "package", "key": "p:second", "locale": "hu", "title": "Második"}
    import_records([first, {**second, "combines_with": ["p:first"]}])
    import_records([{**first, "combines_with": ["p:second"]}])

    records = parse(export(capsys=capsys)[0])
    flush_library()
    import_records(records)

    assert [p.title for p in imported("p:first").combines_with.all()] == ["Második"]
    assert [p.title for p in imported("p:second").combines_with.all()] == ["Első"]


@pytest.mark.django_db
def test_a_backup_keeps_the_latest_text_of_a_draft(site_tree, capsys):
    theme = LIBRARY[0]
    draft = {"type": "method", "key": "m:draft", "locale": "hu", "title": "Első", "live": False}
    import_records([theme, draft])
    import_records([{**draft, "title": "Második", "themes": ["volunteering"], "keywords": ["új"]}])

    records = parse(export("--include-private", capsys=capsys)[0])

    assert [(r["title"], r.get("live")) for r in records] == [
        ("Önkéntesség", None),
        ("Második", False),
    ]
    assert (records[1]["themes"], records[1]["keywords"]) == (["volunteering"], ["új"])
