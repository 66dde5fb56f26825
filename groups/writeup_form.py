"""The ten-minute write-up: a short front-end form a mentor fills in on a phone.

Served at ``<group page>/write-up/`` (see ``groups.models.mentor_tools``), to the
group's mentors only. Everything the group already knows is filled in: today's
date, the next session number, the venue the group usually meets at, its themes
and region, and the methods it used last time. Saving creates a draft write-up
under the group, owned by the mentor, and submits it to the group's moderation
workflow ("Editorial review"); an editor publishes it. Plain HTML, no JavaScript.

The three text fields take plain text with light Markdown (paragraphs, "- " lists,
links), turned into the same rich text the admin editor writes.
"""

from collections import Counter

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups.drafts import create_draft, submit_for_review
from groups.mentors import is_mentor_of, writeups_of_work
from groups.models import WorkshopWriteUp
from groups.visibility import readable_by
from knowledge.markdown import markdown_to_rich_text
from knowledge.models import KnowledgePage, MethodologyArticle, Region, Theme

TEXT_MAX_LENGTH = 20_000
SMALL_NUMBER_MAX = 32_767
OUTPUT_TYPES = ("method", "package", "bundle", "collection")


def _number(label, help_text=""):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=SMALL_NUMBER_MAX,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _text(label, help_text="", required=False):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class QuickWriteUpForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Leave empty to call it after the session number and date."),
    )
    date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": gettext_lazy("Enter the date as year-month-day.")},
    )
    session_number = forms.IntegerField(
        label=gettext_lazy("Session number"),
        required=False,
        min_value=1,
        max_value=SMALL_NUMBER_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    venue = forms.CharField(label=gettext_lazy("Venue"), required=False, max_length=255)
    participants = _number(gettext_lazy("Participants"))
    new_participants = _number(
        gettext_lazy("Of them new"), gettext_lazy("Taking part for the first time.")
    )
    methods_used = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Methods used"),
        queryset=MethodologyArticle.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    what_we_did = _text(
        gettext_lazy("What we did"),
        gettext_lazy("Plain text; an empty line starts a new paragraph, “- ” a list item."),
        required=True,
    )
    insights = _text(gettext_lazy("Insights"))
    next_steps = _text(gettext_lazy("Next steps"))
    outputs = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Outputs"),
        queryset=KnowledgePage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Methods, packages or other library items this session produced."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Regions"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who may read it once published"),
        choices=KnowledgePage.Visibility.choices,
        initial=KnowledgePage.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, group, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        locale = group.locale
        library = KnowledgePage.objects.live().filter(locale=locale).order_by("title")
        readable_pks = [page.pk for page in readable_by(request, library)]
        self.fields["methods_used"].queryset = MethodologyArticle.objects.filter(
            pk__in=readable_pks
        ).order_by("title")
        output_types = [KnowledgePage.listing_types[code] for code in OUTPUT_TYPES]
        self.fields["outputs"].queryset = (
            KnowledgePage.objects.filter(pk__in=readable_pks).type(*output_types).order_by("title")
        )
        self.fields["themes"].queryset = Theme.objects.filter(locale=locale).order_by("name")
        self.fields["regions"].queryset = group_regions(group).order_by("path")

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The session cannot be in the future."))
        return date

    def clean(self):
        cleaned = super().clean()
        participants = cleaned.get("participants")
        new = cleaned.get("new_participants")
        if participants is not None and new is not None and new > participants:
            self.add_error("new_participants", _("Cannot be more than the number of participants."))
        return cleaned

    def default_title(self):
        number = self.cleaned_data.get("session_number")
        date = self.cleaned_data["date"].isoformat()
        if number:
            return _("Session %(number)s – %(date)s") % {"number": number, "date": date}
        return _("Session of %(date)s") % {"date": date}

    def build_writeup(self):
        """An unsaved write-up with the form's values, its many-to-many choices set."""
        data = self.cleaned_data
        writeup = WorkshopWriteUp(
            title=data["title"] or self.default_title(),
            date=data["date"],
            session_number=data["session_number"],
            venue=data["venue"],
            participants=data["participants"],
            new_participants=data["new_participants"],
            what_we_did=markdown_to_rich_text(data["what_we_did"]),
            insights=markdown_to_rich_text(data["insights"]),
            next_steps=markdown_to_rich_text(data["next_steps"]),
            visibility=data["visibility"],
        )
        writeup.methods_used = list(data["methods_used"])
        writeup.outputs = list(data["outputs"])
        writeup.themes = list(data["themes"])
        writeup.regions = list(data["regions"])
        return writeup


def group_regions(group):
    """The group's region (in the group's language) and the places inside it."""
    regions = Region.objects.filter(locale_id=group.locale_id)
    if group.region_id is None:
        return regions
    region = regions.filter(slug=group.region.slug).first()
    return region.self_and_descendants() if region else regions


def prefill(group):
    """What the group already knows: date, next number, usual venue, themes, region, methods."""
    writeups = list(writeups_of_work(group).order_by("-date", "-session_number", "-pk")[:50])
    numbers = [writeup.session_number for writeup in writeups if writeup.session_number]
    venues = Counter(writeup.venue for writeup in writeups if writeup.venue)
    initial = {
        "date": timezone.localdate(),
        "session_number": max(numbers, default=0) + 1,
        "venue": venues.most_common(1)[0][0] if venues else "",
        "themes": list(group.themes.filter(locale_id=group.locale_id)),
        "regions": list(group_regions(group).filter(slug=group.region.slug))
        if group.region_id
        else [],
        "methods_used": [],
    }
    if writeups:
        last_keys = writeups[0].methods_used.values("translation_key")
        initial["methods_used"] = list(
            MethodologyArticle.objects.filter(
                translation_key__in=last_keys, locale_id=group.locale_id
            )
        )
    return initial


def private_response(response):
    """Personal pages: never stored by a browser or a shared cache."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


def require_mentor(request, group):
    """Anonymous readers are sent to sign in; anyone but the group's mentors gets 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_mentor_of(request.user, group):
        raise PermissionDenied
    if not group.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    return None


def write_up(request, group):
    refused = require_mentor(request, group)
    if refused is not None:
        return refused
    if request.method == "POST":
        form = QuickWriteUpForm(request.POST, group=group, request=request)
        if form.is_valid():
            with transaction.atomic():
                writeup = create_draft(group, form.build_writeup(), request.user)
                workflow = submit_for_review(writeup, request.user)
            if workflow is not None:
                messages.success(
                    request,
                    _("“%(title)s” is saved and sent to the editors for review.")
                    % {"title": writeup.title},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "“%(title)s” is saved as a draft, but this group has no review "
                        "workflow: ask an editor to review it."
                    )
                    % {"title": writeup.title},
                )
            return private_response(redirect(group.url + group.reverse_subpage("my_write_ups")))
    elif request.method == "GET":
        form = QuickWriteUpForm(initial=prefill(group), group=group, request=request)
    else:
        return private_response(HttpResponseNotAllowed(["GET", "POST"]))
    response = TemplateResponse(
        request,
        "groups/mentor/write_up_form.html",
        {"page": group, "group": group, "form": form, "tool_urls": group.mentor_tool_urls()},
    )
    return private_response(response)
