"""What the header of every page shows: the language switcher and the main navigation.

Both are made of pages of the site tree: the home page of each language, the
sections of the reader's home that are shown in menus, and the translations of the
page on screen. One query brings them all (``chrome_query``). Page routing
(``knowledge.routing``) extends that query with the pages of the requested path and
keeps the result on the request, so a page's header costs no query of its own;
other views (search, glossary) load it once per request.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Page, Site

from knowledge.restrictions import restricted
from knowledge.value_lists import InValuesOf


def chrome_query(root, page=None, path_slugs=()):
    """Site-tree pages for a header, annotated with ``restricted``, in tree order.

    ``root`` is the site's root page (a home page); the homes are its translations.
    With ``page``, its translations come too. With ``path_slugs``, so do the pages
    that may lie on that path below any home, the pages above the homes, and the
    translations of whichever page the path may end at (for ``knowledge.routing``).
    """
    steplen = Page.steplen
    tree = root.path[:-steplen]
    wanted = Q(translation_key=root.translation_key)
    wanted |= Q(path__in=[root.path[:end] for end in range(steplen, len(root.path), steplen)])
    wanted |= Q(depth=root.depth + 1, path__startswith=tree, live=True, show_in_menus=True)
    if page is not None:
        wanted |= Q(translation_key=page.translation_key, live=True)
    if path_slugs:
        for level, slug in enumerate(path_slugs, 1):
            wanted |= Q(depth=root.depth + level, slug=slug, path__startswith=tree)
        last = Page.objects.filter(
            depth=root.depth + len(path_slugs), slug=path_slugs[-1], path__startswith=tree
        )
        wanted |= Q(InValuesOf("translation_key", last.values("translation_key")), live=True)
    return (
        Page.objects.filter(wanted)
        .select_related("locale")
        .annotate(restricted=restricted())
        .order_by("path")
    )


@dataclass
class SiteChrome:
    """Live homes by language, the menus below them, and the translations of one page."""

    homes: dict = field(default_factory=dict)
    menus: dict = field(default_factory=dict)
    page_id: int | None = None
    translations: list = field(default_factory=list)
    # The tree paths of the page's live versions, restricted ones too: what lies below
    # the page in any language (a group's write-ups) is found by them.
    version_paths: list = field(default_factory=list)

    @classmethod
    def from_rows(cls, rows, root, page=None):
        homes = {
            row.locale.language_code: row
            for row in rows
            if row.translation_key == root.translation_key and row.live
        }
        menus = {}
        for home in homes.values():
            if home.depth != root.depth:
                continue  # its sections were not asked for
            menus[home.path] = [
                row
                for row in rows
                if row.depth == home.depth + 1
                and row.path.startswith(home.path)
                and row.live
                and row.show_in_menus
                and not row.restricted
            ]
        chrome = cls(homes=homes, menus=menus)
        if page is not None:
            chrome.page_id = page.pk
            versions = [row for row in rows if row.translation_key == page.translation_key]
            chrome.translations = [row for row in versions if row.live and not row.restricted]
            chrome.version_paths = [row.path for row in versions if row.live]
        return chrome

    def knows_translations_of(self, page):
        return page is not None and page.pk == self.page_id


def site_chrome(request, page=None):
    """The request's header pages; loaded in one query unless routing already did."""
    chrome = getattr(request, "site_chrome", None)
    if chrome is not None and (page is None or chrome.knows_translations_of(page)):
        return chrome
    site = Site.find_for_request(request)
    if site is None:
        chrome = SiteChrome()
    else:
        root = site.root_page
        chrome = SiteChrome.from_rows(list(chrome_query(root, page=page)), root, page=page)
    request.site_chrome = chrome
    return chrome
