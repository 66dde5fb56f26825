"""Exporting the library in the import format, public content only unless asked.

Lines are ordered so that the file imports cleanly: every item comes after the
items it names (its source, parent, host, adaptations, packages).
"""

import json

from django.contrib.contenttypes.models import ContentType

from knowledge.import_types import export_fields
from knowledge.importer import HANDLERS
from knowledge.listing import visible_pages
from knowledge.models import (
    HomeFeaturedItem,
    ImportedObject,
    Institution,
    KnowledgePage,
    Region,
    Theme,
)

TYPE_ORDER = ["theme", "region", "institution", "method", "package", "bundle", "collection"]


class Keys:
    """Stable keys for exported objects: the imported key, or one made from the translation key."""

    def __init__(self, objects, featured_ids):
        self.exported_page_ids = {obj.pk for obj in objects if isinstance(obj, KnowledgePage)}
        self.featured_ids = featured_ids
        self.imported = {}
        for imported in ImportedObject.objects.all():
            self.imported[(imported.content_type_id, imported.object_id)] = imported.key

    def key_for(self, obj):
        obj = getattr(obj, "specific", obj)
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        key = self.imported.get((content_type.pk, obj.pk))
        if key:
            return key
        return f"{type_name(obj)}:{obj.translation_key}:{obj.locale.language_code}"

    def is_exported(self, page_id):
        return page_id in self.exported_page_ids

    def is_featured(self, page):
        return page.pk in self.featured_ids


def type_name(obj):
    for name, handler in HANDLERS.items():
        if type(obj) is handler.model:
            return name
    return None


def _dependencies(obj):
    """Objects that must be written before ``obj`` (other than its translation source)."""
    deps = []
    if getattr(obj, "parent_id", None):
        deps.append(obj.parent)
    for name in ("adapted_from", "host"):
        if getattr(obj, f"{name}_id", None):
            deps.append(getattr(obj, name))
    if hasattr(obj, "combines_with"):
        deps.extend(obj.combines_with.all())
    if hasattr(obj, "bundle_packages"):
        deps.extend(link.package for link in obj.bundle_packages.all())
    if hasattr(obj, "items") and not isinstance(obj, (Theme, Region)):
        deps.extend(link.item.specific for link in obj.items.all())
    return deps


def collect(include_private=False):
    pages = KnowledgePage.objects.all() if include_private else visible_pages()
    pages = list(pages.specific().select_related("locale").order_by("pk"))
    # A draft's text lives in its latest revision; the page row keeps the first version.
    pages = [
        page.get_latest_revision_as_object() if not page.live and page.latest_revision_id else page
        for page in pages
    ]
    groups = [
        list(Theme.objects.select_related("locale").order_by("pk")),
        list(Region.objects.select_related("locale").order_by("path", "pk")),
        list(Institution.objects.select_related("locale").order_by("pk")),
        pages,
    ]
    return [obj for group in groups for obj in group if type_name(obj)]


def ordered(objects):
    """Sources before translations, referenced items before the items naming them."""
    by_identity = {(type(obj), obj.pk): obj for obj in objects}
    sources = {}
    for obj in objects:
        # The source is the item in its original language, else the first one exported.
        is_source = obj.locale.language_code == getattr(obj, "original_language", "")
        if is_source or obj.translation_key not in sources:
            sources[obj.translation_key] = obj
    result, done = [], set()

    def visit(obj, trail=()):
        identity = (type(obj), obj.pk)
        if identity in done or identity in trail or identity not in by_identity:
            return
        obj = by_identity[identity]  # the exported instance, not a dependency's copy
        source = sources.get(obj.translation_key)
        if source is not None and source is not obj:
            visit(source, (*trail, identity))
        for dep in _dependencies(obj):
            visit(getattr(dep, "specific", dep), (*trail, identity))
        done.add(identity)
        result.append(obj)

    for name in TYPE_ORDER:
        for obj in objects:
            if type_name(obj) == name:
                visit(obj)
    return result, sources


def export_lines(include_private=False):
    """JSON lines of the library, each a dict ready for ``json.dumps``."""
    objects = collect(include_private)
    featured_ids = set(HomeFeaturedItem.objects.values_list("item_id", flat=True))
    keys = Keys(objects, featured_ids)
    ordered_objects, sources = ordered(objects)
    for obj in ordered_objects:
        record = {
            "type": type_name(obj),
            "key": keys.key_for(obj),
            "locale": obj.locale.language_code,
            "title": obj.title if isinstance(obj, KnowledgePage) else obj.name,
        }
        source = sources.get(obj.translation_key)
        if source is not None and source is not obj:
            record["translation_of"] = keys.key_for(source)
        record.update(export_fields(obj, keys))
        yield record


def dumps(record):
    return json.dumps(record, ensure_ascii=False, sort_keys=False)
