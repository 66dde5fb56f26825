"""Where a library item came from and where it was used: a panel for method and package pages.

The library does not import this app. It offers an extension point
(``knowledge.extensions``); this module registers a panel there that reads the
reverse relations of write-ups: ``produced_by_writeups`` ("developed in") and,
for methods, ``used_in_writeups`` ("used in", counted per region of the group).
Only public, live write-ups count, for every reader: the panel sits on a public
page and must not tell anyone that restricted work exists.
"""

from collections import Counter

from django.db.models import Exists, OuterRef, Q, Value
from django.utils.translation import gettext as _

from groups.languages import one_per_work
from knowledge.models import KnowledgePage, MethodologyArticle
from knowledge.restrictions import restricted, unrestricted
from knowledge.taxonomy_cache import regions_in

TEMPLATE = "groups/provenance_panel.html"
MAX_CARDS = 12


def public_writeups():
    from groups.models import WorkshopWriteUp

    public = KnowledgePage.Visibility.PUBLIC
    return unrestricted(WorkshopWriteUp.objects.live()).filter(visibility=public)


def writeups_about(page):
    """Public write-ups that produced (``developed``) or used (``used``) the page's work."""
    from groups.models import WorkshopWriteUp

    through_outputs = WorkshopWriteUp.outputs.through.objects.filter(
        workshopwriteup_id=OuterRef("pk"), knowledgepage__translation_key=page.translation_key
    )
    writeups = public_writeups().annotate(developed=Exists(through_outputs))
    if isinstance(page, MethodologyArticle):
        through_methods = WorkshopWriteUp.methods_used.through.objects.filter(
            workshopwriteup_id=OuterRef("pk"),
            methodologyarticle__translation_key=page.translation_key,
        )
        writeups = writeups.annotate(used=Exists(through_methods))
        writeups = writeups.filter(Q(developed=True) | Q(used=True))
    else:
        writeups = writeups.annotate(used=Value(False)).filter(developed=True)
    found = list(writeups.order_by("path"))
    developed = [writeup for writeup in found if writeup.developed]
    used = sorted(
        (writeup for writeup in found if writeup.used),
        key=lambda writeup: (writeup.date, writeup.pk),
        reverse=True,
    )
    return developed, used


def groups_of(writeups, developed):
    """``(groups by path, developing groups)`` in one query.

    The first are the groups the write-ups sit in; the second are the live,
    unrestricted versions of the groups of the ``developed`` write-ups.
    """
    from groups.models import MentorGroup

    paths = {writeup.path[: -writeup.steplen] for writeup in writeups}
    developing_paths = {writeup.path[: -writeup.steplen] for writeup in developed}
    if not paths:
        return {}, []
    developing_keys = MentorGroup.objects.filter(path__in=developing_paths).values(
        "translation_key"
    )
    groups = list(
        MentorGroup.objects.filter(Q(path__in=paths) | Q(translation_key__in=developing_keys))
        .select_related("region", "locale")
        .annotate(restricted=restricted())
        .order_by("path")
    )
    by_path = {group.path: group for group in groups if group.path in paths}
    keys = {group.translation_key for group in by_path.values() if group.path in developing_paths}
    developing = [
        group
        for group in groups
        if group.translation_key in keys and group.live and not group.restricted
    ]
    return by_path, developing


def reuse_by_region(writeups, groups, locale):
    """``[(region name, count)]``: how many write-ups (one per work) per group region."""
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


def provenance_panel(page, request, cards):
    """The "developed and used in" panel of a library page, or None when there is nothing."""
    if not isinstance(page, KnowledgePage):
        return None
    locale = page.locale
    developed, used = writeups_about(page)
    if not developed and not used:
        return None
    groups, developing = groups_of(developed + used, developed)
    return TEMPLATE, {
        "page": page,
        "developed_groups": sorted(one_per_work(developing, locale), key=lambda g: g.title),
        "developed": cards.localized(developed),
        "used": cards.localized(used, limit=MAX_CARDS),
        "reuse_by_region": reuse_by_region(used, groups, locale),
    }
