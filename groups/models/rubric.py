"""The mentoring-practice rubric: seven practices, each with a state and a note.

The practices are the "effective practices" of community mentoring named by the
Slovenian article the programme draws on: structure and clear expectations, goals,
matching, regular meetings, mentor training, feedback and community support. A
group records where it stands on each, so a programme can compare its groups.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class Practice(models.TextChoices):
    STRUCTURE = "structure", _("Structure and clear expectations")
    GOALS = "goals", _("Goals")
    MATCHING = "matching", _("Matching")
    REGULAR_MEETINGS = "regular-meetings", _("Regular meetings")
    MENTOR_TRAINING = "mentor-training", _("Mentor training")
    FEEDBACK = "feedback", _("Feedback")
    COMMUNITY_SUPPORT = "community-support", _("Community support")


class PracticeState(models.TextChoices):
    """Ordered from weakest to strongest; ``level`` gives the position."""

    NOT_YET = "not-yet", _("Not yet")
    EMERGING = "emerging", _("Emerging")
    ESTABLISHED = "established", _("Established")
    STRONG = "strong", _("Strong")

    @property
    def level(self):
        return list(PracticeState).index(self)


class RubricEntry(Orderable):
    """Where one group stands on one practice.

    Not translatable on its own: the entries travel with the group page, and a
    translated group page keeps its own notes (as curated collections keep theirs).
    """

    group = ParentalKey(
        "mentor_groups.MentorGroup", on_delete=models.CASCADE, related_name="rubric"
    )
    practice = models.CharField(_("practice"), max_length=24, choices=Practice.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=PracticeState.choices, default=PracticeState.NOT_YET
    )
    note = models.TextField(_("note"), blank=True, help_text=_("What shows it; what is next."))

    panels = [FieldPanel("practice"), FieldPanel("state"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("rubric entry")
        verbose_name_plural = _("rubric entries")
        constraints = [
            models.UniqueConstraint(fields=["group", "practice"], name="unique_practice_per_group")
        ]

    def __str__(self):
        return f"{self.get_practice_display()}: {self.get_state_display()}"

    @property
    def level(self):
        return PracticeState(self.state).level
