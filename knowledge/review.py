"""Review dates: every method and package is checked by an editor now and then.

A method or package saved without a review date is due ``REVIEW_INTERVAL_DAYS``
later. An item is overdue when its review date has passed, whether it is live or
a draft (a draft that nobody looks at is worth a reminder too).

Whose item is it? Its owner's, when the owner is an editor (a member of one of
``REVIEW_EDITOR_GROUPS``, or a superuser) with an e-mail address; otherwise
nobody's in particular, and every editor is reminded of it.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from knowledge.models import KnowledgePage, MethodologyArticle, ProgrammePackage

REVIEWED_MODELS = (MethodologyArticle, ProgrammePackage)


def default_review_date(today=None):
    today = today or timezone.localdate()
    return today + datetime.timedelta(days=settings.REVIEW_INTERVAL_DAYS)


def overdue_items(today=None):
    """Methods and packages whose review date has passed, oldest first."""
    today = today or timezone.localdate()
    return (
        KnowledgePage.objects.type(*REVIEWED_MODELS)
        .filter(review_date__lt=today)
        .select_related("owner", "locale", "content_type")
        .order_by("review_date", "title")
    )


def editors():
    """Active editors with an e-mail address, who receive reminders."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=settings.REVIEW_EDITOR_GROUPS))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def overdue_by_editor(today=None):
    """``{editor: [items]}``: each editor's own overdue items and every unowned one."""
    recipients = list(editors())
    by_pk = {editor.pk: editor for editor in recipients}
    lists = {editor: [] for editor in recipients}
    for item in overdue_items(today):
        owner = by_pk.get(item.owner_id)
        for editor in [owner] if owner else recipients:
            lists[editor].append(item)
    return {editor: items for editor, items in lists.items() if items}


def is_review_editor(user):
    return user.is_active and (
        user.is_superuser or user.groups.filter(name__in=settings.REVIEW_EDITOR_GROUPS).exists()
    )
