"""Theme and region labels per language, cached for the whole site.

Cards show themes and regions in the reader's language whatever locale the linked
snippet is in; looking each one up per card would cost a query per item. The
vocabulary is small, so the whole of it is cached and the cache version is bumped
whenever a theme, region or institution changes.
"""

from dataclasses import dataclass

from django.core.cache import cache

VERSION_KEY = "taxonomy:version"
# Part of every key, so that entries of an older shape are never read.
SHAPE = 3


@dataclass(frozen=True)
class Term:
    slug: str
    name: str
    path: str = ""
    parent_slug: str = ""
    level: str = ""

    @property
    def depth(self):
        return self.path.count("/")


@dataclass(frozen=True)
class LocaleRegion:
    """A region of one language, as a form offers it."""

    pk: int
    name: str


def bump_taxonomy_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def _inside(path, region_path):
    """A region path is the region or inside it (a region filter includes what lies inside)."""
    return path == region_path or path.startswith(f"{region_path}/")


def _load(locale_id):
    from knowledge.models import Region, Theme

    themes, theme_ids = {}, {}
    for theme in Theme.objects.select_related("parent").order_by("name"):
        term = Term(
            slug=theme.slug,
            name=theme.name,
            parent_slug=theme.parent.slug if theme.parent_id else "",
        )
        if theme.locale_id == locale_id or theme.slug not in themes:
            themes[theme.slug] = term
        theme_ids.setdefault(theme.slug, []).append(theme.pk)
    regions, all_regions = {}, []
    for region in Region.objects.select_related("parent").order_by("path"):
        term = Term(
            slug=region.slug,
            name=region.name,
            path=region.path,
            parent_slug=region.parent.slug if region.parent_id else "",
            level=region.level,
        )
        if region.locale_id == locale_id or region.slug not in regions:
            regions[region.slug] = term
        all_regions.append((region.pk, region.path))
    region_ids = {
        slug: [pk for pk, path in all_regions if _inside(path, term.path)]
        for slug, term in regions.items()
    }
    own_regions = [
        LocaleRegion(pk=pk, name=name)
        for pk, name in Region.objects.filter(locale_id=locale_id)
        .order_by("name")
        .values_list("pk", "name")
    ]
    return {
        "themes": themes,
        "regions": regions,
        "own_regions": own_regions,
        "theme_ids": theme_ids,
        "region_ids": region_ids,
    }


def taxonomy(locale_id):
    """``{"themes": {slug: Term}, "regions": {slug: Term}, "own_regions": [LocaleRegion],
    "theme_ids": {slug: [pk]}, "region_ids": {slug: [pk]}}``.

    Terms are named in the given locale; a term with no translation in it keeps the
    name of another language. ``own_regions`` are the locale's own regions by name.
    ``theme_ids`` are the themes of a slug in every language, ``region_ids`` the
    regions of a slug and every region inside them, in every language.
    """
    key = f"taxonomy:{SHAPE}:{_version()}:{locale_id}"
    data = cache.get(key)
    if data is None:
        data = _load(locale_id)
        cache.set(key, data, 60 * 60)
    return data


def themes_in(locale_id):
    return taxonomy(locale_id)["themes"]


def regions_in(locale_id):
    return taxonomy(locale_id)["regions"]


def theme_ids(locale_id, slugs):
    """Primary keys of the themes named by ``slugs``, in every language."""
    ids = taxonomy(locale_id)["theme_ids"]
    return sorted({pk for slug in slugs for pk in ids.get(slug, ())})


def region_ids(locale_id, slugs):
    """Primary keys of the regions named by ``slugs`` and of those inside them, in every
    language."""
    ids = taxonomy(locale_id)["region_ids"]
    return sorted({pk for slug in slugs for pk in ids.get(slug, ())})


def regions_of_locale(locale_id):
    """The regions of one language, by name (for choosing one in a form)."""
    return taxonomy(locale_id)["own_regions"]
