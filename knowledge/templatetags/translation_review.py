"""Template tags of the translation review (the translation editor's header actions)."""

from django import template

from knowledge.translation_editor import header_actions

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_editor_actions(context, instance):
    return header_actions(context["request"], instance)
