"""New pages an import writes in batches come out as Wagtail's own path would leave them.

The same file is imported twice in one test: page by page through Wagtail
(``bulk=False``), inside a savepoint that is then rolled back, and in batches. Every
page must come out the same (rows, children, revisions, history, restrictions,
references, search entries, translation bases, featured items, the export); the
tree must be sound; search must find the pages in each language by inflected words;
a database error midway must leave nothing written; and neither pass may keep the
lines' text.
"""

import copy
import json
import re
import tracemalloc
from collections import defaultdict
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, PageViewRestriction, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry
from wagtail.signals import page_published

from groups.models import WorkshopWriteUp
from knowledge import bulk_pages
from knowledge.bulk_pages import pages_published_in_bulk
from knowledge.importer import (
    RECENT_OBJECTS,
    FileLines,
    ImportContext,
    ImportFailed,
    IndexedLine,
    LineIndex,
    WrittenPage,
    import_records,
    index_lines,
    run_import,
    validate,
)
from knowledge.models import (
    BundlePackage,
    CollectionItem,
    HomePage,
    ImportedObject,
    Institution,
    KnowledgePage,
    KnowledgePageTag,
    MethodologyArticle,
    ProgrammePackage,
    Region,
    Theme,
    TranslationBasis,
)
from knowledge.translation_health import counts as translation_health
from tests.deployment.test_frontend_cache import front_cache as front_cache  # the fixture

pytestmark = pytest.mark.django_db


def term(type_name, slug, names, **fields):
    """A theme or region in hu, sl and en, the Slovenian and English ones translations."""
    lines = []
    for code, name in zip(("hu", "sl", "en"), names, strict=True):
        line = {"type": type_name, "key": f"{type_name}:{slug}:{code}", "locale": code}
        line.update(title=name, slug=slug, **fields)
        if code != "hu":
            line["translation_of"] = f"{type_name}:{slug}:hu"
        if "parent" in fields:
            line["parent"] = f"{fields['parent']}:{code}"
        lines.append(line)
    return lines


