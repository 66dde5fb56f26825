"""Import handlers for the library's types: taxonomy, institutions and pages."""

import datetime
import json
from collections import defaultdict
from functools import cache

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from wagtail.models import Page

from knowledge.importer import (
    HANDLERS,
    SLUG_PATTERN,
    LineError,
    LineProblem,
    announce_pending,
    register,
)
from knowledge.markdown import (
    markdown_to_rich_text,
    markdown_to_stream,
    rich_text_to_markdown,
    stream_to_markdown,
)
from knowledge.models import (
    BundlePackage,
    CollectionItem,
    CuratedCollection,
    GlossaryTerm,
    HomeFeaturedItem,
    Institution,
    KnowledgePage,
    KnowledgePageTag,
    LibraryIndexPage,
    Licence,
    MethodologyArticle,
    ProgrammePackage,
    Region,
    RegionalBundle,
    Theme,
)
from knowledge.public import public_pages
from knowledge.site_structure import ascii_slug, home_for
from knowledge.tree_allocation import free_slug


def exportable_pages(model, include_private):
    """Pages of ``model`` for an export: public ones, or every one with their latest draft."""
    pages = model.objects.all() if include_private else public_pages(model)
    pages = pages.select_related("locale").order_by("pk")
    # A draft's text lives in its latest revision; the page row keeps the first version.
    return [
        page.get_latest_revision_as_object() if not page.live and page.latest_revision_id else page
        for page in pages
    ]


def pending_type_message(type_name):
    """Why a type the format names is refused while no installed app handles it."""
    return _("the type “%(type)s” needs the groups app, which does not handle it yet") % {
        "type": type_name
    }


for pending in ("programme", "group", "writeup"):
    # Lazy: translated in the language of the run, not the one active at start-up.
    announce_pending(pending, lazy(pending_type_message, str)(pending))


class Checks:
    """Field checks that collect errors for one record instead of stopping at the first."""

    def __init__(self, record):
        self.record = record
        self.data = record.data
        self.errors = []

    def fail(self, name, message):
        self.errors.append(LineError(self.record.line, name, message))

    def text(self, name, required=False, max_length=None):
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, _("missing"))
            return
        if not isinstance(value, str):
            self.fail(name, _("must be text"))
        elif max_length and len(value) > max_length:
            self.fail(name, _("longer than %(max)d characters") % {"max": max_length})

    def integer(self, name, minimum=0, maximum=32767):
        value = self.data.get(name)
        if value is None:
            return
        if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
            self.fail(
                name,
                _("must be a whole number from %(min)d to %(max)d")
                % {"min": minimum, "max": maximum},
            )

    def boolean(self, name):
        if name in self.data and not isinstance(self.data[name], bool):
            self.fail(name, _("must be true or false"))

    def date(self, name):
        value = self.data.get(name)
        if value is None:
            return
        try:
            datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(name, _("must be a date as YYYY-MM-DD"))

    def choice(self, name, choices):
        value = self.data.get(name)
        if value is not None and value not in choices:
            self.fail(name, _("must be one of %(choices)s") % {"choices": ", ".join(choices)})

    def string_list(self, name):
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(name, _("must be a list of texts"))
            return []
        return value

    def slugs(self, name, known, what):
        for slug in self.string_list(name):
            if slug not in known:
                self.fail(
                    name, _("unknown %(what)s slug “%(slug)s”") % {"what": what, "slug": slug}
                )

    def reference(self, name, key, context, types, same_locale=True, later=False):
        """A key naming an item of one of ``types``, earlier in the file or imported before.

        With ``later``, the item may also come further down the file.
        """
        if not isinstance(key, str) or not key:
            self.fail(name, _("must be a key"))
            return
        record = context.records_by_key.get(key)
        if record is not None:
            if record.line == self.record.line or (record.line > self.record.line and not later):
                self.fail(name, _("“%(key)s” must come earlier in the file") % {"key": key})
                return
            found_type, found_locale = record.type, record.locale
        else:
            obj = context.get(key)
            if obj is None:
                self.fail(name, _("no item has the key “%(key)s”") % {"key": key})
                return
            found_type = next(
                (name for name, handler in HANDLERS.items() if isinstance(obj, handler.model)),
                None,
            )
            locale = getattr(obj, "locale", None)  # session notes have none
            found_locale = locale.language_code if locale else None
        if found_type not in types:
            self.fail(
                name,
                _("“%(key)s” is a %(found)s, expected %(expected)s")
                % {"key": key, "found": found_type, "expected": " or ".join(types)},
            )
        elif same_locale and found_locale != self.data.get("locale"):
            self.fail(name, _("“%(key)s” is in another language") % {"key": key})
        elif not same_locale and found_locale == self.data.get("locale"):
            self.fail(name, _("“%(key)s” is in the same language") % {"key": key})


