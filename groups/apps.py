from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    label = "mentor_groups"
    verbose_name = _("Mentor groups")
    default_auto_field = "django.db.models.BigAutoField"