FILE = [
    *term("theme", "volunteering", ("Önkéntesség", "Prostovoljstvo", "Volunteering")),
    *term("theme", "festivals", ("Fesztiválok", "Festivali", "Festivals")),
    *term("region", "hungary", ("Magyarország", "Madžarska", "Hungary"), level="country"),
    *term("region", "tata", ("Tata", "Tata", "Tata"), level="district", parent="region:hungary"),
    {"type": "institution", "key": "i:house", "locale": "hu", "title": "Ház", "kind": "library"},
    {"type": "institution", "key": "i:house:sl", "locale": "sl", "title": "Dom", "kind": "library"},
    {"type": "programme", "key": "prog", "locale": "hu", "title": "Csoportos mentorálás"},
    {
        "type": "programme",
        "key": "prog:sl",
        "locale": "sl",
        "title": "Skupinsko mentorstvo",
        "translation_of": "prog",
    },
    {
        "type": "group",
        "key": "g",
        "locale": "hu",
        "title": "Közkincs műhely",
        "programme": "prog",
        "region": "tata",
    },
    {
        "type": "group",
        "key": "g:sl",
        "locale": "sl",
        "title": "Delavnica skupnega",
        "programme": "prog:sl",
        "translation_of": "g",
    },
    {
        "type": "method",
        "key": "m:tree",
        "locale": "hu",
        "title": "Problémafa",
        "summary": "Okok és következmények közös feltárása.",
        "body": "## Mikor jó\n\nA csoport önkéntesekkel dolgozik [itt](https://example.org).\n\n"
        "- egy\n- kettő",
        "themes": ["volunteering", "festivals"],
        "regions": ["tata"],
        "keywords": ["elemzés", "Közösség"],
        "steps": [{"title": "Törzs", "minutes": 15, "text": "Írjuk fel a **problémát**."}],
        "materials": ["filctoll"],
        "featured": True,
        "review_date": "2027-01-31",
    },
    {
        "type": "method",
        "key": "m:tree:sl",
        "locale": "sl",
        "translation_of": "m:tree",
        "title": "Drevo problemov",
        "body": "Skupina dela s prostovoljci.",
        "themes": ["volunteering"],
        "machine_translated": True,
    },
    {
        "type": "method",
        "key": "m:tree:en",
        "locale": "en",
        "translation_of": "m:tree",
        "title": "Problem tree",
        "body": "The group works with volunteers.",
        "keywords": ["analysis", "elemzés"],
    },
    {
        "type": "method",
        "key": "m:child",
        "locale": "hu",
        "title": "Kis problémafa",
        "adapted_from": "m:tree",
        "adaptation_note": "Rövidebb.",
        "live": False,
    },
    {
        "type": "method",
        "key": "m:members",
        "locale": "hu",
        "title": "Problémafa",
        "visibility": "members",
    },
    {
        "type": "package",
        "key": "p:walk",
        "locale": "hu",
        "title": "Bányász séta",
        "host": "i:house",
        "combines_with": ["p:tour"],
        "capacity": 20,
    },
    {
        "type": "package",
        "key": "p:tour",
        "locale": "hu",
        "title": "Hegyháti túra",
        "combines_with": ["p:walk"],
    },
    {
        "type": "package",
        "key": "p:walk:sl",
        "locale": "sl",
        "translation_of": "p:walk",
        "title": "Rudarski sprehod",
        "host": "i:house:sl",
    },
    {
        "type": "bundle",
        "key": "b:offer",
        "locale": "hu",
        "title": "Tata kínálata",
        "region": "tata",
        "packages": ["p:tour", "p:walk"],
    },
    {
        "type": "collection",
        "key": "c:start",
        "locale": "hu",
        "title": "Kezdőknek",
        "items": ["m:tree", "p:tour"],
    },
    {
        "type": "writeup",
        "key": "w:1",
        "locale": "hu",
        "title": "Első alkalom",
        "group": "g",
        "date": "2025-03-01",
        "participants": 12,
        "new_participants": 3,
        "venue_institution": "i:house",
        "methods": ["m:tree"],
        "outputs": ["p:walk"],
        "what_we_did": "Az önkéntesekkel **fát** rajzoltunk.",
        "keywords": ["Közösség"],
        "featured": True,
    },
    {
        "type": "writeup",
        "key": "w:2",
        "locale": "hu",
        "title": "Második alkalom",
        "group": "g",
        "date": "2025-04-01",
        "visibility": "group",
    },
    {
        "type": "writeup",
        "key": "w:1:sl",
        "locale": "sl",
        "translation_of": "w:1",
        "title": "Prvo srečanje",
        "group": "g:sl",
        "date": "2025-03-01",
        "methods": ["m:tree:sl"],
        "what_we_did": "S prostovoljci smo risali drevo.",
    },
]
PAGE_TYPES = {"method", "package", "bundle", "collection", "writeup"}


def import_lines(records, **options):
    with translation.override("en"):
        return run_import([json.dumps(record, ensure_ascii=False) for record in records], **options)


def imported(key):
    obj = ImportedObject.objects.get(key=key).get_object()
    return getattr(obj, "specific", obj)


# A page's state, with what differs between two runs (keys, times, hashes) named or left out


class Names:
    """Stable names for the objects a run wrote: their import keys (tags by name)."""

    def __init__(self):
        self.by_model = defaultdict(dict)
        for key, content_type_id, object_id in ImportedObject.objects.values_list(
            "key", "content_type_id", "object_id"
        ):
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            base = Page if issubclass(model, Page) else model
            self.by_model[base][object_id] = key
        for pk, url_path in Page.objects.values_list("pk", "url_path"):
            self.by_model[Page].setdefault(pk, url_path)  # homes and sections
        self.by_model[Tag] = dict(Tag.objects.values_list("pk", "name"))

    def of(self, model, pk):
        base = Page if issubclass(model, Page) else model
        return self.by_model[base].get(int(pk), ("unnamed", model.__name__))


NAMED_FIELDS = {
    "adapted_from": Page,
    "package": Page,
    "item": Page,
    "methods_used": Page,
    "outputs": Page,
    "combines_with": Page,
    "themes": Theme,
    "regions": Region,
    "region": Region,
    "host": Institution,
    "venue_institution": Institution,
    "tag": Tag,
}
# What two runs cannot share: keys, times, and the parent keys of child rows.
LEFT_OUT = {
    "pk",
    "id",
    "translation_key",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "live_revision",
    "latest_revision",
    "bundle",
    "collection",
    "content_object",
}
STREAMS = {"body", "steps"}


