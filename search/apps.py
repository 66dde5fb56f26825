from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from config.page_cache import register_hit_action
        from knowledge.extensions import register_index_analysis
        from search import cache_purge, signals
        from search.indexing import LanguageAnalysis, uses_database_backend
        from search.models import QueryStatistic

        signals.connect()
        cache_purge.connect()
        # A cached results page still counts its search (query statistics).
        register_hit_action("search.count_query", QueryStatistic.record)

        if uses_database_backend():
            register_index_analysis(LanguageAnalysis())
