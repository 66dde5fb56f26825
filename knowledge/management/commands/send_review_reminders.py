"""python manage.py send_review_reminders — e-mail each editor their overdue items.

Each editor gets one message, in their admin language, listing the methods and
packages they own whose review date has passed, and every overdue item nobody
among the editors owns (see ``knowledge.review``). ``--dry-run`` only reports.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from knowledge.progress import Progress, stream_of
from knowledge.review import overdue_by_editor


def editor_language(user):
    profile = getattr(user, "wagtail_userprofile", None)
    language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class Command(BaseCommand):
    help = "E-mail every editor the list of their methods and packages overdue for review."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="show who would be reminded; send nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        reminders = overdue_by_editor(today)
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        progress = Progress(stream_of(self), len(reminders), _("Reminding"))
        sent = failed = 0
        for done, (editor, items) in enumerate(reminders.items(), start=1):
            if not dry_run:
                try:
                    self.send(editor, items, today, base_url)
                    sent += 1
                except OSError as error:  # SMTP refused or unreachable: tell, carry on
                    failed += 1
                    self.stderr.write(
                        _("Could not send to %(email)s: %(error)s")
                        % {"email": editor.email, "error": error}
                    )
            progress.update(done, editor.email)
        items_total = len({item.pk for items in reminders.values() for item in items})
        summary = ngettext("%(items)d item overdue; ", "%(items)d items overdue; ", items_total) % {
            "items": items_total
        } + ngettext(
            "%(editors)d editor to remind, %(sent)d sent, %(failed)d failed.",
            "%(editors)d editors to remind, %(sent)d sent, %(failed)d failed.",
            len(reminders),
        ) % {"editors": len(reminders), "sent": sent, "failed": failed}
        self.stdout.write(summary)

    def send(self, editor, items, today, base_url):
        with translation.override(editor_language(editor)):
            rows = [
                {
                    "title": item.title,
                    "language": item.locale.language_code,
                    "review_date": item.review_date,
                    "days": (today - item.review_date).days,
                    "edit_url": base_url + reverse("wagtailadmin_pages:edit", args=[item.pk]),
                }
                for item in items
            ]
            context = {
                "editor": editor,
                "rows": rows,
                "overview_url": base_url + reverse("knowledge_overdue_for_review"),
            }
            subject = ngettext(
                "%(count)d item is overdue for review",
                "%(count)d items are overdue for review",
                len(rows),
            ) % {"count": len(rows)}
            body = render_to_string("knowledge/email/review_reminder.txt", context)
        send_mail(subject, body, None, [editor.email])