def normal(value, names, name=None):
    if isinstance(value, dict):
        return {
            key: normal(item, names, key)
            for key, item in value.items()
            if key not in LEFT_OUT and not key.endswith("_ptr")
        }
    if isinstance(value, list):
        return [normal(item, names, name) for item in value]
    if name in STREAMS and isinstance(value, str):
        return normal(json.loads(value), names)  # without the blocks' random ids
    if name in NAMED_FIELDS and isinstance(value, int):
        return names.of(NAMED_FIELDS[name], value)
    return value


def state_of(page, names):
    """Everything the import leaves for one page, comparable between two runs."""
    content_types = [
        ContentType.objects.get_for_model(model) for model in (type(page), KnowledgePage, Page)
    ]
    revisions = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk)
    ).order_by("pk")
    restriction = PageViewRestriction.objects.filter(page=page).first()
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk)
    )
    entries = IndexEntry.objects.filter(content_type__in=content_types, object_id=str(page.pk))
    basis = TranslationBasis.objects.filter(page_id=page.pk).first()
    return {
        "model": type(page).__name__,
        "data": normal(page.serializable_data(), names),
        "published": (
            page.first_published_at is not None,
            page.last_published_at is not None,
            page.live_revision_id == page.latest_revision_id if page.live else None,
            page.live_revision_id is None if not page.live else None,
        ),
        "revisions": [normal(revision.content, names) for revision in revisions],
        "history": sorted(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)),
        "restriction": restriction
        and (
            restriction.restriction_type,
            # A group's Django groups are named after its page's id.
            sorted(re.sub(r"\(\d+\)", "(id)", group.name) for group in restriction.groups.all()),
        ),
        "references": sorted(
            (
                ContentType.objects.get_for_id(to_type).model,
                names.of(ContentType.objects.get_for_id(to_type).model_class(), to_id),
                model_path,
                re.sub(r"\.\d+\.", ".N.", content_path),
            )
            for to_type, to_id, model_path, content_path in references.values_list(
                "to_content_type", "to_object_id", "model_path", "content_path"
            )
        ),
        "search": list(
            entries.annotate(
                title_words=Cast("title", TextField()),
                body_words=Cast("body", TextField()),
                autocomplete_words=Cast("autocomplete", TextField()),
            ).values_list("title_words", "body_words", "autocomplete_words")
        ),
        "basis": basis
        and (
            basis.source_revision_id
            == Page.objects.get(
                translation_key=page.translation_key,
                locale__language_code=page.original_language,
            ).live_revision_id
        ),
    }


def export():
    out = StringIO()
    call_command("export_content", "--include-private", stdout=out)
    return out.getvalue()


def snapshot():
    names = Names()
    pages = {
        key: state_of(imported(key), names)
        for key, line in ((line["key"], line) for line in FILE)
        if line["type"] in PAGE_TYPES
    }
    featured = {
        home.locale.language_code: [
            names.of(Page, link.item_id) for link in home.featured_items.order_by("sort_order")
        ]
        for home in HomePage.objects.all()
    }
    return {
        "pages": pages,
        "featured": featured,
        "health": [
            (health.locale.language_code, health.missing, health.outdated, health.unreviewed)
            for health in translation_health()
        ],
        "export": export(),
        "tree": tree_problems(),
    }


def tree_problems():
    """``Page.find_problems()``, and parents whose ``numchild`` is not their children."""
    wrong_counts = [
        page.url_path for page in Page.objects.all() if page.numchild != page.get_children().count()
    ]
    return Page.find_problems(), wrong_counts


@pytest.fixture
def both_ways(site_tree):
    """The file imported page by page (rolled back), then in batches: both states."""
    with transaction.atomic():
        import_lines(FILE, bulk=False)
        one_by_one = snapshot()
        transaction.set_rollback(True)
    assert not ImportedObject.objects.exists()
    import_lines(FILE)
    return one_by_one, snapshot()


def test_pages_written_in_batches_are_the_pages_wagtail_writes(both_ways):
    one_by_one, batched = both_ways
    assert batched["pages"].keys() == one_by_one["pages"].keys()
    for key, page in one_by_one["pages"].items():
        assert batched["pages"][key] == page, key
    assert batched["featured"] == one_by_one["featured"]
    assert batched["health"] == one_by_one["health"]
    assert batched["export"] == one_by_one["export"]


