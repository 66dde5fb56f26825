"""New pages written in batches: what ``add_child``, ``save_revision`` and ``publish`` leave,
for hundreds of pages in a few dozen queries.

Wagtail's own path costs 60–120 ms a page: ``add_child`` re-reads the tree, every save
indexes the page for search and for references again, and each page is published on
its own. ``PageBatch`` takes validated, unsaved pages with their parents and writes
them together, leaving the rows that path leaves:

- the page's rows in every table of its model (paths from ``knowledge.tree_allocation``,
  a slug unique among its siblings, ``url_path``), its child rows (keywords, bundle
  packages, collection items) and its many-to-many rows (themes, regions, methods…);
- one revision holding the page as ``save_revision`` would store it, and the page
  published from it (``live_revision``, ``latest_revision``, ``first_published_at``,
  ``last_published_at``), or left a draft with unpublished changes when it is not live;
- the "created" and "published" entries of the page's history;
- its rows in Wagtail's reference index and, for pages that are not public, its view
  restriction (``knowledge.signals.sync_view_restriction``);
- the parents' ``numchild``, a purge of the cached site, and ``pages_published_in_bulk``
  for the front cache (``config.frontend_cache``).

No ``post_save`` or ``page_published`` is sent for these pages: what the receivers of
those signals do is done here once per batch, or by the caller once for the whole
run (the search index, ``knowledge.search_index.index_pages``; translation bases,
``knowledge.translation_basis.record_bases``). ``tests/knowledge/test_bulk_import.py``
lists the receivers and fails when one appears that this module does not account for.

Two private helpers of Django and Wagtail are used on purpose, as their own bulk
code does: ``QuerySet._insert`` (what ``Model.save`` inserts a row of one table
with; ``bulk_create`` refuses models with parent tables) and the reference index's
``_extract_references_from_object``.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils import timezone
from django.utils.encoding import force_str
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page, PageLogEntry, PageViewRestriction, ReferenceIndex, Revision

from config.site_version import purge_site_cache
from knowledge.rich_text_safety import clean_rich_text_on_save
from knowledge.signals import wanted_restriction
from knowledge.tree_allocation import TreeAllocator

BATCH_SIZE = 500
# How ``save_revision`` finds a new page (just added by ``add_child``, never published):
# its revision holds these values, whatever the page becomes once published.
BEFORE_PUBLISHING = {
    "live": False,
    "has_unpublished_changes": False,
    "first_published_at": None,
    "last_published_at": None,
    "live_revision": None,
    "latest_revision": None,
    "latest_revision_created_at": None,
}

# Sent after a batch of new pages is written, with the ones that went live (``pages``).
pages_published_in_bulk = Signal()


@dataclass(slots=True)
class PendingPage:
    """A validated page waiting for its batch, with what decides how it is stored."""

    page: Page
    parent: Page
    live: bool
    origin: object = None  # what the caller needs back after writing (the import line)


def _content_type(model):
    return ContentType.objects.get_for_model(model, for_concrete_model=False)


def _tables(model):
    """The models whose tables hold a row of ``model``'s page, from Page down."""
    chain = [model, *model._meta.get_parent_list()]
    return sorted(chain, key=lambda table: len(table._meta.get_parent_list()))


def _insert(model, objects, using, returning=False):
    """Insert the rows of ``model``'s own table for ``objects`` (as ``Model.save`` does)."""
    fields = [
        field
        for field in model._meta.local_concrete_fields
        if not field.generated and not (returning and field in model._meta.db_returning_fields)
    ]
    operations = connections[using].ops
    size = max(operations.bulk_batch_size(fields, objects), 1)
    returning_fields = model._meta.db_returning_fields if returning else None
    for start in range(0, len(objects), size):
        chunk = objects[start : start + size]
        rows = model._base_manager._insert(
            chunk, fields=fields, returning_fields=returning_fields, using=using
        )
        if returning:
            for obj, values in zip(chunk, rows, strict=True):
                for field, value in zip(returning_fields, values, strict=True):
                    setattr(obj, field.attname, value)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = using


def stub_page(model, pk, **fields):
    """An instance of ``model`` standing for the saved page ``pk``, with only ``fields``:
    enough to be named by another page (a foreign key, a link, a translation's source)
    without reading the page back."""
    page = model(id=pk, **fields)
    for table in _tables(model)[1:]:
        for link in table._meta.parents.values():
            setattr(page, link.attname, pk)
    page._state.adding = False
    return page