def known_slugs(context, type_name, model, locale_code):
    """Slugs of a taxonomy in one language: from this file and from the database."""
    slugs = {
        record.slug
        for record in context.records_by_key.values()
        if record.type == type_name and record.locale == locale_code
    }
    slugs.update(
        model.objects.filter(locale__language_code=locale_code).values_list("slug", flat=True)
    )
    return slugs


def _cached_slugs(context, type_name, model, locale_code):
    cache = context.__dict__.setdefault("_slug_cache", {})
    key = (type_name, locale_code)
    if key not in cache:
        cache[key] = known_slugs(context, type_name, model, locale_code)
    return cache[key]


def check_translation_later(context, record, source_key):
    """Queue the check that the line's language has no translation of the source yet;
    all of them are checked together once every line is read
    (``translations_already_made``)."""
    queued = context.__dict__.get("_translations_to_check")
    if queued is None:
        queued = context._translations_to_check = []
        context.checks_after_all_lines.append(lambda: translations_already_made(context, queued))
    queued.append((record.line, record.key, source_key, record.locale))


def _translatable_base(model):
    return Page if issubclass(model, Page) else model


def translations_already_made(context, queued, chunk_size=500):
    """Lines translating a source imported before into a language where that source
    already has a translation under another key; a few queries per chunk of lines."""
    errors = []
    for start in range(0, len(queued), chunk_size):
        chunk = queued[start : start + chunk_size]
        sources = {}
        for _line, _key, source_key, _locale in chunk:
            row = context.imported_row(source_key)
            if row is not None and row.exists:
                sources[source_key] = row
        translation_keys = {}
        by_model = defaultdict(set)
        for row in sources.values():
            by_model[row.model].add(row.object_id)
        for model, ids in by_model.items():
            for pk, translation_key in model._base_manager.filter(pk__in=ids).values_list(
                "pk", "translation_key"
            ):
                translation_keys[(model, pk)] = translation_key
        taken = defaultdict(set)
        for base in {_translatable_base(model) for model in by_model}:
            wanted = {
                translation_key
                for (model, _pk), translation_key in translation_keys.items()
                if _translatable_base(model) is base
            }
            for pk, translation_key, language in base._base_manager.filter(
                translation_key__in=wanted
            ).values_list("pk", "translation_key", "locale__language_code"):
                taken[(base, translation_key, language)].add(pk)
        for line, key, source_key, locale in chunk:
            row = sources.get(source_key)
            if row is None:
                continue
            translation_key = translation_keys.get((row.model, row.object_id))
            others = set(taken[(_translatable_base(row.model), translation_key, locale)])
            own = context.imported_row(key)
            if own is not None:
                others.discard(own.object_id)
            if others:
                errors.append(
                    LineError(
                        line,
                        "translation_of",
                        _("“%(key)s” already has a translation in this language")
                        % {"key": source_key},
                    )
                )
    return errors


