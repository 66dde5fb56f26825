"""Distil to public: turn a private session note into a draft public write-up, with consent.

A mentor of the note's group (or an editor) starts it from the session notes page.
The form is prefilled from the note; the mentor rewrites it for the public and lists
every name, quote and photo the write-up carries over, each with its consent. The
draft is refused while any listed item has no consent, and a write-up with nothing
listed needs an explicit "nothing here identifies anyone". The draft goes under the
note's group, owned by the one who distilled it, and its consent records go with it
(``ConsentRecord``), so the editor who reviews it sees them. The note itself is only
read: never changed, never published.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminDateInput

from groups.drafts import create_draft
from groups.mentors import is_mentor_of, writeups_of_work
from groups.models import ConsentRecord, SessionNote, WorkshopWriteUp
from groups.roles import can_read_all_notes
from knowledge.admin_refusal import forbidden
from knowledge.markdown import markdown_to_rich_text

EXTRA_ROWS = 3
MAX_ROWS = 60
TEXT_MAX_LENGTH = 20_000


def may_distil(user, note):
    """Editors, and the mentors of the note's group; never a member."""
    if not user.is_authenticated or not user.is_active:
        return False
    return can_read_all_notes(user) or is_mentor_of(user, note.group)


class DistilForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=255)
    summary = forms.CharField(
        label=gettext_lazy("Summary"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    date = forms.DateField(label=gettext_lazy("Date"), widget=AdminDateInput)
    session_number = forms.IntegerField(
        label=gettext_lazy("Session number"), required=False, min_value=1, max_value=32_767
    )
    what_we_did = forms.CharField(
        label=gettext_lazy("What we did"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Rewritten for the public: leave out anything said in confidence."),
    )
    insights = forms.CharField(
        label=gettext_lazy("Insights"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_steps = forms.CharField(
        label=gettext_lazy("Next steps"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    identifies_no_one = forms.BooleanField(
        label=gettext_lazy(
            "Nothing in this write-up identifies anyone: no names, quotes or photos."
        ),
        required=False,
    )


class ConsentItemForm(forms.Form):
    person = forms.CharField(label=gettext_lazy("Whose consent"), max_length=150)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=[("", "---------"), *ConsentRecord.Kind.choices]
    )
    item = forms.CharField(label=gettext_lazy("What is carried over"), max_length=500)
    consent_given = forms.TypedChoiceField(
        label=gettext_lazy("Consent given"),
        choices=[("", "---------"), ("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": gettext_lazy("Say whether consent was given.")},
    )
    method = forms.ChoiceField(
        label=gettext_lazy("How"),
        choices=[("", "---------"), *ConsentRecord.Method.choices],
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_given") and not cleaned.get("method"):
            self.add_error("method", _("Say how consent was given."))
        return cleaned


class BaseConsentFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        missing = [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and not form.cleaned_data.get("consent_given")
        ]
        if missing:
            names = ", ".join(
                f"{row['person']} ({dict(ConsentRecord.Kind.choices)[row['kind']]})"
                for row in missing
            )
            raise forms.ValidationError(
                _(
                    "No consent has been recorded for: %(items)s. Leave these out of the "
                    "write-up, or record the consent first."
                )
                % {"items": names}
            )

    def items(self):
        return [form.cleaned_data for form in self.forms if form.has_changed()]


ConsentFormSet = forms.formset_factory(
    ConsentItemForm,
    formset=BaseConsentFormSet,
    extra=EXTRA_ROWS,
    max_num=MAX_ROWS,
    validate_max=True,
)


def readable_note(user, note_id):
    """The note, when ``user`` may read it; None otherwise (no hint whether it exists)."""
    return (
        SessionNote.objects.readable_by(user)
        .select_related("group", "group__locale")
        .filter(pk=note_id)
        .first()
    )


def initial_for(note):
    numbers = writeups_of_work(note.group).values_list("session_number", flat=True)
    return {
        "date": note.session_date,
        "session_number": max((number for number in numbers if number), default=0) + 1,
        "what_we_did": note.text,
    }


def with_more_rows(data):
    """The posted consent rows plus empty ones: "add rows" without JavaScript."""
    data = data.copy()
    total = int(data.get("consents-TOTAL_FORMS") or 0)
    data["consents-TOTAL_FORMS"] = str(min(total + EXTRA_ROWS, MAX_ROWS))
    return data


def build_writeup(data):
    return WorkshopWriteUp(
        title=data["title"],
        summary=data["summary"],
        date=data["date"],
        session_number=data["session_number"],
        what_we_did=markdown_to_rich_text(data["what_we_did"]),
        insights=markdown_to_rich_text(data["insights"]),
        next_steps=markdown_to_rich_text(data["next_steps"]),
        visibility=WorkshopWriteUp.Visibility.PUBLIC,
    )


def distil_note(request, note_id):
    note = readable_note(request.user, note_id)
    group = note.group if note is not None else None
    if (
        note is None
        or not may_distil(request.user, note)
        or not group.permissions_for_user(request.user).can_add_subpage()
    ):
        return forbidden(
            request, _("Only the group's mentors and the editors may distil its notes.")
        )

    if request.method == "POST" and "add_rows" in request.POST:
        form = DistilForm(initial={name: request.POST.get(name) for name in DistilForm.base_fields})
        formset = ConsentFormSet(with_more_rows(request.POST), prefix="consents")
    elif request.method == "POST":
        form = DistilForm(request.POST)
        formset = ConsentFormSet(request.POST, prefix="consents")
        if form.is_valid() and formset.is_valid():
            items = formset.items()
            if not items and not form.cleaned_data["identifies_no_one"]:
                form.add_error(
                    "identifies_no_one",
                    _(
                        "List every name, quote and photo with its consent, or confirm that "
                        "the write-up identifies no one."
                    ),
                )
            else:
                writeup = save_distilled(group, form.cleaned_data, items, request.user)
                messages.success(
                    request,
                    _(
                        "The draft “%(title)s” has been created. Check it, then submit it "
                        "for review; the note is unchanged."
                    )
                    % {"title": writeup.title},
                )
                return redirect("wagtailadmin_pages:edit", writeup.pk)
    else:
        form = DistilForm(initial=initial_for(note))
        formset = ConsentFormSet(prefix="consents")

    return TemplateResponse(
        request,
        "groups/admin/distil_note.html",
        {
            "note": note,
            "group": group,
            "form": form,
            "formset": formset,
            "notes_url": reverse("groups_session_notes"),
        },
    )


@transaction.atomic
def save_distilled(group, data, items, user):
    writeup = create_draft(group, build_writeup(data), user)
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            writeup=writeup,
            person=item["person"],
            kind=item["kind"],
            item=item["item"],
            consent_given=item["consent_given"],
            method=item["method"],
            recorded_by=user,
        )
        for item in items
    )
    return writeup


def distil_links(user, notes):
    """The distil URL of each note ``user`` may distil, by note id."""
    from groups.models import GroupMembership

    if can_read_all_notes(user):
        allowed = None
    else:
        allowed = set(
            GroupMembership.objects.filter(user=user, role=GroupMembership.Role.MENTOR).values_list(
                "group__translation_key", flat=True
            )
        )
    return {
        note.pk: reverse("groups_distil_note", args=[note.pk])
        for note in notes
        if allowed is None or note.group.translation_key in allowed
    }
