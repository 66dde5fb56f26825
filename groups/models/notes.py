"""Private session notes: a plain model, never a page, so never published or indexed.

Not ``index.Indexed``, not a snippet, never exported: nothing that publishes,
searches or exports can reach it. Notes may come in through an import (the
``note`` type in ``groups.note_import``, for demo and migrated notes) but never
go out. Only the group's mentors and members (and editors) read them, through
the admin view in ``groups.admin_views``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionNoteQuerySet(models.QuerySet):
    def readable_by(self, user):
        """Notes of the groups ``user`` belongs to; every note for editors and admins."""
        from groups.roles import can_read_all_notes

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if can_read_all_notes(user):
            return self
        keys = user.group_memberships.values("group__translation_key")
        return self.filter(group__translation_key__in=keys)


class SessionNote(models.Model):
    group = models.ForeignKey(
        "mentor_groups.MentorGroup",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="session_notes",
    )
    session_date = models.DateField(_("session date"))
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SessionNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("session note")
        verbose_name_plural = _("session notes")
        ordering = ["-session_date", "-created_at"]

    def __str__(self):
        return f"{self.group.title} – {self.session_date:%Y-%m-%d}"
