"""The admin's "assign a role": editors and administrators make someone a group's mentor or member.

The same ``assign_role`` as the ``assign_group_role`` command, so both grant the
same rights. Reached from the group page's action menu (the group is preselected)
and from the admin menu. Mentors and members get 403: only those who curate the
programme decide who mentors a group.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Min
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups.models import GroupMembership, MentorGroup
from groups.roles import ADMINISTRATOR, EDITOR, assign_role
from knowledge.admin_refusal import forbidden


def can_assign_roles(user):
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=[EDITOR, ADMINISTRATOR]).exists()


def groups_once_each():
    """Each group once: its first version, which memberships point to."""
    firsts = MentorGroup.objects.values("translation_key").annotate(first=Min("pk"))
    return MentorGroup.objects.filter(pk__in=firsts.values("first")).order_by("title")


class AssignRoleForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    group = forms.ModelChoiceField(
        label=gettext_lazy("Group"),
        queryset=MentorGroup.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Choose one of the listed groups.")},
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=GroupMembership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose mentor or member.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups_once_each()

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(
                _("No user has the username “%(username)s”.") % {"username": username}
            )
        if not user.is_active:
            raise forms.ValidationError(_("This account is inactive."))
        self.user = user
        return username


def initial_group(request):
    """The group named by ``?group=<page id>`` (any language version), if any."""
    group_id = request.GET.get("group", "")
    if not group_id.isdigit():
        return None
    group = MentorGroup.objects.filter(pk=int(group_id)).first()
    return group.work_source() if group else None


def assign_group_role(request):
    if not can_assign_roles(request.user):
        return forbidden(request, _("Only editors and administrators may assign group roles."))
    if request.method == "POST":
        form = AssignRoleForm(request.POST)
        if form.is_valid():
            group = form.cleaned_data["group"]
            role = form.cleaned_data["role"]
            assign_role(form.user, group, role)
            messages.success(
                request,
                _("%(user)s is now a %(role)s of “%(group)s”.")
                % {
                    "user": form.user.get_username(),
                    "role": GroupMembership.Role(role).label.lower(),
                    "group": group.title,
                },
            )
            return redirect(f"{request.path}?group={group.pk}")
        group = None
    else:
        group = initial_group(request)
        form = AssignRoleForm(initial={"group": group, "role": GroupMembership.Role.MEMBER})
    memberships = []
    if group is not None:
        memberships = (
            GroupMembership.objects.filter(group__translation_key=group.translation_key)
            .select_related("user")
            .order_by("role", "user__username")
        )
    return TemplateResponse(
        request,
        "groups/admin/assign_role.html",
        {"form": form, "group": group, "memberships": memberships},
    )
