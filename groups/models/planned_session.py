"""Workshop sessions a group has planned: the source of the public calendars.

Everything on a planned session is public by design (date, time, place, topic):
it is what a group announces. Who attends and what is said stay in session notes
and write-ups, which the calendars never read.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class PlannedSession(Orderable):
    """One upcoming session of a mentor group, as the group announces it."""

    group = ParentalKey(
        "mentor_groups.MentorGroup", on_delete=models.CASCADE, related_name="planned_sessions"
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=180, help_text=_("How long the session lasts.")
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    topic = models.CharField(
        _("public topic"),
        max_length=255,
        help_text=_("Shown in the public calendar; no names of participants."),
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time")]),
        FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("venue")]),
        FieldPanel("topic"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("planned session")
        verbose_name_plural = _("planned sessions")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.topic}"

    @property
    def duration(self):
        return datetime.timedelta(minutes=self.duration_minutes)
