"""What readers say about a method or package: "Was this useful?" and "I used this".

Nothing is stored about the reader beyond what they type (an optional short text
and a region). Every answer waits for an editor; only approved answers are
counted on the page and in reports. Counts belong to the work, not one
translation: a method used in Maribor counts on its Hungarian page too.
"""

from django import forms
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class ReaderFeedbackQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ReaderFeedback.Status.APPROVED)

    def for_work(self, page):
        """Feedback on ``page`` and on every translation of it."""
        return self.filter(page__translation_key=page.translation_key)

    def counts(self):
        """Approved counts: ``found_useful``, ``not_useful`` and ``used``, in one query."""
        kinds = ReaderFeedback.Kind
        return self.approved().aggregate(
            found_useful=Count("pk", filter=Q(kind=kinds.USEFUL, useful=True)),
            not_useful=Count("pk", filter=Q(kind=kinds.USEFUL, useful=False)),
            used=Count("pk", filter=Q(kind=kinds.USED)),
        )


class ReaderFeedback(models.Model):
    class Kind(models.TextChoices):
        USEFUL = "useful", _("Was this useful?")
        USED = "used", _("I used this")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="reader_feedback",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    useful = models.BooleanField(_("useful"), null=True, blank=True)
    text = models.CharField(_("what the reader wrote"), max_length=500, blank=True)
    region = models.ForeignKey(
        "knowledge.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    objects = ReaderFeedbackQuerySet.as_manager()

    panels = [
        FieldPanel("page", read_only=True),
        FieldPanel("kind", read_only=True),
        FieldPanel("useful", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("region", read_only=True),
        FieldPanel("status", widget=forms.RadioSelect),
    ]

    class Meta:
        verbose_name = _("reader feedback")
        verbose_name_plural = _("reader feedback")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        if self.kind == self.Kind.USEFUL:
            answer = _("yes") if self.useful else _("no")
            return f"{self.page.title}: {self.get_kind_display()} {answer}"
        return f"{self.page.title}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.status == self.Status.PENDING:
            self.moderated_at = None
        elif self.moderated_at is None:
            self.moderated_at = timezone.now()
        super().save(*args, **kwargs)
