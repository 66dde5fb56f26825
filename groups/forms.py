"""Admin forms: choices in the page's own language.

A practice listed twice in one rubric is refused by the rubric formset itself,
from the model's unique constraint, so no check of that is needed here.
"""

from knowledge.forms import KnowledgePageForm


class SameLanguageChoicesForm(KnowledgePageForm):
    """Limit more choice fields than themes and regions to the page's language."""

    same_language_fields = ()

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        locale_id = self.instance.locale_id or getattr(parent_page, "locale_id", None)
        if locale_id is None:
            return
        for name in self.same_language_fields:
            if name in self.fields:
                field = self.fields[name]
                field.queryset = field.queryset.filter(locale_id=locale_id)


class MentorGroupForm(SameLanguageChoicesForm):
    same_language_fields = ("region",)


class WriteUpForm(SameLanguageChoicesForm):
    same_language_fields = ("methods_used", "outputs", "venue_institution")
