"""Admin form for library pages: theme and region choices in the page's own language."""

from wagtail.admin.forms import WagtailAdminPageForm


class KnowledgePageForm(WagtailAdminPageForm):
    """Offer only the themes and regions of the page's locale.

    Each theme exists once per language; offering all three copies would let an editor
    tag a Slovenian page with a Hungarian theme by mistake.
    """

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        locale_id = self.instance.locale_id or getattr(parent_page, "locale_id", None)
        if locale_id is None:
            return
        for name in ("themes", "regions"):
            if name in self.fields:
                field = self.fields[name]
                field.queryset = field.queryset.filter(locale_id=locale_id)
