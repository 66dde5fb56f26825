"""The Django groups and media collection that belong to one mentor group.

The collection is private to the group from the start (see ``groups.media_access``).

A group and its translations are one work: the same people may read its
group-only pages and the same mentors may edit it in every language, so access
is keyed on the page's ``translation_key`` rather than on one page.
"""

from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection

NAME_LENGTH = 100


class GroupAccess(models.Model):
    translation_key = models.UUIDField(unique=True, editable=False)
    members_group = models.OneToOneField(
        Group,
        verbose_name=_("readers' group"),
        on_delete=models.CASCADE,
        related_name="mentor_group_readers",
        help_text=_("Mentors and members: may read the group's group-only pages."),
    )
    mentors_group = models.OneToOneField(
        Group,
        verbose_name=_("mentors' group"),
        on_delete=models.CASCADE,
        related_name="mentor_group_mentors",
        help_text=_("May add and change pages in the group's subtree, not publish them."),
    )
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("collection"),
        on_delete=models.CASCADE,
        related_name="mentor_group_access",
    )

    class Meta:
        verbose_name = _("group access")
        verbose_name_plural = _("group access")

    def __str__(self):
        return self.members_group.name

    @classmethod
    def for_group(cls, page):
        """The access of ``page``'s group, created (with its groups and its private
        collection) the first time."""
        from groups.media_access import restrict_to_group

        existing = cls.objects.filter(translation_key=page.translation_key).first()
        if existing is not None:
            return existing
        label = f"{page.title[:NAME_LENGTH]} ({page.pk})"
        with transaction.atomic():
            members, _created = Group.objects.get_or_create(name=f"Mentor group: {label}")
            mentors, _created = Group.objects.get_or_create(name=f"Mentors: {label}")
            collection = Collection.objects.filter(name=f"Mentor group: {label}").first()
            if collection is None:
                collection = Collection.get_first_root_node().add_child(
                    name=f"Mentor group: {label}"
                )
            access, _created = cls.objects.get_or_create(
                translation_key=page.translation_key,
                defaults={
                    "members_group": members,
                    "mentors_group": mentors,
                    "collection": collection,
                },
            )
            restrict_to_group(access)
        return access