def hold_relations_in_memory(page):
    """Give every child relation and parental many-to-many an in-memory value.

    A saved page reads unassigned relations from the database; a batch would ask once
    per relation and page. Unassigned relations of a new page are empty anyway.
    """
    names = [relation.get_accessor_name() for relation in get_all_child_relations(type(page))]
    names += [field.name for field in get_all_child_m2m_relations(type(page))]
    for name in names:
        if name not in getattr(page, "_cluster_related_objects", {}):
            setattr(page, name, [])


def _set_published_state(pending, now):
    """What ``Revision.publish`` leaves on a page just published, or what a draft keeps;
    the revision is linked once it is written."""
    page = pending.page
    page.draft_title = page.title
    page.latest_revision_created_at = now
    if pending.live:
        page.live = True
        page.has_unpublished_changes = False
        page.expired = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = now
    else:
        page.live = False
        page.has_unpublished_changes = True


def _refresh_foreign_keys(obj):
    """Copy the primary keys of related objects saved since they were assigned."""
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.many_to_one and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if related is not None and getattr(obj, field.attname) is None:
                setattr(obj, field.attname, related.pk)


class PageBatch:
    """Collects new pages and writes them ``size`` at a time (see the module docstring)."""

    def __init__(self, size=None, using=None):
        self.size = size or BATCH_SIZE
        self.using = using or router.db_for_write(Page)
        self.allocator = TreeAllocator()
        self.pending = []

    def __len__(self):
        return len(self.pending)

    def slug_for(self, parent, base):
        return self.allocator.slug_for(parent, base)

    def add(self, pending):
        """Place a validated page in the tree (in memory); the batch is written when full."""
        self.allocator.place(pending.page, pending.parent, pending.page.slug)
        self.pending.append(pending)
        return len(self.pending) >= self.size

    def forget_parent_of(self, page):
        """``page`` was added another way: read its parent's children again next time."""
        self.allocator.forget(page.path[: -page.steplen])

    def flush(self):
        """Write every pending page; returns the ``PendingPage``s, their pages saved."""
        batch, self.pending = self.pending, []
        if not batch:
            return []
        now = timezone.now()
        pages = [pending.page for pending in batch]
        for pending in batch:
            hold_relations_in_memory(pending.page)
            clean_rich_text_on_save(type(pending.page), pending.page)
            _set_published_state(pending, now)
        self._write_rows(pages)
        self._write_children(pages)
        self._write_many_to_many(pages)
        revisions = self._write_revisions(pages, now)
        self._link_revisions(batch, revisions)
        self._write_restrictions(batch, now)
        self._write_history(batch, revisions, now)
        self._write_references(pages)
        self.allocator.flush_child_counts()
        purge_site_cache()
        live = [pending.page for pending in batch if pending.live]
        if live:
            pages_published_in_bulk.send(sender=type(self), pages=live)
        return batch

    def _write_rows(self, pages):
        # A page may name another page of the batch (``adapted_from``): that one has no
        # key until the page table is written, so the reference waits until then.
        waiting = []
        for page in pages:
            for field in page._meta.concrete_fields:
                if field.is_relation and field.many_to_one and field.is_cached(page):
                    related = field.get_cached_value(page)
                    if related is not None and related.pk is None:
                        waiting.append((page, field, related))
                        field.delete_cached_value(page)
        _insert(Page, pages, self.using, returning=True)
        by_table = defaultdict(list)
        for page in pages:
            for table in _tables(type(page))[1:]:
                for link in table._meta.parents.values():
                    setattr(page, link.attname, page.id)
                by_table[table].append(page)
        for page, field, related in waiting:
            setattr(page, field.name, related)
        for page in pages:
            _refresh_foreign_keys(page)
        for table in sorted(by_table, key=lambda model: len(model._meta.get_parent_list())):
            _insert(table, by_table[table], self.using)

    def _write_children(self, pages):
        children = defaultdict(list)
        for page in pages:
            for relation in get_all_child_relations(type(page)):
                for child in getattr(page, relation.get_accessor_name()).all():
                    setattr(child, relation.field.name, page)
                    _refresh_foreign_keys(child)
                    children[relation.related_model].append(child)
        for model, objects in children.items():
            model._base_manager.using(self.using).bulk_create(objects)

    def _write_many_to_many(self, pages):
        rows = defaultdict(list)
        for page in pages:
            for field in get_all_child_m2m_relations(type(page)):
                through = field.remote_field.through
                source = through._meta.get_field(field.m2m_field_name()).attname
                target = through._meta.get_field(field.m2m_reverse_field_name()).attname
                rows[through].extend(
                    through(**{source: page.pk, target: related.pk})
                    for related in getattr(page, field.name).all()
                )
        for through, objects in rows.items():
            through._base_manager.using(self.using).bulk_create(objects)

    def _write_revisions(self, pages, now):
        """One revision a page, holding it as ``save_revision`` stores a new page."""
        base = _content_type(Page)
        revisions = [
            Revision(
                content_type=_content_type(type(page)),
                base_content_type=base,
                object_id=str(page.pk),
                created_at=now,
                content={**page.serializable_data(), **BEFORE_PUBLISHING},
                object_str=str(page),
            )
            for page in pages
        ]
        Revision.objects.using(self.using).bulk_create(revisions)
        return revisions

    def _link_revisions(self, batch, revisions):
        """Point each page at its revision: latest, and live too when it was published."""
        for pending, revision in zip(batch, revisions, strict=True):
            pending.page.latest_revision = revision
            if pending.live:
                pending.page.live_revision = revision
        # Two statements a batch, whatever its size: each page's one revision, found by
        # the index Wagtail keeps on (base_content_type, object_id).
        pages = Page._base_manager.using(self.using).filter(
            pk__in=[pending.page.pk for pending in batch]
        )
        own_revision = Revision.objects.filter(
            base_content_type=revisions[0].base_content_type,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        ).order_by("-pk")
        pages.update(latest_revision=Subquery(own_revision.values("pk")[:1]))
        pages.filter(live=True).update(live_revision=F("latest_revision"))

    def _write_restrictions(self, batch, now):
        """The view restriction of each page that is not public (``wanted_restriction``),
        with the history entries Wagtail logs: "created" when the page is added, and
        "edited" when publishing saves the page and the restriction with it again."""
        restricted = []
        for pending in batch:
            page = pending.page
            wanted = wanted_restriction(page) if hasattr(page, "visibility") else None
            if wanted is not None:
                restriction_type, groups = wanted
                restriction = PageViewRestriction(page=page, restriction_type=restriction_type)
                restricted.append((restriction, groups, pending.live))
        if not restricted:
            return
        manager = PageViewRestriction.objects.using(self.using)
        manager.bulk_create([restriction for restriction, _groups, _live in restricted])
        through = PageViewRestriction.groups.through
        through._base_manager.using(self.using).bulk_create(
            through(pageviewrestriction_id=restriction.pk, group_id=group.pk)
            for restriction, groups, _live in restricted
            for group in groups
        )
        titles = dict(PageViewRestriction.RESTRICTION_CHOICES)
        entries = []
        for restriction, _groups, live in restricted:
            actions = ["create", "edit"] if live else ["create"]
            entries += [
                PageLogEntry(
                    action=f"wagtail.view_restriction.{action}",
                    data={
                        "restriction": {
                            "type": restriction.restriction_type,
                            "title": force_str(titles.get(restriction.restriction_type)),
                        }
                    },
                    **self._history_fields(restriction.page, now),
                )
                for action in actions
            ]
        PageLogEntry.objects.using(self.using).bulk_create(entries)

    def _history_fields(self, page, now):
        return {
            "content_type": _content_type(type(page)),
            "label": page.get_admin_display_title(),
            "timestamp": now,
            "page_id": page.pk,
        }

    def _write_history(self, batch, revisions, now):
        """The "created" entry of every page, and "published" for the ones made live."""
        entries = []
        for pending, revision in zip(batch, revisions, strict=True):
            fields = {
                **self._history_fields(pending.page, now),
                "data": {},
                "content_changed": True,
            }
            entries.append(PageLogEntry(action="wagtail.create", **fields))
            if pending.live:
                entries.append(PageLogEntry(action="wagtail.publish", revision=revision, **fields))
        PageLogEntry.objects.using(self.using).bulk_create(entries)

    def _write_references(self, pages):
        """The reference index rows ``ReferenceIndex.create_or_update_for_object`` makes."""
        rows = []
        for page in pages:
            model = type(page)
            if not ReferenceIndex.is_indexed(model):
                continue
            content_types = [
                _content_type(table) for table in [model, *model._meta.get_parent_list()]
            ]
            references = set(ReferenceIndex._extract_references_from_object(page))
            rows.extend(
                ReferenceIndex(
                    content_type=content_types[0],
                    base_content_type=content_types[-1],
                    object_id=page.pk,
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
                for to_content_type_id, to_object_id, model_path, content_path in references
            )
        connection = connections[self.using]
        ReferenceIndex.objects.using(self.using).bulk_create(
            rows, ignore_conflicts=connection.features.supports_ignore_conflicts
        )