class TypeHandler:
    type_name = ""
    model = None
    # New items of this type may wait for a batch (``knowledge.bulk_pages``); see ``write``.
    writes_in_bulk = False

    def validate(self, record, context):
        checks = Checks(record)
        translation_of = record.data.get("translation_of")
        if translation_of is not None:
            checks.reference(
                "translation_of", translation_of, context, [self.type_name], same_locale=False
            )
            seen = context.__dict__.setdefault("_translations", {})
            pair = (translation_of, record.locale)
            if pair in seen:
                checks.fail(
                    "translation_of",
                    _("“%(key)s” already has a translation in this language on line %(line)d")
                    % {"key": translation_of, "line": seen[pair]},
                )
            else:
                seen[pair] = record.line
                if not checks.errors:
                    check_translation_later(context, record, translation_of)
        self.check_fields(checks, context)
        return checks.errors

    def check_fields(self, checks, context):
        pass

    # Export: the same format out. A type is exported only if its handler says so.

    def exportable(self, include_private):
        """The objects of this type an export holds; none unless a handler opts in."""
        return []

    def title_of(self, obj):
        return obj.name

    def export_fields(self, obj, keys):
        """The type's own fields of ``obj``, as the import format names them."""
        return {}

    def dependencies(self, obj):
        """Objects that must come before ``obj`` in an export (besides its source)."""
        return [obj.parent] if getattr(obj, "parent_id", None) else []

    def resolve(self, context, record, name):
        key = record.data.get(name)
        if key is None:
            return None
        obj = context.get(key)
        if obj is None:
            raise LineProblem(name, _("no item has the key “%(key)s”") % {"key": key})
        return obj

    def write(self, record, context):
        """Skip an unchanged line; queue a new item for the batch when this type can wait
        for one; write anything else at once (``ImportContext.write_one`` calls ``save``)."""
        row = context.imported_row(record.key)
        if row is not None and row.exists and row.checksum == record.checksum:
            return "unchanged"
        if row is None and self.writes_in_bulk and context.batch is not None:
            self.add_to_batch(record, context)
            return "created"
        return context.write_one(self, record, row)

    def add_to_batch(self, record, context):
        raise NotImplementedError


class SnippetHandler(TypeHandler):
    def exportable(self, include_private):
        return self.model.objects.select_related("locale").order_by("pk")

    def assign(self, obj, record, context):
        raise NotImplementedError

    def save(self, record, context, existing):
        obj = existing or self.model(locale=context.locale(record.locale))
        if existing is None and record.data.get("translation_of"):
            obj.translation_key = self.resolve(context, record, "translation_of").translation_key
        self.assign(obj, record, context)
        try:
            obj.full_clean()
        except ValidationError as error:
            name, message = first_problem(error)
            raise LineProblem("title" if name == "name" else name, message) from None
        obj.save()
        context.forget_terms(self.model)
        return obj, "created" if existing is None else "updated"


class TaxonomyHandler(SnippetHandler):
    def check_fields(self, checks, context):
        slug = checks.data.get("slug")
        if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
            checks.fail("slug", _("must be lower-case letters, digits and dashes"))
        if checks.data.get("parent") is not None:
            checks.reference("parent", checks.data["parent"], context, [self.type_name])

    def assign(self, obj, record, context):
        data = record.data
        obj.name = data["title"].strip()
        obj.slug = data["slug"]
        obj.parent = self.resolve(context, record, "parent")


@register
class ThemeHandler(TaxonomyHandler):
    type_name = "theme"
    model = Theme

    def check_fields(self, checks, context):
        super().check_fields(checks, context)
        checks.text("scope_note")
        checks.string_list("synonyms")

    def export_fields(self, obj, keys):
        data = {"slug": obj.slug, "scope_note": obj.scope_note}
        data["synonyms"] = [line for line in obj.synonyms.splitlines() if line.strip()]
        if obj.parent_id:
            data["parent"] = keys.key_for(obj.parent)
        return data

    def assign(self, obj, record, context):
        super().assign(obj, record, context)
        obj.scope_note = record.data.get("scope_note", "")
        obj.synonyms = "\n".join(record.data.get("synonyms", []))


@register
class RegionHandler(TaxonomyHandler):
    type_name = "region"
    model = Region

    def check_fields(self, checks, context):
        super().check_fields(checks, context)
        checks.text("level", required=True)
        checks.choice("level", Region.Level.values)

    def exportable(self, include_private):
        return self.model.objects.select_related("locale").order_by("path", "pk")

    def export_fields(self, obj, keys):
        data = {"slug": obj.slug, "level": obj.level}
        if obj.parent_id:
            data["parent"] = keys.key_for(obj.parent)
        return data

    def assign(self, obj, record, context):
        super().assign(obj, record, context)
        obj.level = record.data["level"]