def test_the_tree_is_sound_after_a_batch(both_ways):
    _one_by_one, batched = both_ways
    assert batched["tree"] == (([], [], [], [], []), [])
    tour, walk = imported("p:tour"), imported("p:walk")
    assert tour.url_path == f"{tour.get_parent().url_path}{tour.slug}/"
    assert tour.get_parent().specific.section == "packages"
    assert imported("w:1").get_parent().pk == imported("g").pk
    assert imported("w:1:sl").get_parent().pk == imported("g:sl").pk
    # Titles repeat, slugs do not (among siblings).
    members, tree = imported("m:members"), imported("m:tree")
    assert members.get_parent().pk == tree.get_parent().pk
    assert (tree.slug, members.slug) == ("problemafa", "problemafa-2")
    assert list(walk.combines_with.all()) == [tour]


def test_live_pages_are_published_from_their_revision_and_drafts_keep_theirs(site_tree):
    import_lines(FILE)
    tree, child = imported("m:tree"), imported("m:child")
    assert tree.live and not tree.has_unpublished_changes
    assert tree.live_revision_id == tree.latest_revision_id
    assert tree.first_published_at == tree.last_published_at is not None
    assert tree.revisions.count() == 1
    revision = tree.latest_revision.as_object()
    assert revision.title == "Problémafa" and revision.body[0].block_type == "heading"
    assert not child.live and child.has_unpublished_changes
    assert child.live_revision_id is None and child.first_published_at is None
    assert child.get_latest_revision_as_object().adapted_from_id == tree.pk
    # "combines with" a later package: published again once it is linked.
    walk = imported("p:walk")
    assert walk.revisions.count() == 2
    assert walk.live_revision_id == walk.latest_revision_id


@pytest.mark.parametrize(
    ("code", "word", "key"),
    [
        ("hu", "önkéntes", "m:tree"),
        ("hu", "onkentesekkel", "w:1"),
        ("sl", "prostovoljcev", "m:tree:sl"),
        ("en", "volunteering", "m:tree:en"),
    ],
)
def test_search_finds_pages_written_in_batches_by_inflected_words(
    client, site_tree, page_cache_off, code, word, key
):
    import_lines(FILE)
    response = client.get(f"/{code}/search/", {"q": word})
    assert response.status_code == 200
    assert imported(key).title in response.content.decode()


def test_pages_not_public_are_restricted_in_the_batch(site_tree):
    import_lines(FILE)
    members = PageViewRestriction.objects.get(page=imported("m:members"))
    assert members.restriction_type == PageViewRestriction.LOGIN
    group_only = PageViewRestriction.objects.get(page=imported("w:2"))
    assert set(group_only.groups.all()) == set(imported("w:2").visibility_groups())
    assert not PageViewRestriction.objects.filter(page=imported("w:1")).exists()


def test_publishing_in_bulk_purges_the_front_cache(
    site_tree,
    front_cache,
    django_capture_on_commit_callbacks,  # noqa: F811 - the fixture
):
    with django_capture_on_commit_callbacks(execute=True):
        import_lines(FILE)
    purged = {path for _host, path in front_cache}
    tree, walk = imported("m:tree"), imported("p:walk:sl")
    assert {tree.url, walk.url, f"/api/v2/pages/{tree.pk}/"} <= purged
    assert {site_tree[code]["methods"].url for code in ("hu", "sl", "en")} <= purged
    assert {site_tree[code]["home"].url for code in ("hu", "sl", "en")} <= purged
    assert {"/hu/feed/", "/sl/feed/", "/en/feed/"} <= purged


# What the bulk path replaces must be all that listens


def receivers(signal, sender):
    """Dotted names of the functions ``signal`` calls for ``sender``."""
    sync, _async = signal._live_receivers(sender)
    return {f"{receiver.__module__}.{receiver.__qualname__}" for receiver in sync}


