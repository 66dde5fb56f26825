from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from knowledge.extensions import register_index_analysis
        from search import signals
        from search.indexing import LanguageAnalysis, uses_database_backend

        signals.connect()

        if uses_database_backend():
            register_index_analysis(LanguageAnalysis())
