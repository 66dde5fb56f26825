"""What editors curate for search, what search counts about itself, and the text it
matches on PostgreSQL."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from search.analysis import fold, words

MAX_STORED_QUERY = 200


def normalise_query(query):
    """One spelling per query: words only, lowercase, accents folded, single spaces."""
    return " ".join(fold(word) for word in words(query))[:MAX_STORED_QUERY]


class PromotedResult(models.Model):
    """A page editors pin to the top of the results for one query in one language.

    The language is the page's own: a pinned Hungarian page shows on Hungarian
    searches. It is shown only to readers who may read it (see ``search.promotions``).
    """

    query = models.CharField(
        _("query"),
        max_length=MAX_STORED_QUERY,
        help_text=_("The search text the page is shown first for. Case and accents do not matter."),
    )
    page = models.ForeignKey(
        "knowledge.KnowledgePage",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale", verbose_name=_("language"), on_delete=models.CASCADE, editable=False
    )
    sort_order = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers are shown first.")
    )

    panels = [FieldPanel("query"), FieldPanel("page"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("promoted result")
        verbose_name_plural = _("promoted results")
        ordering = ["query", "locale", "sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["query", "locale", "page"], name="unique_promoted_result"
            )
        ]

    def __str__(self):
        return f"{self.query} → {self.page}"

    def save(self, *args, **kwargs):
        self.query = normalise_query(self.query)
        self.locale_id = self.page.locale_id
        super().save(*args, **kwargs)

    def clean(self):
        self.query = normalise_query(self.query or "")
        if not self.query:
            raise ValidationError({"query": _("Enter words to search for.")})
        if self.page_id:
            self.locale_id = self.page.locale_id
            duplicate = PromotedResult.objects.filter(
                query=self.query, locale_id=self.locale_id, page_id=self.page_id
            ).exclude(pk=self.pk)
            if duplicate.exists():
                raise ValidationError({"page": _("This page is already promoted for this search.")})


class QueryStatistic(models.Model):
    """How often a query was searched in a language, and how often it found nothing.

    Deliberately anonymous: no IP address, user, session, time of day or filters
    are stored; only the normalised words, the language and two counters.
    """

    query = models.CharField(_("query"), max_length=MAX_STORED_QUERY)
    language = models.CharField(_("language"), max_length=8)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches without results"), default=0)
    last_searched = models.DateField(_("last searched"), default=timezone.localdate)

    class Meta:
        verbose_name = _("search query statistic")
        verbose_name_plural = _("search query statistics")
        constraints = [
            models.UniqueConstraint(fields=["query", "language"], name="unique_query_statistic")
        ]

    def __str__(self):
        return f"{self.query} ({self.language})"

    @classmethod
    def record(cls, query, language, found):
        """Count one search; safe when two requests count the same query at once."""
        normalised = normalise_query(query)
        if not normalised:
            return
        changes = {
            "searches": F("searches") + 1,
            "zero_results": F("zero_results") + (0 if found else 1),
            "last_searched": timezone.localdate(),
        }
        rows = cls.objects.filter(query=normalised, language=language)
        if rows.update(**changes):
            return
        try:
            with transaction.atomic():
                cls.objects.create(
                    query=normalised, language=language, searches=1, zero_results=0 if found else 1
                )
        except IntegrityError:
            rows.update(**changes)


class PageDocument(models.Model):
    """A library page's search text, kept beside Wagtail's index on PostgreSQL.

    Wagtail's index keys every entry by content type and a text object id and knows
    nothing of languages, so a search in one language joined its matches to every
    page of the language by a text key, and ranked the title and the body apart for
    each synonym variant. Here the language, liveness, work and type are plain
    indexed columns next to one weighted vector (title and body as Wagtail weighs
    them), so a search reads this table alone. Rows are copied from Wagtail's index
    entries whenever the backend indexes a page (``search.backends.postgres``);
    who may read a page is still decided from the pages themselves
    (``search.access``), so a row that lags behind can hide a page but never show
    one. Unused on SQLite, whose full-text table answers as before.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    translation_key = models.UUIDField()
    live = models.BooleanField()
    document = SearchVectorField()
    autocomplete = SearchVectorField()

    class Meta:
        # The text indexes are PostgreSQL's (GIN); see migration 0004.
        default_permissions = ()

    def __str__(self):
        return f"search document of page {self.page_id}"