# Each receiver of a page's signals, and what the batch does in its place.
ACCOUNTED_FOR = {
    "knowledge.signals.translation_published": "record_bases at the end of the import",
    "config.site_version.purge_site_cache": "purge_site_cache once a batch",
    "search.signals.reindex_published_page": "index_pages at the end of the import",
    "config.cache_purge.purge_page": "pages_published_in_bulk",
    "knowledge.signals.page_saved": "PageBatch._write_restrictions",
    "knowledge.cache_purge.page_saved": "purge_site_cache once a batch",
    "modelsearch.signal_handlers.post_save_signal_handler": "index_pages",
    "wagtail.signal_handlers.update_reference_index_on_save": "PageBatch._write_references",
    "knowledge.rich_text_safety.clean_rich_text_on_save": "called on each page of the batch",
    "wagtail.models.i18n.set_locale_on_new_instance": "every page has its locale",
}


@pytest.mark.parametrize(
    "model",
    [
        MethodologyArticle,
        ProgrammePackage,
        WorkshopWriteUp,
        # Rows a batch writes with its pages: keywords, bundle packages, collection items.
        KnowledgePageTag,
        BundlePackage,
        CollectionItem,
        KnowledgePage.themes.through,
    ],
    ids=lambda model: model.__name__,
)
def test_every_receiver_of_a_pages_signals_is_accounted_for(model):
    listening = set()
    for signal in (page_published, post_save, pre_save, m2m_changed):
        listening |= receivers(signal, model)
    assert listening <= set(ACCOUNTED_FOR), listening - set(ACCOUNTED_FOR)
    assert "config.cache_purge.purge_pages_published_in_bulk" in receivers(
        pages_published_in_bulk, bulk_pages.PageBatch
    )


# All or nothing


def everything():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "history": PageLogEntry.objects.count(),
        "imported": ImportedObject.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "references": ReferenceIndex.objects.count(),
        "search": IndexEntry.objects.count(),
        "tags": Tag.objects.count(),
        "themes": Theme.objects.count(),
        "bases": TranslationBasis.objects.count(),
    }


REFUSE_A_TITLE = {
    "sqlite": [
        "CREATE TRIGGER refuse_a_title BEFORE INSERT ON wagtailcore_page "
        "WHEN NEW.title = 'Refused title' BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_a_title() RETURNS trigger AS $$ BEGIN "
        "IF NEW.title = 'Refused title' THEN RAISE EXCEPTION 'refused by a trigger'; END IF; "
        "RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_a_title BEFORE INSERT ON wagtailcore_page "
        "FOR EACH ROW EXECUTE FUNCTION refuse_a_title()",
    ],
}


def test_a_database_error_in_a_later_batch_leaves_nothing_written(site_tree, monkeypatch):
    monkeypatch.setattr(bulk_pages, "BATCH_SIZE", 3)
    with connection.cursor() as cursor:
        for statement in REFUSE_A_TITLE[connection.vendor]:
            cursor.execute(statement)
    refused = {"type": "method", "key": "m:refused", "locale": "hu", "title": "Refused title"}
    records = [*FILE, *(dict(refused, key=f"m:fine:{n}", title=f"Fine {n}") for n in range(5))]
    records.append(refused)
    before = everything()

    with pytest.raises(ImportFailed) as failure:
        import_lines(records)

    (error,) = failure.value.errors
    assert "the database refused lines" in error.message
    assert "refused by a trigger" in error.message
    assert error.line > len(FILE)
    assert everything() == before


