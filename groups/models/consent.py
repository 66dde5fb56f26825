"""Consent for each name, quote and photo that a public write-up carries over from a note.

Evidence, not content: a plain foreign key rather than a ``ParentalKey``, so the
records live outside page revisions. Reverting or publishing an older revision can
never drop one, and translations do not copy them. Editors see them, read-only, in
the write-up's editor (``groups.consent_panel``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentRecord(models.Model):
    class Kind(models.TextChoices):
        NAME = "name", _("Name")
        QUOTE = "quote", _("Quote")
        PHOTO = "photo", _("Photo")

    class Method(models.TextChoices):
        WRITTEN = "written", _("Written")
        VERBAL = "verbal", _("Verbal")
        EMAIL = "email", _("By e-mail")

    writeup = models.ForeignKey(
        "mentor_groups.WorkshopWriteUp",
        verbose_name=_("write-up"),
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    person = models.CharField(
        _("whose consent"), max_length=150, help_text=_("The person named, quoted or pictured.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    item = models.CharField(
        _("what is carried over"),
        max_length=500,
        help_text=_("The name as printed, the quote, or a description of the photo."),
    )
    consent_given = models.BooleanField(_("consent given"), default=False)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.person} – {self.get_kind_display()}"
