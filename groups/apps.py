from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    label = "mentor_groups"
    verbose_name = _("Mentor groups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from groups import cache_purge, import_types, note_import, signals  # noqa: F401
        from groups.provenance import provenance_panel
        from groups.two_factor import session  # noqa: F401  (marks sign-ins pending)
        from knowledge.extensions import register_detail_panel

        register_detail_panel(provenance_panel)
        cache_purge.connect()
