"""A read-only panel in the write-up editor: the consents recorded for what it carries over.

Read-only on purpose: a consent record is evidence of what someone agreed to, so
the editor reviewing a write-up sees it but does not rewrite it in passing.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class ConsentRecordsPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Consent for names, quotes and photos"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "groups/admin/consent_records_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.records = []
            if self.instance is not None and self.instance.pk:
                self.records = list(
                    self.instance.consent_records.select_related("recorded_by").order_by("pk")
                )

        def is_shown(self):
            return bool(self.records)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["records"] = self.records
            context["missing"] = [record for record in self.records if not record.consent_given]
            return context
