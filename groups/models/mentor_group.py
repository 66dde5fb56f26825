"""A mentor group: its region, aims, rhythm, practice rubric and the people in it."""

from django.db import models
from django.db.models import Case, F, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from groups.forms import MentorGroupForm
from groups.models.mentor_tools import MentorToolsMixin
from knowledge.api_fields import TermsField
from knowledge.blocks import BodyBlock
from knowledge.restrictions import KnownRestrictionsMixin


class MentorGroup(KnownRestrictionsMixin, MentorToolsMixin, Page):
    """One regional group of the programme, for example "Közkincs műhely – Kecskemét".

    Its page is public; who is in it is not. The page shows how many members the
    group has and the names of mentors who consented to a public profile, never
    the names of members. Group-only write-ups below it are readable by the
    group's own Django group (see ``GroupAccess``) and by editors.
    """

    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    summary = models.TextField(
        _("summary"),
        max_length=600,
        blank=True,
        help_text=_("One or two plain sentences, shown on cards and in search results."),
    )
    region = models.ForeignKey(
        "knowledge.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentor_groups",
    )
    goal = models.TextField(_("goal"), blank=True)
    focus_questions = models.TextField(
        _("focus questions"), blank=True, help_text=_("One question per line.")
    )
    cadence = models.CharField(
        _("cadence"),
        max_length=120,
        blank=True,
        help_text=_("How often the group meets, for example “monthly, three hours”."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    themes = ParentalManyToManyField(
        "knowledge.Theme", verbose_name=_("themes"), blank=True, related_name="mentor_groups"
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["mentor_groups.Programme"]
    subpage_types = ["mentor_groups.WorkshopWriteUp"]
    template = "groups/mentor_group.html"
    base_form_class = MentorGroupForm
    # Read with the page when it is served (knowledge.routing): the page names its region.
    serve_select_related = ("region",)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("goal"),
        index.FilterField("locale_id"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("region"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("cadence")]),
                FieldPanel("themes"),
            ],
            heading=_("About the group"),
        ),
        FieldPanel("goal"),
        FieldPanel("focus_questions"),
        FieldPanel("body"),
        InlinePanel("rubric", label=_("Mentoring-practice rubric"), max_num=7),
        InlinePanel("planned_sessions", heading=_("Planned sessions"), label=_("Session")),
    ]
    # Members are never part of the API; the rubric and planned sessions are public.
    api_fields = [
        APIField("summary"),
        APIField("region", serializer=TermsField()),
        APIField("goal"),
        APIField("focus_questions"),
        APIField("cadence"),
        APIField("status"),
        APIField("themes", serializer=TermsField()),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("mentor group")
        verbose_name_plural = _("mentor groups")

    @property
    def focus_question_list(self):
        return [line.strip() for line in self.focus_questions.splitlines() if line.strip()]

    def translations_of_work(self):
        """This group in every language: membership and access belong to the work."""
        return MentorGroup.objects.filter(translation_key=self.translation_key)

    def work_source(self):
        """The first version created, which memberships and notes point to."""
        return self.translations_of_work().order_by("pk").first() or self

    @property
    def access(self):
        from groups.models.access import GroupAccess

        return GroupAccess.for_group(self)

    @property
    def member_count(self):
        from groups.models.people import GroupMembership

        return (
            GroupMembership.objects.filter(
                group__translation_key=self.translation_key,
                role=GroupMembership.Role.MEMBER,
            )
            .values("user")
            .distinct()
            .count()
        )

    def public_mentor_names(self):
        """Display names of mentors who consented to a public profile."""
        from groups.models.people import GroupMembership

        memberships = (
            GroupMembership.objects.filter(
                group__translation_key=self.translation_key,
                role=GroupMembership.Role.MENTOR,
                user__profile__consented_at__isnull=False,
            )
            .select_related("user__profile")
            .order_by("created_at", "pk")
        )
        names = [membership.user.profile.display_name for membership in memberships]
        return list(dict.fromkeys(name for name in names if name))

    def membership_summary(self):
        """``(public mentor names, member count)`` in one query (as the two methods above)."""
        from groups.models.people import GroupMembership

        role = GroupMembership.Role
        public_name = Case(
            When(
                role=role.MENTOR,
                user__profile__consented_at__isnull=False,
                then=F("user__profile__display_name"),
            ),
            default=Value(""),
        )
        rows = (
            GroupMembership.objects.filter(
                group__translation_key=self.translation_key, role__in=[role.MENTOR, role.MEMBER]
            )
            .order_by("created_at", "pk")
            .values_list("role", "user_id", public_name)
        )
        names, members = [], set()
        for member_role, user_id, name in rows:
            if member_role == role.MEMBER:
                members.add(user_id)
            elif name:
                names.append(name)
        return list(dict.fromkeys(names)), len(members)

    def get_context(self, request, *args, **kwargs):
        from groups.presentation import mentor_group_context

        context = super().get_context(request, *args, **kwargs)
        context.update(mentor_group_context(self, request))
        return context

    @path("calendar/", name="calendar")
    def calendar(self, request):
        """This group's upcoming sessions as iCalendar; only while the group is public."""
        from groups.calendar import calendar_response, public_groups, upcoming_sessions

        groups = public_groups().filter(pk=self.pk)
        if not groups.exists():
            raise Http404
        return calendar_response(self, upcoming_sessions(groups), request)
