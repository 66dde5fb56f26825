"""Template tags for languages, navigation and localized taxonomy."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from knowledge.restrictions import unrestricted
from knowledge.taxonomy_cache import regions_in, themes_in

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@register.filter
def language_name(code):
    """A language named in its own language: Magyar, Slovenščina, English."""
    return LANGUAGE_NAMES.get(code, code)


def _site_homes(request):
    site = Site.find_for_request(request)
    if site is None:
        return {}
    homes = site.root_page.get_translations(inclusive=True).live().select_related("locale")
    return {home.locale.language_code: home for home in homes}


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
        readable = unrestricted(page.get_translations(inclusive=True).live())
        translations = {p.locale.language_code: p for p in readable.select_related("locale")}
        translations.setdefault(page.locale.language_code, page)
        homes = None
        for code, name in settings.LANGUAGES:
            target = translations.get(code)
            is_translation = target is not None
            if target is None:
                homes = homes if homes is not None else _site_homes(request)
                target = homes.get(code)
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
    request = context["request"]
    homes = _site_homes(request)
    home = homes.get(get_language())
    if home is None:
        return {"home": None, "sections": []}
    sections = unrestricted(home.get_children().live().in_menu()).specific()
    return {"home": home, "sections": list(sections)}


@register.simple_tag
def localized_terms(page):
    """The page's themes and regions, named in the page's language."""
    locale_id = page.locale_id
    theme_terms = themes_in(locale_id)
    region_terms = regions_in(locale_id)
    themes = sorted(
        (theme_terms[t.slug] for t in page.themes.all() if t.slug in theme_terms),
        key=lambda term: term.name,
    )
    regions = [region_terms[r.slug] for r in page.regions.all() if r.slug in region_terms]
    return {"themes": themes, "regions": regions}


@register.simple_tag
def active_locale():
    return Locale.get_active()


@register.filter
def is_within(page, section):
    """Whether ``page`` is ``section`` or below it in the tree."""
    return isinstance(page, Page) and page.path.startswith(section.path)


@register.simple_tag
def related_cards(pages):
    """Cards for pages chosen in a block, in the active language where translated."""
    from knowledge.listing import localized_pages

    return localized_pages([page for page in pages if page], Locale.get_active())


@register.simple_tag(takes_context=True)
def detail_panels(context, page):
    """Panels other apps add to a library page (see ``knowledge.extensions``)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from knowledge.extensions import detail_panels as registered_panels

    request = context.get("request")
    # Safe: each panel is rendered from an autoescaped template.
    return mark_safe(
        "".join(
            render_to_string(template_name, panel_context, request=request)
            for template_name, panel_context in registered_panels(page, request)
        )
    )


@register.simple_tag
def original_version(page):
    """The live, public page in the page's original language, if this is a translation."""
    if not page.original_language or page.original_language == page.locale.language_code:
        return None
    return (
        page.get_translations()
        .live()
        .public()
        .filter(locale__language_code=page.original_language)
        .first()
    )


@register.inclusion_tag("includes/reader_feedback.html", takes_context=True)
def reader_feedback(context, page):
    """Approved counts and the feedback form of a method or package page."""
    from django.urls import reverse

    from knowledge.feedback import OUTCOMES, form_stamp
    from knowledge.models import ReaderFeedback, Region

    request = context.get("request")
    outcome = request.GET.get("feedback") if request else None
    return {
        "page": page,
        "counts": ReaderFeedback.objects.for_work(page).counts(),
        "regions": Region.objects.filter(locale_id=page.locale_id).order_by("name"),
        "stamp": form_stamp(page),
        "action": reverse("reader_feedback", args=[page.pk]),
        "message": OUTCOMES.get(outcome) if isinstance(outcome, str) else None,
        "thanked": outcome == "thanks",
    }
