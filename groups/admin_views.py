"""The admin view of private session notes: read and add the notes of one's own groups.

Deliberately small: one page that lists the notes the user may read and a form to
add one. No edit, delete, search, history or bulk actions, so there is no second
path to a note that could forget the membership check.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminDateInput

from groups.distil import distil_links
from groups.models import MentorGroup, SessionNote
from groups.roles import can_read_all_notes

MAX_LISTED = 200


def note_groups(user):
    """The groups whose notes ``user`` may read and write."""
    if can_read_all_notes(user):
        return MentorGroup.objects.all()
    return MentorGroup.objects.filter(pk__in=user.group_memberships.values("group_id"))


def may_use_notes(user):
    return user.is_active and (can_read_all_notes(user) or user.group_memberships.exists())


class SessionNoteForm(forms.ModelForm):
    class Meta:
        model = SessionNote
        fields = ["group", "session_date", "text"]
        widgets = {"session_date": AdminDateInput}
        labels = {"text": gettext_lazy("note")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = note_groups(user).order_by("title")


def session_notes(request):
    user = request.user
    if not may_use_notes(user):
        raise PermissionDenied
    form = SessionNoteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        note = form.save(commit=False)
        note.author = user
        note.save()
        messages.success(request, _("The note has been saved."))
        return redirect("groups_session_notes")
    notes = SessionNote.objects.readable_by(user).select_related("group", "author")[:MAX_LISTED]
    links = distil_links(user, notes)
    rows = [(note, links.get(note.pk)) for note in notes]
    return TemplateResponse(
        request, "groups/admin/session_notes.html", {"form": form, "notes": notes, "rows": rows}
    )
