from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from knowledge import cache_purge, import_types, rich_text_safety, signals  # noqa: F401

        cache_purge.connect()