@register
class InstitutionHandler(SnippetHandler):
    type_name = "institution"
    model = Institution

    def check_fields(self, checks, context):
        checks.text("kind", required=True)
        checks.choice("kind", Institution.Kind.values)
        checks.text("summary")
        checks.text("website", max_length=200)
        website = checks.data.get("website")
        if isinstance(website, str) and website and not website.startswith(("http://", "https://")):
            checks.fail("website", _("must start with http:// or https://"))
        settlement = checks.data.get("settlement")
        if settlement is not None:
            known = _cached_slugs(context, "region", Region, checks.data.get("locale"))
            if not isinstance(settlement, str) or settlement not in known:
                checks.fail(
                    "settlement", _("unknown region slug “%(slug)s”") % {"slug": settlement}
                )

    def export_fields(self, obj, keys):
        data = {"kind": obj.kind, "summary": obj.description}
        if obj.website:
            data["website"] = obj.website
        if obj.settlement_id:
            data["settlement"] = obj.settlement.slug
        return data

    def dependencies(self, obj):
        return []

    def assign(self, obj, record, context):
        data = record.data
        obj.name = data["title"].strip()
        obj.kind = data["kind"]
        obj.description = data.get("summary", "")
        obj.website = data.get("website", "")
        obj.settlement = context.term(Region, obj.locale, data.get("settlement"))


@register
class GlossaryHandler(SnippetHandler):
    """A glossary term: ``title`` is the term; ``slug``, ``definition`` and ``synonyms``."""

    type_name = "glossary"
    model = GlossaryTerm

    def check_fields(self, checks, context):
        slug = checks.data.get("slug")
        if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
            checks.fail("slug", _("must be lower-case letters, digits and dashes"))
        checks.text("title", max_length=120)
        checks.text("definition")
        for synonym in checks.string_list("synonyms"):
            if not synonym.strip() or "\n" in synonym or "\t" in synonym:
                checks.fail("synonyms", _("each synonym must be one line of text"))
                break

    def title_of(self, obj):
        return obj.term

    def dependencies(self, obj):
        return []

    def export_fields(self, obj, keys):
        return {"slug": obj.slug, "definition": obj.definition, "synonyms": obj.synonym_list}

    def assign(self, obj, record, context):
        data = record.data
        obj.term = data["title"].strip()
        obj.slug = data["slug"]
        obj.definition = data.get("definition", "")
        obj.synonyms = "\n".join(item.strip() for item in data.get("synonyms", []))

    def save(self, record, context, existing):
        try:
            return super().save(record, context, existing)
        except LineProblem as problem:
            if problem.field == "term":
                raise LineProblem("title", problem.message) from None
            raise


def new_page(handler, record, context):
    """An unsaved page of the handler's type for a new line, with its fields assigned."""
    locale = context.locale(record.locale)
    page = handler.model(locale=locale, live=False, title=record.data["title"].strip())
    if record.data.get("translation_of"):
        source = handler.resolve(context, record, "translation_of")
        page.translation_key = source.translation_key
        if hasattr(page, "original_language"):
            page.original_language = (
                getattr(source, "original_language", "") or source.locale.language_code
            )
    handler.assign(page, record, context)
    return page


def add_page(parent, page):
    """``parent.add_child`` for an import line: a unique slug, problems as a LineProblem."""
    # The parent may have gained children in bulk since it was read (knowledge.bulk_pages).
    parent.refresh_from_db(fields=["numchild"])
    page.slug = unique_child_slug(parent, page.title)
    try:
        parent.add_child(instance=page)
    except ValidationError as error:
        raise LineProblem(*first_problem(error)) from None


def store_revision(page, live):
    """A new revision of ``page``, published when ``live``; a live page not meant to be
    live any more is unpublished."""
    try:
        revision = page.save_revision(clean=True)
    except ValidationError as error:
        raise LineProblem(*first_problem(error)) from None
    if live:
        revision.publish()
    elif page.live:
        page.unpublish()


@cache
def bulk_unchecked_fields(model):
    """Fields of a page waiting for the batch that ``full_clean`` need not check (see
    ``PageHandler.add_to_batch``): its place in the tree and its foreign keys."""
    return ["path", "depth"] + [
        field.name for field in model._meta.concrete_fields if field.many_to_one
    ]


