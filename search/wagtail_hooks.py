"""Admin registration: promoted results as a snippet, query statistics as a report."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.admin_views import QueryStatisticReportView
from search.models import PromotedResult, QueryStatistic


class PromotedResultViewSet(SnippetViewSet):
    model = PromotedResult
    icon = "pick"
    menu_label = _("Promoted results")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["query", "page", "locale", "sort_order"]
    list_filter = ["locale"]
    search_fields = ["query"]


register_snippet(PromotedResultViewSet)


@hooks.register("register_admin_urls")
def register_query_statistics_urls():
    view = QueryStatisticReportView
    return [
        path("reports/search-queries/", view.as_view(), name="search_query_statistics"),
        path(
            "reports/search-queries/results/",
            view.as_view(results_only=True),
            name="search_query_statistics_results",
        ),
    ]


class QueryStatisticMenuItem(MenuItem):
    def is_shown(self, request):
        return ModelPermissionPolicy(QueryStatistic).user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_query_statistics_menu_item():
    return QueryStatisticMenuItem(
        _("Search queries"),
        reverse("search_query_statistics"),
        name="search-queries",
        icon_name="search",
        order=1300,
    )
