"""The editors' report of what readers search for (anonymous counts only)."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from search.models import QueryStatistic


def _language_choices():
    return [*settings.LANGUAGES, ("all", _("All languages"))]


class QueryStatisticFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(label=_("Language"), choices=_language_choices)
    without_results = django_filters.BooleanFilter(
        label=_("Only searches that found nothing"), method="filter_without_results"
    )

    class Meta:
        model = QueryStatistic
        fields = ["language"]

    def filter_without_results(self, queryset, name, value):
        return queryset.filter(zero_results__gt=0) if value else queryset


class QueryStatisticReportView(ReportView):
    """Most searched queries first; a filter shows the ones that found nothing."""

    model = QueryStatistic
    permission_policy = ModelPermissionPolicy(QueryStatistic)
    permission_required = "view"
    page_title = _("Search queries")
    header_icon = "search"
    index_url_name = "search_query_statistics"
    index_results_url_name = "search_query_statistics_results"
    filterset_class = QueryStatisticFilterSet
    columns = [
        Column("query", label=_("Query")),
        Column("language", label=_("Language")),
        Column("searches", label=_("Searches")),
        Column("zero_results", label=_("Searches without results")),
        Column("last_searched", label=_("Last searched")),
    ]
    list_export = ["query", "language", "searches", "zero_results", "last_searched"]
    export_filename = "search-queries"

    def get_queryset(self):
        return QueryStatistic.objects.order_by("-searches", "query")
