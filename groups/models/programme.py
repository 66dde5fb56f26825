"""The programme: the frame its mentor groups share, and where their rubrics meet."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from knowledge.blocks import BodyBlock
from knowledge.restrictions import KnownRestrictionsMixin


class Programme(KnownRestrictionsMixin, RoutablePageMixin, Page):
    """A mentoring programme, such as "Kapcsolódások – Csoportos Mentorálás 2.0".

    Lives under a language's home page (the home page does not list it as a
    subpage type; the rule is declared here, so the library does not know groups).
    """

    summary = models.TextField(
        _("summary"),
        max_length=600,
        blank=True,
        help_text=_("One or two plain sentences, shown on cards and in search results."),
    )
    aims = models.TextField(_("aims"), blank=True, help_text=_("One aim per line."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["mentor_groups.MentorGroup"]
    template = "groups/programme.html"

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("aims"),
        index.FilterField("locale_id"),
    ]
    api_fields = [APIField("summary"), APIField("aims"), APIField("body")]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("aims"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    @property
    def aims_list(self):
        return [line.strip() for line in self.aims.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from groups.presentation import programme_context

        context = super().get_context(request, *args, **kwargs)
        context.update(programme_context(self, request))
        return context

    @path("report/", name="report")
    def report(self, request):
        """Sessions, attendance, methods, outputs, rubric and feedback; for programme people."""
        from groups.reports import report_response

        return report_response(self, request)

    @path("calendar/", name="calendar")
    def calendar(self, request):
        """Upcoming sessions of the programme's public groups, as iCalendar."""
        from groups.calendar import calendar_response, public_groups, upcoming_sessions
        from knowledge.public import public_pages

        if not public_pages(Programme, restrictions_inline=True).filter(pk=self.pk).exists():
            raise Http404
        return calendar_response(self, upcoming_sessions(public_groups(within=self)), request)
