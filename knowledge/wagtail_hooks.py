"""Admin registration: the taxonomy as snippets, grouped under one menu item."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from knowledge.models import Institution, Region, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug", "parent", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "slug", "level", "parent", "locale"]
    list_filter = ["locale", "level"]
    search_fields = ["name"]


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "home"
    list_display = ["name", "kind", "settlement", "locale"]
    list_filter = ["locale", "kind"]
    search_fields = ["name"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ThemeViewSet, RegionViewSet, InstitutionViewSet)


register_snippet(TaxonomyGroup)
