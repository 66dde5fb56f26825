"""Exporting in the import format, public content only unless asked.

Each import handler says which of its objects an export holds and how they read as
a line, so an app that registers import types (the groups app) is exported too,
and a type without export support (session notes) never is. Lines are ordered so
that the file imports cleanly: every item comes after the items it names.
"""

import json

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from knowledge.importer import HANDLERS
from knowledge.models import HomeFeaturedItem, ImportedObject


class Keys:
    """Stable keys for exported objects: the imported key, or one made from the translation key."""

    def __init__(self, objects, featured_ids):
        self.exported_page_ids = {obj.pk for obj in objects if isinstance(obj, Page)}
        self.featured_ids = featured_ids
        self.imported = {
            (imported.content_type_id, imported.object_id): imported.key
            for imported in ImportedObject.objects.all()
        }

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


def collect(include_private=False):
    """Every exportable object, in the order the handlers were registered."""
    return [obj for handler in HANDLERS.values() for obj in handler().exportable(include_private)]


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
        for dep in HANDLERS[type_name(obj)]().dependencies(obj):
            visit(getattr(dep, "specific", dep), (*trail, identity))
        done.add(identity)
        result.append(obj)

    for obj in objects:
        visit(obj)
    return result, sources


def export_lines(include_private=False):
    """JSON lines of the library, each a dict ready for ``json.dumps``."""
    objects = collect(include_private)
    featured_ids = set(HomeFeaturedItem.objects.values_list("item_id", flat=True))
    keys = Keys(objects, featured_ids)
    ordered_objects, sources = ordered(objects)
    for obj in ordered_objects:
        handler = HANDLERS[type_name(obj)]()
        record = {
            "type": type_name(obj),
            "key": keys.key_for(obj),
            "locale": obj.locale.language_code,
            "title": handler.title_of(obj),
        }
        source = sources.get(obj.translation_key)
        if source is not None and source is not obj:
            record["translation_of"] = keys.key_for(source)
        record.update(handler.export_fields(obj, keys))
        yield record


def dumps(record):
    return json.dumps(record, ensure_ascii=False, sort_keys=False)