def test_a_database_error_is_reported_through_the_command(site_tree, monkeypatch, tmp_path):
    from django.core.management import CommandError

    with connection.cursor() as cursor:
        for statement in REFUSE_A_TITLE[connection.vendor]:
            cursor.execute(statement)
    path = tmp_path / "refused.jsonl"
    refused = {"type": "method", "key": "m:refused", "locale": "hu", "title": "Refused title"}
    path.write_text(json.dumps(refused) + "\n", encoding="utf-8")
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="nothing was written"):
        call_command("import_content", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith("line 1: the database refused lines 1 to 1")


# Queries and memory


def works(count, keywords=("közös",)):
    """``count`` Hungarian methods with a Slovenian translation each."""
    lines = [*term("theme", "volunteering", ("Önkéntesség", "Prostovoljstvo", "Volunteering"))]
    for number in range(count):
        source = {
            "type": "method",
            "key": f"m:{number}",
            "locale": "hu",
            "title": f"Módszer {number}",
            "body": "Önkéntesekkel.",
            "themes": ["volunteering"],
            "keywords": list(keywords),
        }
        lines.append(source)
        lines.append(dict(source, key=f"m:{number}:sl", locale="sl", translation_of=f"m:{number}"))
    return lines


def queries_of(records):
    with CaptureQueriesContext(connection) as queries:
        import_lines(records)
    return len(queries)


def test_twice_the_pages_cost_hardly_more_queries(site_tree):
    """40 more pages: no query of their own, only statements split where SQLite's limit of
    999 parameters per statement makes them (a page row has about 40)."""
    with transaction.atomic():
        few = queries_of(works(20))
        transaction.set_rollback(True)
    many = queries_of(works(40))
    assert many - few <= 40 / 8, (few, many)


def test_importing_an_unchanged_file_again_costs_the_same_queries_however_long(site_tree):
    import_lines(works(40))
    short_again, long_again = queries_of(works(20)), queries_of(works(40))
    assert long_again == short_again
    assert long_again <= 30


def big_file(tmp_path, lines=120, text_size=30_000):
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(lines):
            line = {
                "type": "method",
                "key": f"m:big:{number}",
                "locale": "hu",
                "title": f"Nagy módszer {number}",
                "body": f"Önkéntesekkel {number}. " * (text_size // 20),
            }
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


def test_the_index_keeps_keys_not_lines(tmp_path):
    path = big_file(tmp_path)
    index = index_lines(FileLines(path))
    assert isinstance(index, LineIndex)
    assert index.records == 120 and not index.errors and not index.duplicates
    assert all(type(entry) is IndexedLine for entry in index.entries.values())
    assert IndexedLine.__slots__ == ("line", "type", "locale", "slug")
    assert not hasattr(next(iter(index.entries.values())), "__dict__")
    assert [entry.line for entry in index.entries.values()] == list(range(1, 121))


def traced_peak(work):
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_indexing_and_checking_a_file_hold_one_line_at_a_time(tmp_path, site_tree):
    path = big_file(tmp_path)
    size = path.stat().st_size
    assert size > 3_000_000
    lines = FileLines(path)
    index = index_lines(lines)
    context = ImportContext(index)
    assert traced_peak(lambda: index_lines(lines)) < size / 10
    assert traced_peak(lambda: validate(lines, context)) < size / 10


def test_writing_keeps_a_few_numbers_per_page_not_the_pages(tmp_path, site_tree, monkeypatch):
    monkeypatch.setattr(bulk_pages, "BATCH_SIZE", 25)
    lines = FileLines(big_file(tmp_path, lines=60, text_size=5_000))
    context = ImportContext(index_lines(lines))
    assert validate(lines, context) == []
    with translation.override("en"):
        import_records(lines, context)
    assert context.pending == {} and len(context.batch) == 0
    assert len(context.objects) <= RECENT_OBJECTS
    written = [value for key, value in context.written.items() if key.startswith("m:big:")]
    assert len(written) == 60 and all(type(value) is WrittenPage for value in written)
    assert not any(isinstance(obj, MethodologyArticle) for obj in context.objects._objects.values())


def test_a_file_copy_can_be_imported_from_a_generator(site_tree):
    """Input read once (standard input) is spooled, then read by every pass."""
    summary = run_import(json.dumps(line, ensure_ascii=False) for line in copy.deepcopy(FILE))
    assert summary.created["method"] == 5
    assert imported("m:tree").live


def test_standard_input_is_read_by_every_pass(site_tree, monkeypatch):
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in FILE) + "\n"
    monkeypatch.setattr("sys.stdin", StringIO(text))
    out = StringIO()
    with translation.override("en"):
        call_command("import_content", "-", stdout=out, stderr=StringIO())
    assert out.getvalue().rstrip().endswith(f"Imported {len(FILE)} items.")
    assert imported("w:1:sl").get_parent().pk == imported("g:sl").pk


def test_pages_written_in_batches_get_their_search_documents(site_tree):
    """On PostgreSQL the search page reads per-language documents copied from the index
    entries; a batch writes the entries itself, and the documents must follow."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's search reads Wagtail's full-text table")
    from search.models import PageDocument

    import_lines(FILE)
    library = KnowledgePage.objects.all()
    documents = PageDocument.objects.filter(pk__in=library.values("pk"))
    assert documents.count() == library.count()
    page = imported("m:tree")
    assert documents.get(pk=page.pk).locale_id == page.locale_id
