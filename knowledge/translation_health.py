"""Where translations need work, per language: the figures of the admin dashboard.

Four lists, each a queryset of library pages so the dashboard can count and link:

- missing: works whose source is in another language and that have no page here;
- outdated: wagtail-localize translations whose source changed after the last sync
  (the source was published after its ``TranslationSource`` was refreshed, or the
  source was refreshed after this translation was last saved);
- unreviewed: machine translations no editor has approved yet;
- overdue: pages whose review date has passed.

Translations made outside wagtail-localize (imports) have no sync state, so they are
never counted as outdated. ``counts()`` issues a fixed number of queries per
language, whatever the amount of content.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationLog, TranslationSource

from knowledge.models import KnowledgePage

KINDS = {
    "missing": _("Missing translations"),
    "outdated": _("Outdated against the source"),
    "unreviewed": _("Machine translations not reviewed"),
    "overdue": _("Past their review date"),
}


def missing(locale):
    """Source pages in other languages with no page at all in ``locale``."""
    return (
        KnowledgePage.objects.live()
        .filter(locale__language_code=F("original_language"))
        .exclude(locale=locale)
        .exclude(
            Exists(Page.objects.filter(locale=locale, translation_key=OuterRef("translation_key")))
        )
    )


def outdated(locale):
    """Translations in ``locale`` whose source moved on since they were last synced."""
    last_saved = (
        TranslationLog.objects.filter(
            source__object_id=OuterRef("translation_key"), locale=OuterRef("locale")
        )
        .values("source__object_id")
        .annotate(at=Max("created_at"))
        .values("at")
    )
    source_refreshed = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"),
        locale__language_code=OuterRef("original_language"),
    ).values("last_updated_at")[:1]
    source_published = Page.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=OuterRef("original_language"),
    ).values("last_published_at")[:1]
    return (
        KnowledgePage.objects.filter(locale=locale)
        .exclude(locale__language_code=F("original_language"))
        .annotate(
            last_saved=Subquery(last_saved),
            source_refreshed=Subquery(source_refreshed),
            source_published=Subquery(source_published),
        )
        .filter(last_saved__isnull=False)
        .filter(
            Q(source_published__gt=F("source_refreshed")) | Q(source_refreshed__gt=F("last_saved"))
        )
    )


def unreviewed(locale):
    return KnowledgePage.objects.filter(locale=locale, machine_translated=True)


def overdue(locale, today=None):
    today = today or timezone.localdate()
    return KnowledgePage.objects.filter(locale=locale, review_date__lt=today)


LISTS = {"missing": missing, "outdated": outdated, "unreviewed": unreviewed, "overdue": overdue}


@dataclass
class LocaleHealth:
    locale: Locale
    missing: int = 0
    outdated: int = 0
    unreviewed: int = 0
    overdue: int = 0

    @property
    def total(self):
        return self.missing + self.outdated + self.unreviewed + self.overdue

    def figures(self):
        return [(kind, label, getattr(self, kind)) for kind, label in KINDS.items()]


def counts(today=None):
    """One ``LocaleHealth`` per language, in the order of ``settings.LANGUAGES``."""
    today = today or timezone.localdate()
    order = [code for code, _name in settings.LANGUAGES]
    locales = sorted(
        Locale.objects.all(),
        key=lambda locale: (
            order.index(locale.language_code) if locale.language_code in order else len(order)
        ),
    )
    flags = {
        row["locale_id"]: row
        for row in KnowledgePage.objects.order_by()
        .values("locale_id")
        .annotate(
            unreviewed=Count("pk", filter=Q(machine_translated=True)),
            overdue=Count("pk", filter=Q(review_date__lt=today)),
        )
    }
    health = []
    for locale in locales:
        row = flags.get(locale.pk, {})
        health.append(
            LocaleHealth(
                locale=locale,
                missing=missing(locale).count(),
                outdated=outdated(locale).count(),
                unreviewed=row.get("unreviewed", 0),
                overdue=row.get("overdue", 0),
            )
        )
    return health
