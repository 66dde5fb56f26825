"""Reports for programme leads: per programme, per group and per region.

Sessions held, attendance, methods used, outputs by type and theme, the state of
the practice rubric and approved reader feedback, as a page and as CSV, at
``<programme page>/report/`` (``?group=<slug>``, ``?region=<slug>``,
``&format=csv``).

Who: signed-in editors and programme people (anyone who mentors or belongs to a
group). Everyone else is sent to sign in, or refused. What: only what the viewer
may open. Write-ups, groups, methods and outputs pass through ``readable_by``, the
same check that serving a page makes, so a restricted write-up adds nothing (not a
session, not a participant, not a method) for someone who cannot read it. Drafts
never count: the live version is what is counted. The answer is private and never
cached.
"""

import csv
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from groups.presentation import rubric_rows
from groups.roles import is_editor
from groups.visibility import readable_by
from knowledge.models import ReaderFeedback, Region
from knowledge.taxonomy_cache import themes_in


@dataclass
class Report:
    title: str
    sessions: int = 0
    participants: int = 0
    new_participants: int = 0
    groups: list = field(default_factory=list)
    methods: list = field(default_factory=list)  # (title, times used)
    outputs_by_type: list = field(default_factory=list)  # (type label, count)
    outputs_by_theme: list = field(default_factory=list)  # (theme name, count)
    rubric: list = field(default_factory=list)
    feedback: dict = field(default_factory=dict)


def may_see_reports(user):
    return user.is_authenticated and (is_editor(user) or user.group_memberships.exists())


def _scope(programme, request):
    """The groups of the report (a group, a region's groups, or all) and its title."""
    from groups.models import MentorGroup

    groups = MentorGroup.objects.live().descendant_of(programme).select_related("region")
    title = programme.title
    group_slug, region_slug = request.GET.get("group"), request.GET.get("region")
    if group_slug:
        groups = groups.filter(slug=group_slug)
        title = None
    elif region_slug:
        region = Region.objects.filter(locale_id=programme.locale_id, slug=region_slug).first()
        if region is None:
            raise Http404
        groups = groups.filter(region__in=region.self_and_descendants())
        title = f"{programme.title} · {region.name}"
    groups = readable_by(request, list(groups.order_by("title")))
    if group_slug:
        if not groups:
            raise Http404
        title = f"{programme.title} · {groups[0].title}"
    return groups, title


def build_report(programme, request):
    from groups.models import WorkshopWriteUp

    groups, title = _scope(programme, request)
    report = Report(title=title, groups=groups)
    if not groups:
        return report
    writeups = WorkshopWriteUp.objects.none()
    for group in groups:
        writeups = writeups | WorkshopWriteUp.objects.live().child_of(group)
    writeups = readable_by(
        request, list(writeups.prefetch_related("methods_used", "outputs__themes"))
    )
    report.sessions = len(writeups)
    report.participants = sum(writeup.participants or 0 for writeup in writeups)
    report.new_participants = sum(writeup.new_participants or 0 for writeup in writeups)

    methods = readable_by(request, [m for w in writeups for m in w.methods_used.all()])
    used = Counter(method.pk for method in methods)
    titles = {method.pk: method.title for method in methods}
    report.methods = sorted(
        ((titles[pk], n) for pk, n in used.items()), key=lambda r: (-r[1], r[0])
    )

    outputs = readable_by(request, [o for w in writeups for o in w.outputs.all()])
    outputs = list({output.pk: output for output in outputs}.values())
    report.outputs_by_type = _counted(
        output.specific_class.listing_type_label for output in outputs
    )
    names = {term.slug: term.name for term in themes_in(programme.locale_id).values()}
    report.outputs_by_theme = _counted(
        names.get(theme.slug, theme.name) for output in outputs for theme in output.themes.all()
    )
    report.rubric = rubric_rows(groups)
    keys = {page.translation_key for page in [*outputs, *methods]}
    report.feedback = ReaderFeedback.objects.filter(page__translation_key__in=keys).counts()
    return report


def _counted(labels):
    return sorted(Counter(str(label) for label in labels).items(), key=lambda r: (-r[1], r[0]))


def csv_rows(report):
    """``section, item, value`` rows: one table a spreadsheet can pivot."""
    yield [_("section"), _("item"), _("value")]
    yield [_("Sessions held"), "", report.sessions]
    yield [_("Participants"), "", report.participants]
    yield [_("New participants"), "", report.new_participants]
    for title, count in report.methods:
        yield [_("Methods used"), title, count]
    for label, count in report.outputs_by_type:
        yield [_("Outputs by type"), label, count]
    for label, count in report.outputs_by_theme:
        yield [_("Outputs by theme"), label, count]
    for row in report.rubric:
        for group, entry in zip(report.groups, row.entries, strict=True):
            state = entry.get_state_display() if entry else _("Not assessed")
            yield [_("Practice rubric"), f"{group.title}: {row.label}", state]
    yield [_("Found useful"), "", report.feedback.get("found_useful", 0)]
    yield [_("Not useful"), "", report.feedback.get("not_useful", 0)]
    yield [_("Used by readers"), "", report.feedback.get("used", 0)]


def report_response(programme, request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_see_reports(request.user):
        raise PermissionDenied
    report = build_report(programme, request)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="report.csv"'
        response.write("\ufeff")  # so spreadsheet programs read UTF-8
        csv.writer(response).writerows(csv_rows(report))
    else:
        response = TemplateResponse(
            request,
            "groups/report.html",
            {"page": programme, "report": report, "regions": _report_regions(programme)},
        )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _report_regions(programme):
    from groups.models import MentorGroup

    region_ids = MentorGroup.objects.descendant_of(programme).values("region_id")
    return Region.objects.filter(pk__in=region_ids).order_by("name")