class PageHandler(TypeHandler):
    """Pages: placed in their language's section, published unless ``live`` is false.

    A page that is new waits for the import's batch (``add_to_batch``), validated as
    ``save_revision`` would; an existing one is saved and published at once (``save``).
    """

    section = None
    writes_in_bulk = True

    def exportable(self, include_private):
        return exportable_pages(self.model, include_private)

    def title_of(self, obj):
        return obj.title

    def dependencies(self, obj):
        return []

    def export_fields(self, page, keys):
        data = {
            "summary": page.summary,
            "body": stream_to_markdown(page.body),
            "themes": sorted(theme.slug for theme in page.themes.all()),
            "regions": sorted(region.slug for region in page.regions.all()),
            "keywords": sorted(tag.name for tag in page.keywords.all()),
        }
        if page.visibility != KnowledgePage.Visibility.PUBLIC:
            data["visibility"] = page.visibility
        if not page.live:
            data["live"] = False
        if page.machine_translated:
            data["machine_translated"] = True
        if page.review_date:
            data["review_date"] = page.review_date.isoformat()
        if keys.is_featured(page):
            data["featured"] = True
        return data

    def check_fields(self, checks, context):
        locale_code = checks.data.get("locale")
        checks.text("summary", max_length=600)
        checks.text("body")
        checks.slugs("themes", _cached_slugs(context, "theme", Theme, locale_code), _("theme"))
        checks.slugs("regions", _cached_slugs(context, "region", Region, locale_code), _("region"))
        for keyword in checks.string_list("keywords"):
            if len(keyword) > 100:
                checks.fail("keywords", _("a keyword is longer than 100 characters"))
        checks.choice("visibility", KnowledgePage.Visibility.values)
        for name in ("live", "featured", "machine_translated"):
            checks.boolean(name)
        checks.date("review_date")
        self.check_page_fields(checks, context)

    def check_page_fields(self, checks, context):
        pass

    def assign(self, page, record, context):
        data = record.data
        locale = page.locale
        page.title = data["title"].strip()
        page.summary = data.get("summary", "")
        page.body = json.dumps(markdown_to_stream(data.get("body", "")))
        page.themes = context.terms(Theme, locale, data.get("themes", []))
        page.regions = context.terms(Region, locale, data.get("regions", []))
        # What ``keywords.set`` leaves in memory, without its checks per tag.
        page.tagged_items = [
            KnowledgePageTag(tag=tag)
            for tag in dict.fromkeys(context.tags(data.get("keywords", [])))
        ]
        page.visibility = data.get("visibility", KnowledgePage.Visibility.PUBLIC)
        page.machine_translated = data.get("machine_translated", False)
        review_date = data.get("review_date")
        page.review_date = datetime.date.fromisoformat(review_date) if review_date else None
        self.assign_page_fields(page, record, context)

    def assign_page_fields(self, page, record, context):
        pass

    def parent_for(self, record, context, locale):
        return context.section(locale, self.section)

    def add_to_batch(self, record, context):
        page = new_page(self, record, context)
        parent = self.parent_for(record, context, page.locale)
        page.slug = context.batch.slug_for(parent, ascii_slug(page.title))
        page.set_library_defaults()
        try:
            # What save_revision checks, but the page's place (the batch gives it a path
            # and a slug free among its siblings) and whether the objects it names exist:
            # every one was just read or written by this import.
            page.full_clean(
                exclude=bulk_unchecked_fields(type(page)),
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            raise LineProblem(*first_problem(error)) from None
        context.add_pending(record, page, parent)
        self.after_placing(record, context)

    def after_placing(self, record, context):
        """What a new or changed page of this type needs once it has its place."""

    def save(self, record, context, existing):
        page = existing
        if page is None:
            page = new_page(self, record, context)
            add_page(self.parent_for(record, context, page.locale), page)
        else:
            self.assign(page, record, context)
        store_revision(page, record.data.get("live", True))
        set_featured(page, bool(record.data.get("featured", False)))
        self.after_placing(record, context)
        return page, "created" if existing is None else "updated"


def first_problem(error):
    """(field, message) of a model validation error; "" for errors of the whole item."""
    if hasattr(error, "error_dict"):
        name, messages = next(iter(error.message_dict.items()))
        return ("" if name == NON_FIELD_ERRORS else name), " ".join(messages)
    return "", " ".join(error.messages)


def unique_child_slug(parent, title):
    siblings = set(parent.get_children().values_list("slug", flat=True))
    return free_slug(ascii_slug(title), siblings)


def set_featured(page, featured):
    """Put the page on, or take it off, its language's home page."""
    home = home_for(page.locale)
    links = list(home.featured_items.all())
    present = any(link.item_id == page.pk for link in links)
    if featured == present:
        return
    if featured:
        links.append(HomeFeaturedItem(item_id=page.pk))
    else:
        links = [link for link in links if link.item_id != page.pk]
    for number, link in enumerate(links):
        link.sort_order = number
    home.featured_items = links
    home.save_revision().publish()


def feature_pages(home, page_ids):
    """Add these pages, in this order, to a home page's featured items; one publication."""
    links = list(home.featured_items.all())
    present = {link.item_id for link in links}
    links += [HomeFeaturedItem(item_id=pk) for pk in page_ids if pk not in present]
    if len(links) == len(present):
        return
    for number, link in enumerate(links):
        link.sort_order = number
    home.featured_items = links
    home.save_revision().publish()


def key_list(checks, context, name, types, later=False):
    for key in checks.string_list(name):
        checks.reference(name, key, context, types, later=later)


@register
class MethodImport(PageHandler):
    type_name = "method"
    model = MethodologyArticle
    section = LibraryIndexPage.Section.METHODS
    text_fields = (
        "purpose",
        "when_to_use",
        "preparation",
        "variations",
        "risks",
        "evaluation",
        "adaptation_note",
    )

    def export_fields(self, page, keys):
        data = super().export_fields(page, keys)
        for name in self.text_fields + ("audience", "licence"):
            data[name] = getattr(page, name)
        for name in ("group_size_min", "group_size_max", "duration_minutes"):
            if getattr(page, name) is not None:
                data[name] = getattr(page, name)
        data["materials"] = page.materials_list
        data["steps"] = [
            {
                "title": step.value["title"],
                "minutes": step.value.get("minutes"),
                "text": rich_text_to_markdown(step.value["description"].source),
            }
            for step in page.steps
        ]
        if page.adapted_from_id and keys.is_exported(page.adapted_from_id):
            data["adapted_from"] = keys.key_for(page.adapted_from)
        return data

    def dependencies(self, page):
        return [page.adapted_from] if page.adapted_from_id else []

    def check_page_fields(self, checks, context):
        for name in self.text_fields:
            checks.text(name)
        checks.text("audience", max_length=255)
        for name in ("group_size_min", "group_size_max", "duration_minutes"):
            checks.integer(name, minimum=1, maximum=1440)
        checks.string_list("materials")
        checks.choice("licence", Licence.values)
        if checks.data.get("adapted_from") is not None:
            checks.reference("adapted_from", checks.data["adapted_from"], context, ["method"])
        steps = checks.data.get("steps", [])
        if not isinstance(steps, list):
            checks.fail("steps", _("must be a list"))
            return
        for number, step in enumerate(steps, start=1):
            if not isinstance(step, dict) or not isinstance(step.get("title"), str):
                checks.fail("steps", _("step %(number)d needs a title") % {"number": number})
            elif step.get("minutes") is not None and (
                not isinstance(step["minutes"], int) or not 1 <= step["minutes"] <= 1440
            ):
                checks.fail(
                    "steps", _("step %(number)d: minutes must be 1 to 1440") % {"number": number}
                )

    def assign_page_fields(self, page, record, context):
        data = record.data
        for name in self.text_fields:
            setattr(page, name, data.get(name, ""))
        page.audience = data.get("audience", "")
        page.group_size_min = data.get("group_size_min")
        page.group_size_max = data.get("group_size_max")
        page.duration_minutes = data.get("duration_minutes")
        page.materials = "\n".join(data.get("materials", []))
        page.licence = data.get("licence", Licence.CC_BY_SA)
        page.adapted_from = self.resolve(context, record, "adapted_from")
        page.steps = json.dumps(
            [
                {
                    "type": "step",
                    "value": {
                        "title": step["title"],
                        "minutes": step.get("minutes"),
                        "description": markdown_to_rich_text(step.get("text", "")),
                    },
                }
                for step in data.get("steps", [])
            ]
        )


@register
class PackageImport(PageHandler):
    type_name = "package"
    model = ProgrammePackage
    section = LibraryIndexPage.Section.PACKAGES

    def export_fields(self, page, keys):
        data = super().export_fields(page, keys)
        for name in ("audience", "duration", "contact", "accessibility", "local_values"):
            data[name] = getattr(page, name)
        for name in ("season", "price_band", "status"):
            data[name] = getattr(page, name)
        if page.capacity:
            data["capacity"] = page.capacity
        if page.host_id:
            data["host"] = keys.key_for(page.host)
        data["combines_with"] = [
            keys.key_for(other) for other in page.combines_with.all() if keys.is_exported(other.pk)
        ]
        return data

    def dependencies(self, page):
        hosts = [page.host] if page.host_id else []
        return hosts + list(page.combines_with.all())

    def check_page_fields(self, checks, context):
        for name in ("audience", "duration", "contact"):
            checks.text(name, max_length=255 if name != "duration" else 120)
        checks.text("accessibility")
        checks.text("local_values")
        checks.choice("season", ProgrammePackage.Season.values)
        checks.choice("price_band", ProgrammePackage.PriceBand.values)
        checks.choice("status", ProgrammePackage.Status.values)
        checks.integer("capacity", minimum=1, maximum=10000)
        if checks.data.get("host") is not None:
            checks.reference("host", checks.data["host"], context, ["institution"])
        # Packages may name each other, so a later package is allowed here.
        key_list(checks, context, "combines_with", ["package"], later=True)

    def assign_page_fields(self, page, record, context):
        data = record.data
        for name in ("audience", "duration", "contact", "accessibility", "local_values"):
            setattr(page, name, data.get(name, ""))
        page.season = data.get("season", ProgrammePackage.Season.ALL_YEAR)
        page.price_band = data.get("price_band", ProgrammePackage.PriceBand.ON_REQUEST)
        page.status = data.get("status", ProgrammePackage.Status.IN_DEVELOPMENT)
        page.capacity = data.get("capacity")
        page.host = self.resolve(context, record, "host")
        linked = [context.get(key) for key in data.get("combines_with", [])]
        page.combines_with = [package for package in linked if package is not None]

    def after_placing(self, record, context):
        keys = record.data.get("combines_with", [])
        if any(context.get(key) is None for key in keys):
            key, live = record.key, record.data.get("live", True)
            context.after_writing.append(
                (record.line, lambda: self.link_later(context, key, keys, live))
            )

    def link_later(self, context, key, linked_keys, live):
        """Link the packages that came later in the file, now that they are written."""
        page = ProgrammePackage.objects.get(pk=context.get(key).pk)
        page.combines_with = [context.get(linked) for linked in linked_keys]
        store_revision(page, live)


@register
class BundleImport(PageHandler):
    type_name = "bundle"
    model = RegionalBundle
    section = LibraryIndexPage.Section.PACKAGES

    def export_fields(self, page, keys):
        data = super().export_fields(page, keys)
        if page.region_id:
            data["region"] = page.region.slug
        data["packages"] = [
            keys.key_for(link.package)
            for link in page.bundle_packages.select_related("package")
            if keys.is_exported(link.package_id)
        ]
        return data

    def dependencies(self, page):
        return [link.package for link in page.bundle_packages.all()]

    def check_page_fields(self, checks, context):
        region = checks.data.get("region")
        if region is not None and region not in _cached_slugs(
            context, "region", Region, checks.data.get("locale")
        ):
            checks.fail("region", _("unknown region slug “%(slug)s”") % {"slug": region})
        key_list(checks, context, "packages", ["package"])

    def assign_page_fields(self, page, record, context):
        data = record.data
        page.region = context.term(Region, page.locale, data.get("region"))
        # sort_order is set here: only admin forms number Orderable rows by themselves.
        page.bundle_packages = [
            BundlePackage(package=context.get(key), sort_order=number)
            for number, key in enumerate(data.get("packages", []))
        ]


@register
class CollectionImport(PageHandler):
    type_name = "collection"
    model = CuratedCollection
    section = LibraryIndexPage.Section.COLLECTIONS

    def export_fields(self, page, keys):
        data = super().export_fields(page, keys)
        data["items"] = [
            keys.key_for(link.item)
            for link in page.items.select_related("item")
            if keys.is_exported(link.item_id)
        ]
        return data

    def dependencies(self, page):
        return [link.item.specific for link in page.items.select_related("item")]

    def check_page_fields(self, checks, context):
        page_types = [
            name for name, handler in HANDLERS.items() if issubclass(handler, PageHandler)
        ]
        key_list(checks, context, "items", page_types)

    def assign_page_fields(self, page, record, context):
        page.items = [
            CollectionItem(item=context.get(key), sort_order=number)
            for number, key in enumerate(record.data.get("items", []))
        ]
