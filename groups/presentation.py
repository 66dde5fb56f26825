"""What the programme, group and write-up pages show, gathered for their templates."""

from dataclasses import dataclass

from groups.calendar import upcoming_sessions
from groups.languages import children_of_work, one_per_work
from groups.visibility import readable_by
from knowledge.cards import CardBatch, ask_for_body
from knowledge.restrictions import restricted, unrestricted
from knowledge.taxonomy_cache import regions_in, themes_in


@dataclass
class RubricRow:
    """One practice, and where each group (or the one group) stands on it."""

    practice: str
    label: str
    entries: list


def rubric_rows(groups):
    """Rows per practice, in the rubric's order, with an entry (or None) per group."""
    from groups.models import Practice, RubricEntry

    entries = {
        (entry.group_id, entry.practice): entry
        for entry in RubricEntry.objects.filter(group__in=[group.pk for group in groups])
    }
    return [
        RubricRow(
            practice=practice.value,
            label=practice.label,
            entries=[entries.get((group.pk, practice.value)) for group in groups],
        )
        for practice in Practice
    ]


def region_term(region, locale):
    if region is None:
        return None
    return regions_in(locale.pk).get(region.slug)


def theme_terms(page):
    """The page's themes named in its language (slugs read with its cards, if it was)."""
    terms = themes_in(page.locale_id)
    slugs = getattr(page, "theme_slugs", None)
    if slugs is None:
        slugs = [theme.slug for theme in page.themes.all()]
    return sorted((terms[slug] for slug in slugs if slug in terms), key=lambda term: term.name)


def programme_context(programme, request):
    """Its groups (public, live, one per work) and their rubrics side by side."""
    from groups.models import MentorGroup

    groups = unrestricted(children_of_work(MentorGroup, programme, request))
    groups = groups.select_related("region")
    groups = sorted(one_per_work(groups, programme.locale), key=lambda group: group.title)
    cards = CardBatch(programme.locale)
    ask_for_body(programme.body, cards)
    cards.load()
    return {
        "groups": [(group, region_term(group.region, programme.locale)) for group in groups],
        "rubric_groups": groups,
        "rubric_rows": rubric_rows(groups) if groups else [],
        "card_batch": cards,
    }


# The group page shows its latest sessions, not all of them: a group that has met for years
# would otherwise load every write-up on every view. Older ones stay in the library's
# listings, search and sitemap. Versions of a work are read together (up to three
# languages), so the newest TIMELINE_VERSIONS rows hold at least the newest
# TIMELINE_VERSIONS / 3 works; the last work of a full window is dropped, since its
# version in the reader's language may lie just past the window.
TIMELINE_SESSIONS = 40
TIMELINE_VERSIONS = 3 * TIMELINE_SESSIONS + 3


def group_timeline(group, request):
    """The group's latest write-ups this reader may open, one per work, by date."""
    from groups.models import WorkshopWriteUp

    newest_first = (
        children_of_work(WorkshopWriteUp, group, request)
        .prefetch_related("outputs")
        .annotate(restricted=restricted())
        .order_by("-date", "-session_number", "translation_key", "pk")
    )
    versions = list(newest_first[:TIMELINE_VERSIONS])
    if len(versions) == TIMELINE_VERSIONS:
        last_work = versions[-1].translation_key
        versions = [page for page in versions if page.translation_key != last_work]
    writeups = one_per_work(readable_by(request, versions), group.locale)[:TIMELINE_SESSIONS]
    return sorted(writeups, key=lambda page: (page.date, page.session_number or 0, page.pk))


def mentor_group_context(group, request):
    """Rubric, session timeline and outputs; a member count, never members' names."""

    timeline = group_timeline(group, request)
    outputs = [output for writeup in timeline for output in writeup.outputs.all()]
    cards = CardBatch(group.locale)
    cards.include(group, renditions=())  # its themes come with the cards' terms
    ask_for_body(group.body, cards)
    context = {"outputs": cards.localized(outputs), "card_batch": cards}
    cards.load()
    mentor_names, member_count = group.membership_summary()
    context.update(
        {
            "region": region_term(group.region, group.locale),
            "themes": theme_terms(group),
            "rubric_rows": rubric_rows([group]),
            "timeline": timeline,
            "mentor_names": mentor_names,
            "member_count": member_count,
            "planned_sessions": upcoming_sessions([group]),
        }
    )
    return context


def writeup_context(writeup, cards):
    """The write-up's group, and its methods and outputs in the reader's language."""
    return {
        "group": writeup.get_parent(),
        "methods": cards.localized(list(writeup.methods_used.all())),
        "outputs": cards.localized(list(writeup.outputs.all())),
    }
