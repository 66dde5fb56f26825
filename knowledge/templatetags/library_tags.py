"""Template tags for languages, navigation and localized taxonomy."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from knowledge.restrictions import unrestricted
from knowledge.site_chrome import site_chrome
from knowledge.taxonomy_cache import regions_of_locale

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@register.filter
def language_name(code):
    """A language named in its own language: Magyar, Slovenščina, English."""
    return LANGUAGE_NAMES.get(code, code)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """One entry per language: where the switcher leads, and whether it is a translation.

    On a page, each language links to that page's translation, or to that language's
    home page when there is none. Elsewhere the same path is kept, with its prefix changed.
    """
    request = context["request"]
    page = context.get("page")
    current = get_language()
    versions = []
    if isinstance(page, Page) and page.pk:
        chrome = site_chrome(request, page)
        translations = {p.locale.language_code: p for p in chrome.translations}
        translations.setdefault(page.locale.language_code, page)
        for code, name in settings.LANGUAGES:
            target = translations.get(code)
            is_translation = target is not None
            if target is None:
                target = chrome.homes.get(code)
            versions.append(
                {
                    "code": code,
                    "name": name,
                    "url": target.get_url(request) if target else f"/{code}/",
                    "is_current": code == current,
                    "is_translation": is_translation,
                }
            )
        return versions
    path = request.get_full_path()
    for code, name in settings.LANGUAGES:
        versions.append(
            {
                "code": code,
                "name": name,
                "url": translate_url(path, code),
                "is_current": code == current,
                "is_translation": True,
            }
        )
    return versions


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The sections of the reader's home page, in the reader's language."""
    chrome = site_chrome(context["request"])
    home = chrome.homes.get(get_language())
    if home is None:
        return {"home": None, "sections": []}
    sections = chrome.menus.get(home.path)
    if sections is None:
        sections = list(unrestricted(home.get_children().live().in_menu()))
    return {"home": home, "sections": sections}


@register.simple_tag
def localized_terms(page):
    """The page's themes and regions, named in the page's language."""
    from knowledge.cards import localized_terms as terms_of

    themes, regions = terms_of(page, page.locale_id)
    return {"themes": themes, "regions": regions}


@register.simple_tag
def active_locale():
    return Locale.get_active()


@register.filter
def is_within(page, section):
    """Whether ``page`` is ``section`` or below it in the tree."""
    return isinstance(page, Page) and page.path.startswith(section.path)


@register.simple_tag(takes_context=True)
def related_cards(context, pages):
    """Cards for pages chosen in a block, in the active language where translated.

    A library page asked for them with its other cards (``knowledge.cards``).
    """
    from knowledge.cards import CardBatch, localized_pages, related_key

    pages = [page for page in pages if page]
    batch = context.get("card_batch")
    if isinstance(batch, CardBatch):
        cards = batch.named(related_key(pages))
        if cards is not None:
            return cards
    return localized_pages(pages, Locale.get_active())


@register.simple_tag(takes_context=True)
def detail_panels(context, page):
    """Panels other apps add to a library page (see ``knowledge.extensions``)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from knowledge.cards import CardBatch
    from knowledge.extensions import detail_panels as registered_panels

    request = context.get("request")
    panels = context.get("detail_panels")
    if panels is None:
        batch = CardBatch(page.locale)
        panels = list(registered_panels(page, request, batch))
        batch.load()
    # Safe: each panel is rendered from an autoescaped template.
    return mark_safe(
        "".join(
            render_to_string(template_name, panel_context, request=request)
            for template_name, panel_context in panels
        )
    )


@register.simple_tag(takes_context=True)
def original_version(context, page):
    """The live, public page in the page's original language, if this is a translation."""
    if not page.original_language or page.original_language == page.locale.language_code:
        return None
    request = context.get("request")
    if request is None:
        return (
            page.get_translations()
            .live()
            .public()
            .filter(locale__language_code=page.original_language)
            .first()
        )
    translations = site_chrome(request, page).translations
    return next(
        (
            translation
            for translation in translations
            if translation.pk != page.pk
            and translation.locale.language_code == page.original_language
        ),
        None,
    )


@register.inclusion_tag("includes/reader_feedback.html", takes_context=True)
def reader_feedback(context, page):
    """Approved counts and the feedback form of a method or package page."""
    from django.urls import reverse

    from knowledge.feedback import OUTCOMES, form_stamp
    from knowledge.models import ReaderFeedback

    request = context.get("request")
    outcome = request.GET.get("feedback") if request else None
    return {
        "page": page,
        "counts": ReaderFeedback.objects.for_work(page).counts(),
        "regions": regions_of_locale(page.locale_id),
        "stamp": form_stamp(page),
        "action": reverse("reader_feedback", args=[page.pk]),
        "message": OUTCOMES.get(outcome) if isinstance(outcome, str) else None,
        "thanked": outcome == "thanks",
    }
