"""What the programme, group and write-up pages show, gathered for their templates."""

from dataclasses import dataclass

from wagtail.models import Page

from groups.calendar import upcoming_sessions
from groups.languages import children_of_work, one_per_work
from groups.visibility import readable_by
from knowledge.restrictions import unrestricted
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
    terms = themes_in(page.locale_id)
    return sorted(
        (terms[theme.slug] for theme in page.themes.all() if theme.slug in terms),
        key=lambda term: term.name,
    )


def programme_context(programme):
    """Its groups (public, live, one per work) and their rubrics side by side."""
    from groups.models import MentorGroup

    groups = unrestricted(children_of_work(MentorGroup, programme)).select_related("region")
    groups = sorted(one_per_work(groups, programme.locale), key=lambda group: group.title)
    return {
        "groups": [(group, region_term(group.region, programme.locale)) for group in groups],
        "rubric_groups": groups,
        "rubric_rows": rubric_rows(groups) if groups else [],
    }


def group_timeline(group, request):
    """The group's write-ups this reader may open, one per work, by date."""
    from groups.models import WorkshopWriteUp

    writeups = children_of_work(WorkshopWriteUp, group).prefetch_related("outputs")
    writeups = one_per_work(readable_by(request, writeups), group.locale)
    return sorted(writeups, key=lambda page: (page.date, page.session_number or 0, page.pk))


def mentor_group_context(group, request):
    """Rubric, session timeline and outputs; a member count, never members' names."""
    from knowledge.listing import localized_pages

    timeline = group_timeline(group, request)
    outputs = [output for writeup in timeline for output in writeup.outputs.all()]
    return {
        "region": region_term(group.region, group.locale),
        "themes": theme_terms(group),
        "rubric_rows": rubric_rows([group]),
        "timeline": timeline,
        "outputs": localized_pages(outputs, group.locale),
        "mentor_names": group.public_mentor_names(),
        "member_count": group.member_count,
        "planned_sessions": upcoming_sessions([group]),
    }


def writeup_context(writeup):
    """The write-up's group, and its methods and outputs in the reader's language."""
    from knowledge.listing import localized_pages

    parent = Page.objects.filter(path=writeup.path[: -writeup.steplen]).specific().first()
    return {
        "group": parent,
        "methods": localized_pages(list(writeup.methods_used.all()), writeup.locale),
        "outputs": localized_pages(list(writeup.outputs.all()), writeup.locale),
    }
