"""Workshop write-ups: what a group did in one session, and what came of it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from groups.api_fields import VenueNameField
from groups.consent_panel import ConsentRecordsPanel
from groups.forms import WriteUpForm
from knowledge.api_fields import PublicPagesField
from knowledge.blocks import RICH_TEXT_FEATURES
from knowledge.models import KnowledgePage


class WorkshopWriteUp(KnowledgePage):
    """A session of a mentor group, written up so others can learn from it.

    A library item like the others (listed, filtered and searched as ``writeup``),
    placed under its group. ``methods_used`` and ``outputs`` point into the library;
    the library finds its way back through their reverse relations.
    """

    listing_type = "writeup"
    listing_type_label = _("Workshop write-up")

    date = models.DateField(_("date"))
    session_number = models.PositiveSmallIntegerField(_("session number"), null=True, blank=True)
    venue = models.CharField(
        _("venue"), max_length=255, blank=True, help_text=_("Where the group met, as text.")
    )
    venue_institution = models.ForeignKey(
        "knowledge.Institution",
        verbose_name=_("host institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_writeups",
    )
    participants = models.PositiveSmallIntegerField(_("participants"), null=True, blank=True)
    new_participants = models.PositiveSmallIntegerField(
        _("of them new"), null=True, blank=True, help_text=_("Taking part for the first time.")
    )
    methods_used = ParentalManyToManyField(
        "knowledge.MethodologyArticle",
        verbose_name=_("methods used"),
        blank=True,
        related_name="used_in_writeups",
    )
    what_we_did = RichTextField(_("what we did"), features=RICH_TEXT_FEATURES, blank=True)
    insights = RichTextField(_("insights"), features=RICH_TEXT_FEATURES, blank=True)
    next_steps = RichTextField(_("next steps"), features=RICH_TEXT_FEATURES, blank=True)
    outputs = ParentalManyToManyField(
        "knowledge.KnowledgePage",
        verbose_name=_("outputs"),
        blank=True,
        related_name="produced_by_writeups",
        help_text=_("Methods, packages or other library items this session produced."),
    )

    parent_page_types = ["mentor_groups.MentorGroup"]
    subpage_types = []
    is_creatable = True
    template = "groups/workshop_write_up.html"
    base_form_class = WriteUpForm
    # Read with the page when it is served (knowledge.routing): the page names its venue.
    serve_select_related = ("venue_institution__locale",)

    search_fields = KnowledgePage.search_fields + [
        index.SearchField("what_we_did"),
        index.SearchField("insights"),
        index.SearchField("next_steps"),
        index.FilterField("date"),
    ]
    api_fields = KnowledgePage.api_fields + [
        APIField("date"),
        APIField("session_number"),
        APIField("venue_name", serializer=VenueNameField()),
        APIField("participants"),
        APIField("new_participants"),
        APIField("methods_used", serializer=PublicPagesField()),
        APIField("what_we_did"),
        APIField("insights"),
        APIField("next_steps"),
        APIField("outputs", serializer=PublicPagesField()),
    ]
    content_panels = (
        KnowledgePage.content_panels
        + [
            ConsentRecordsPanel(),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("date"), FieldPanel("session_number")]),
                    FieldRowPanel([FieldPanel("venue"), FieldPanel("venue_institution")]),
                    FieldRowPanel([FieldPanel("participants"), FieldPanel("new_participants")]),
                ],
                heading=_("The session"),
            ),
            FieldPanel("methods_used"),
            FieldPanel("what_we_did"),
            FieldPanel("insights"),
            FieldPanel("next_steps"),
            FieldPanel("outputs"),
            FieldPanel("body"),
        ]
        + KnowledgePage.classification_panels
    )

    class Meta:
        verbose_name = _("workshop write-up")
        verbose_name_plural = _("workshop write-ups")
        indexes = [
            # A group page shows its newest sessions (groups.presentation): for a group
            # with thousands of write-ups, walking this index newest first and keeping
            # the group's reads a few hundred rows instead of sorting all of them.
            models.Index(fields=["-date", "-session_number"], name="writeups_newest_first"),
        ]

    def clean(self):
        super().clean()
        if (
            self.participants is not None
            and self.new_participants is not None
            and self.new_participants > self.participants
        ):
            raise ValidationError(
                {"new_participants": _("Cannot be more than the number of participants.")}
            )

    @property
    def mentor_group(self):
        """The group this write-up belongs to (its parent page), or None before placing."""
        from groups.models.mentor_group import MentorGroup

        if not self.path or self.depth < 2:
            return None
        return MentorGroup.objects.filter(path=self.path[: -self.steplen]).first()

    def visibility_groups(self):
        """Who may read it when it is group-only: the group's own Django group and editors."""
        from groups.roles import EDITOR, role_group

        groups = [role_group(EDITOR)]
        group = self.mentor_group
        if group is not None:
            groups.insert(0, group.access.members_group)
        return groups

    @property
    def venue_name(self):
        """The host institution in the active language, or the venue as text."""
        from knowledge.locales import active_language_code

        if not self.venue_institution_id:
            return self.venue
        institution = self.venue_institution
        if institution.locale.language_code == active_language_code():
            return institution.name  # what ``localized`` returns, without asking
        return institution.localized.name

    def get_card_context(self, request, cards):
        from groups.presentation import writeup_context

        return writeup_context(self, cards)
