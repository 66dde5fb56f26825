"""People in the programme: a profile per user, and who belongs to which group.

Nothing here is ever shown publicly except a mentor's display name, and only when
the mentor's profile records consent to that.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    display_name = models.CharField(_("display name"), max_length=150)
    institution = models.ForeignKey(
        "knowledge.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        "knowledge.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Language codes, such as hu, sl.")
    )
    public_bio = models.TextField(_("public bio"), blank=True)
    consented_at = models.DateTimeField(
        _("consent recorded at"),
        null=True,
        blank=True,
        help_text=_("Empty means no consent: the name is never shown publicly."),
    )
    consent_scope = models.TextField(
        _("what was consented"),
        blank=True,
        help_text=_("The statement the person agreed to, as it was put to them."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return self.display_name

    @property
    def is_public(self):
        return self.consented_at is not None

    def record_consent(self, statement):
        self.consented_at = timezone.now()
        self.consent_scope = statement

    def clean(self):
        if not isinstance(self.languages, list) or any(
            code not in LANGUAGE_CODES for code in self.languages
        ):
            raise ValidationError(
                {"languages": _("Use a list of these codes: %s") % ", ".join(LANGUAGE_CODES)}
            )


class GroupMembership(models.Model):
    """A user's role in a group. Points to the group's first version, whichever language."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    group = models.ForeignKey(
        "mentor_groups.MentorGroup",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="one_membership_per_group")
        ]

    def __str__(self):
        return f"{self.user} – {self.group} ({self.role})"
