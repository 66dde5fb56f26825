"""Where a library item came from and where it was used: a panel for method and package pages.

The library does not import this app. It offers an extension point
(``knowledge.extensions``); this module registers a panel there that reads the
reverse relations of write-ups: ``produced_by_writeups`` ("developed in") and,
for methods, ``used_in_writeups`` ("used in", counted per region of the group).
Only public, live write-ups count, for every reader: the panel sits on a public
page and must not tell anyone that restricted work exists.
"""

from collections import Counter

from django.utils.translation import gettext as _

from groups.languages import one_per_work
from knowledge.models import KnowledgePage, MethodologyArticle
from knowledge.restrictions import unrestricted
from knowledge.taxonomy_cache import regions_in

TEMPLATE = "groups/provenance_panel.html"
MAX_CARDS = 12


def public_writeups():
    from groups.models import WorkshopWriteUp

    public = KnowledgePage.Visibility.PUBLIC
    return unrestricted(WorkshopWriteUp.objects.live()).filter(visibility=public)


def _groups_by_path(writeups):
    from groups.models import MentorGroup

    paths = {writeup.path[: -writeup.steplen] for writeup in writeups}
    return {
        group.path: group
        for group in MentorGroup.objects.filter(path__in=paths).select_related("region")
    }


def reuse_by_region(writeups, locale):
    """``[(region name, count)]``: how many write-ups (one per work) per group region."""
    groups = _groups_by_path(writeups)
    region_names = regions_in(locale.pk)
    works = {}
    for writeup in writeups:
        group = groups.get(writeup.path[: -writeup.steplen])
        slug = group.region.slug if group is not None and group.region_id else ""
        works.setdefault(writeup.translation_key, slug)
    counts = Counter(works.values())
    rows = []
    for slug, count in counts.items():
        term = region_names.get(slug)
        rows.append((term.name if term else _("Region not given"), count))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def developing_groups(writeups, locale):
    """The groups whose write-ups produced the item, each once, in the reader's language."""
    from groups.models import MentorGroup

    keys = {group.translation_key for group in _groups_by_path(writeups).values()}
    groups = unrestricted(MentorGroup.objects.live()).filter(translation_key__in=keys)
    return sorted(one_per_work(groups.select_related("locale"), locale), key=lambda g: g.title)


def provenance_panel(page, request):
    """The "developed and used in" panel of a library page, or None when there is nothing."""
    from knowledge.listing import localized_pages

    if not isinstance(page, KnowledgePage):
        return None
    locale = page.locale
    developed = list(
        public_writeups().filter(outputs__translation_key=page.translation_key).distinct()
    )
    used = []
    if isinstance(page, MethodologyArticle):
        used = list(
            public_writeups()
            .filter(methods_used__translation_key=page.translation_key)
            .distinct()
            .order_by("-date", "-pk")
        )
    if not developed and not used:
        return None
    used_cards = localized_pages(used, locale)
    return TEMPLATE, {
        "page": page,
        "developed_groups": developing_groups(developed, locale),
        "developed": localized_pages(developed, locale),
        "used": used_cards[:MAX_CARDS],
        "used_total": len(used_cards),
        "reuse_by_region": reuse_by_region(used, locale),
    }
