"""The search page and the suggest endpoint.

Odd input answers 400 with a translated message (too long, NUL, unknown filter or
language), 414 for an oversized query string, 404 for a bad page number; never
500. Results pages are ``noindex``.
"""

import logging
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from config.page_cache import repeat_on_hit
from knowledge.listing import LibraryFilter, make_cards, with_card_data
from knowledge.locales import active_language_code
from knowledge.models import KnowledgePage
from knowledge.taxonomy_cache import regions_in, themes_in
from search import engine
from search.access import searchable_pages
from search.analysis import fold
from search.backend_queries import completions
from search.highlight import highlight
from search.models import QueryStatistic

MAX_QUERY_LENGTH = 200
MAX_QUERY_STRING = 4000
PAGE_SIZE = 12
SUGGESTIONS = 8

logger = logging.getLogger("search")


class BadSearch(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def read_query(request):
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        raise BadSearch(_("The search address is too long."), status=414)
    query = request.GET.get("q", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise BadSearch(
            _("The search text is too long: use at most %(limit)d characters.")
            % {"limit": MAX_QUERY_LENGTH}
        )
    if "\x00" in query:
        raise BadSearch(_("The search text contains characters that cannot be searched."))
    return query


def read_language(request, reader_language):
    choice = request.GET.get("lang", "") or reader_language
    if choice != "all" and choice not in engine.LANGUAGE_CODES:
        raise BadSearch(_("Unknown language choice."))
    return choice


def _page_number(value):
    number = value or "1"
    if not (number.isdigit() and len(number) <= 6):
        raise Http404(_("There is no such page."))
    return int(number)


def search(request):
    reader_language = get_language()
    context = {"query": "", "page_obj": None, "language_choice": reader_language}
    try:
        query = read_query(request)
        context["query"] = query
        language_choice = read_language(request, reader_language)
        context["language_choice"] = language_choice
        locales = engine.content_locales()
        locale = _active_locale(locales)
        filters = LibraryFilter.from_query(request.GET, locale)
        if filters is None:
            raise BadSearch(_("Unknown filter value."))
    except BadSearch as error:
        context["error"] = error.message
        return _render(request, context, status=error.status)
    number = _page_number(request.GET.get("page"))
    if query:
        try:
            outcome = engine.run(
                query, request.user, reader_language, language_choice, filters, locales=locales
            )
        except Exception:
            # The search backend is down: say so, log it, and keep the page usable.
            logger.exception("Search backend failed for a query")
            context["error"] = _(
                "Search is temporarily unavailable. Please try again later, "
                "or browse the library by theme and region."
            )
            response = _render(request, context, status=503)
            response["Retry-After"] = "60"
            return response
        if number == 1 and not filters.is_active:
            QueryStatistic.record(query, language_choice, found=bool(outcome.hits))
            repeat_on_hit(request, "search.count_query", query, language_choice, bool(outcome.hits))
        try:
            page_obj = Paginator(outcome.hits, PAGE_SIZE).page(number)
        except InvalidPage as error:
            raise Http404(_("There is no such page.")) from error
        page_obj.results = _results(request, page_obj.object_list, outcome, query, locale)
        context.update(
            page_obj=page_obj,
            facets=_facets(outcome.facets, filters, locale, query, language_choice),
            base_query=_querystring(query, language_choice, filters),
        )
    elif number != 1:
        raise Http404(_("There is no such page."))
    return _render(request, context)


def _active_locale(locales):
    """``Locale.get_active()``, found among ``locales`` (read once for the whole search)."""
    code = active_language_code()
    found = next((locale for locale in locales if locale.language_code == code), None)
    return found or Locale.get_active()


def _render(request, context, status=200):
    response = render(request, "search/search.html", context, status=status)
    if context.get("query"):
        # Result pages are endless and thin; the empty search page itself may be indexed.
        response["X-Robots-Tag"] = "noindex"
    return response


def _querystring(query, language_choice, filters, **changes):
    pairs = [("q", query)]
    if language_choice != get_language():
        pairs.append(("lang", language_choice))
    themes = changes.get("themes", filters.themes)
    regions = changes.get("regions", filters.regions)
    types = changes.get("types", filters.types)
    pairs += [("theme", s) for s in themes] + [("region", s) for s in regions]
    pairs += [("type", s) for s in types]
    if "lang" in changes:
        pairs = [pair for pair in pairs if pair[0] != "lang"]
        if changes["lang"] != get_language():
            pairs.insert(1, ("lang", changes["lang"]))
    return urlencode(pairs)


def _toggle(values, value):
    return [v for v in values if v != value] if value in values else [*values, value]


def _facets(counts, filters, locale, query, language_choice):
    """Facet options with counts and the link that toggles each one."""

    def option(kind, value, label, count, selected, depth=0):
        changes = {kind: _toggle(getattr(filters, kind), value)}
        return {
            "value": value,
            "label": label,
            "count": count,
            "selected": selected,
            "depth": depth,
            "querystring": _querystring(query, language_choice, filters, **changes),
        }

    themes = [
        option(
            "themes", term.slug, term.name, counts["theme"][term.slug], term.slug in filters.themes
        )
        for term in sorted(themes_in(locale.pk).values(), key=lambda term: term.name)
        if counts["theme"][term.slug] or term.slug in filters.themes
    ]
    regions = [
        option(
            "regions",
            term.slug,
            term.name,
            counts["region"][term.slug],
            term.slug in filters.regions,
            depth=term.depth,
        )
        for term in regions_in(locale.pk).values()
        if counts["region"][term.slug] or term.slug in filters.regions
    ]
    types = [
        option("types", code, model.listing_type_label, counts["type"][code], code in filters.types)
        for code, model in KnowledgePage.listing_types.items()
        if counts["type"][code] or code in filters.types
    ]
    languages = [
        {
            "value": code,
            "label": code,
            "count": counts["language"][code],
            "selected": language_choice == code,
            "querystring": _querystring(query, language_choice, filters, lang=code),
        }
        for code in engine.LANGUAGE_CODES
    ]
    all_languages = {
        "selected": language_choice == "all",
        "querystring": _querystring(query, language_choice, filters, lang="all"),
    }
    return {
        "themes": themes,
        "regions": regions,
        "types": types,
        "languages": languages,
        "all_languages": all_languages,
    }


def _results(request, hits, outcome, query, locale):
    """Cards for one page of hits, with a highlighted snippet and the other translations."""
    by_pk = with_card_data(KnowledgePage.objects.filter(pk__in=[hit.pk for hit in hits])).in_bulk()
    pages = [by_pk[hit.pk] for hit in hits if hit.pk in by_pk]
    promoted = {hit.pk for hit in hits if hit.promoted}
    versions = outcome.translations({page.translation_key for page in pages})
    results = []
    for card in make_cards(pages, locale, with_images=False):  # results show no pictures
        language = card.language
        tokens = engine.snippet_tokens(query, language)
        also_in = [
            {"language": version.locale.language_code, "url": version.get_url(request)}
            for version in versions.get(card.page.translation_key, [])
            if version.pk != card.page.pk
        ]
        results.append(
            {
                "card": card,
                "snippet": highlight(card.summary, tokens, language),
                "also_in": sorted(also_in, key=lambda item: item["language"]),
                "promoted": card.page.pk in promoted,
            }
        )
    return results


def suggest(request):
    """Titles that start like the typed words, public and live, in the path's language."""
    try:
        query = read_query(request)
    except BadSearch as error:
        return JsonResponse({"error": error.message, "results": []}, status=error.status)
    folded = " ".join(fold(query).split())
    if not folded or not any(char.isalnum() for char in folded):
        return JsonResponse({"results": []})
    words = "".join(char if char.isalnum() else " " for char in folded).split()
    locale = Locale.get_active()
    pages = completions(searchable_pages(AnonymousUser()), words, locale, SUGGESTIONS)
    codes = engine.type_codes()
    results = [
        {
            "title": page.title,
            "url": page.get_url(request),
            "type": codes.get(page.content_type_id, ""),
            "locale": locale.language_code,
        }
        for page in pages
    ]
    return JsonResponse({"results": results})
