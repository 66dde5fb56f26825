"""Places for new pages in Wagtail's tree, worked out in memory for pages written in bulk.

Wagtail's ``add_child`` locks and re-reads the parent's children for every page it
adds. A writer that adds thousands of pages under a few parents (the importer's bulk
path, the benchmark corpus) asks the database once per parent instead: the last
child's path and the children's slugs. After that each new page gets the next
materialised path, a slug unique among its siblings, its depth and ``url_path``
without a query, and the parents' ``numchild`` is brought up to date once per batch.

The allocator trusts that nothing else adds children to its parents while it works;
a writer that also adds pages another way calls ``forget`` afterwards, so the next
page placed reads the tree again.
"""

from dataclasses import dataclass, field

from django.db.models import F
from wagtail.models import Page


def free_slug(base, taken):
    """``base``, or ``base-2``, ``base-3``…: the first one not in ``taken``."""
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@dataclass
class _Parent:
    page: Page
    next_step: int
    slugs: set = field(default_factory=set)
    added: int = 0


class TreeAllocator:
    """Paths, slugs and child counts for new pages under parents already in the tree."""

    def __init__(self):
        self._parents = {}

    def _parent(self, page):
        parent = self._parents.get(page.pk)
        if parent is None:
            children = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1)
            last_path, slugs = None, set()
            for path, slug in children.values_list("path", "slug"):
                slugs.add(slug)
                if last_path is None or path > last_path:
                    last_path = path
            step = Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1
            parent = _Parent(page=page, next_step=step, slugs=slugs)
            self._parents[page.pk] = parent
        return parent

    def slug_for(self, parent_page, base):
        """The slug a page would get under ``parent_page``: ``base`` made unique there."""
        return free_slug(base, self._parent(parent_page).slugs)

    def place(self, page, parent_page, slug):
        """Give ``page`` the next position under ``parent_page`` and a unique ``slug``."""
        parent = self._parent(parent_page)
        slug = free_slug(slug, parent.slugs)
        page.path = Page._get_path(parent_page.path, parent_page.depth + 1, parent.next_step)
        page.depth = parent_page.depth + 1
        page.numchild = 0
        page.slug = slug
        page.url_path = f"{parent_page.url_path}{slug}/"
        # Treebeard and Wagtail ask for the parent by path otherwise (one query per page).
        page._cached_parent_obj = parent_page
        parent.next_step += 1
        parent.slugs.add(slug)
        parent.added += 1
        return slug

    def flush_child_counts(self):
        """Add the pages placed since the last flush to their parents' ``numchild``."""
        for parent in self._parents.values():
            if parent.added:
                Page.objects.filter(pk=parent.page.pk).update(numchild=F("numchild") + parent.added)
                parent.page.numchild += parent.added
                parent.added = 0

    def forget(self, parent_path=None):
        """Read the children of the parent at ``parent_path`` (of every parent, without
        one) again before the next page is placed there: pages were added another way."""
        self.flush_child_counts()
        if parent_path is None:
            self._parents = {}
            return
        for pk in [pk for pk, parent in self._parents.items() if parent.page.path == parent_path]:
            del self._parents[pk]
