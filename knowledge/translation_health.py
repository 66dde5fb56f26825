"""Where translations need work, per language: the figures of the admin dashboard.

Four lists, each a queryset of library pages so the dashboard can count and link:

- missing: works whose source is in another language and that have no page here;
- outdated: translations whose source was published after the version they
  were made from (see ``outdated``);
- unreviewed: machine translations no editor has approved yet;
- overdue: pages whose review date has passed.

``counts()`` issues a fixed number of queries per language, whatever the amount
of content.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationLog, TranslationSource

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
    """Translations in ``locale`` whose source moved on since they were brought up to date.

    Two kinds of translation, one question: was the source published after the
    version this translation was made from?

    - kept in sync by wagtail-localize (an enabled ``Translation``): its own sync
      state. Outdated when the source was published after its ``TranslationSource``
      was last refreshed ("Sync translated pages"), or refreshed after this
      translation was last saved from it.
    - imported or edited directly: its ``TranslationBasis``, the source
      publication it was last imported or published against. Outdated when the
      source's ``last_published_at`` is later. Without a basis (a draft made in
      code, or a translation wagtail-localize stopped syncing) the translation's
      own last publication stands in.

    Each page is annotated with what the dashboard shows: ``source_page_id``,
    ``source_published``, ``synced``, ``based_on`` (what the source publication
    is compared with), ``basis_revision_id`` and ``translation_source_id``.
    """
    synced = Translation.objects.filter(
        source__object_id=OuterRef("translation_key"),
        target_locale=OuterRef("locale"),
        enabled=True,
    )
    last_saved = (
        TranslationLog.objects.filter(
            source__object_id=OuterRef("translation_key"), locale=OuterRef("locale")
        )
        .values("source__object_id")
        .annotate(at=Max("created_at"))
        .values("at")
    )
    translation_source = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"),
        locale__language_code=OuterRef("original_language"),
    )
    source = Page.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=OuterRef("original_language"),
    )
    return (
        KnowledgePage.objects.filter(locale=locale)
        .exclude(locale__language_code=F("original_language"))
        .annotate(
            synced=Exists(synced),
            last_saved=Subquery(last_saved),
            source_refreshed=Subquery(translation_source.values("last_updated_at")[:1]),
            translation_source_id=Subquery(translation_source.values("pk")[:1]),
            source_page_id=Subquery(source.values("pk")[:1]),
            source_published=Subquery(source.values("last_published_at")[:1]),
            basis_revision_id=F("translation_basis__source_revision_id"),
            based_on=Case(
                When(synced=True, then=F("source_refreshed")),
                default=Coalesce(
                    "translation_basis__source_published_at",
                    "translation_basis__recorded_at",
                    "last_published_at",
                ),
            ),
        )
        .filter(
            Q(
                Q(source_published__gt=F("source_refreshed"))
                | Q(source_refreshed__gt=F("last_saved")),
                synced=True,
                last_saved__isnull=False,
            )
            | Q(synced=False, source_published__gt=F("based_on"))
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
