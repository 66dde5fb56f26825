"""Running a search: matching per language, one result per work, filters and facets.

The query is analysed once per language and matched against that language's pages
only (their index text was analysed the same way), so a Hungarian query word
meets Hungarian inflections and an English one English inflections. Matches of
every language are fetched at once: the language facet counts them, and
``lang=all`` folds the translations of one work into a single result, shown in
the reader's language when that translation may be read, otherwise in its source
language.

Only the languages shown are ranked. The others' matches are only counted, for the
language facet: unranked, the database may stop at ``MAX_MATCHES`` instead of ranking
every match of a common word, and their themes and regions are read only when filters
are set.

Filters and facet counts are computed in Python over the matches (at most
``MAX_MATCHES`` per language), with a fixed number of queries: values of one
filter combine with OR, different filters with AND, and each facet counts what
the other filters leave (so a reader sees how many results a choice would give).
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, Value
from wagtail.models import Locale

from knowledge.models import KnowledgePage
from knowledge.value_lists import AnyOf
from search.access import searchable_pages
from search.analysis import analyser_for
from search.backend_queries import matches_by_language
from search.promotions import promoted_pages

MAX_MATCHES = 500
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@dataclass
class Hit:
    """One page a search may show, with what the filters and facets need."""

    pk: int
    translation_key: object
    language: str
    type_code: str
    score: float
    promoted: bool = False
    themes: set = field(default_factory=set)
    regions: set = field(default_factory=set)  # slugs of its regions and their ancestors


@dataclass
class Outcome:
    hits: list  # the results to show, best first
    facets: dict  # {"theme": Counter, "region": Counter, "type": Counter, "language": Counter}
    readable: object = None  # the pages the reader may see (lang=all: for "also in" links)

    def translations(self, keys):
        """translation_key -> readable translations of those works, when the search
        folded works (``lang=all``); read for one page of results only."""
        if self.readable is None:
            return {}
        versions = {}
        pages = (
            self.readable.filter(translation_key__in=keys)
            .select_related("locale")
            .only("pk", "translation_key", "locale", "content_type", "url_path")
        )
        for page in pages:
            versions.setdefault(page.translation_key, []).append(page)
        return versions


class Version(NamedTuple):
    """A readable translation of a matched work, as far as choosing one needs."""

    pk: int
    translation_key: object
    language: str
    original_language: str
    content_type_id: int


def type_codes():
    return {
        ContentType.objects.get_for_model(model).pk: code
        for code, model in KnowledgePage.listing_types.items()
    }


def _match(pages, query, languages_by_id, ranked_languages):
    """Hits in every language, each language matched with its own analysis; the
    languages in ``ranked_languages`` ranked, the others in no particular order."""
    codes = type_codes()
    ranked_languages = set(ranked_languages)
    found = matches_by_language(pages, query, languages_by_id, MAX_MATCHES, ranked_languages)
    hits = []
    for language, language_matches in found.items():
        # The backend's order is its relevance; raw scores differ in scale and sign
        # between backends (SQLite's bm25 is negative, lower is better), so each
        # language's results are ranked by position and languages interleave.
        ranked = language in ranked_languages
        for position, match in enumerate(language_matches):
            hits.append(
                Hit(
                    pk=match.pk,
                    translation_key=match.translation_key,
                    language=language,
                    type_code=codes.get(match.content_type_id, ""),
                    score=1.0 / (1 + position) if ranked else 0.0,
                )
            )
    hits.sort(key=lambda hit: -hit.score)
    return hits


def _one_per_work(hits, pages, reader_language):
    """Each work once: the reader's language if readable, else its source, else best match."""
    keys = {hit.translation_key for hit in hits}
    versions = {}
    readable = pages.filter(AnyOf("translation_key", keys)).values_list(
        "pk", "translation_key", "locale__language_code", "original_language", "content_type_id"
    )
    for row in readable:
        version = Version(*row)
        versions.setdefault(version.translation_key, []).append(version)
    codes = type_codes()
    chosen, seen = [], set()
    for hit in hits:
        if hit.translation_key in seen:
            continue
        seen.add(hit.translation_key)
        candidates = versions.get(hit.translation_key, [])
        pick = next((v for v in candidates if v.language == reader_language), None)
        if pick is None:
            pick = next((v for v in candidates if v.language == v.original_language), None)
        if pick is None or pick.pk == hit.pk:
            chosen.append(hit)
            continue
        chosen.append(
            Hit(
                pk=pick.pk,
                translation_key=hit.translation_key,
                language=pick.language,
                type_code=codes.get(pick.content_type_id, ""),
                score=hit.score,
            )
        )
    return chosen


def _classify(hits):
    """Theme slugs and region slugs (with every ancestor) of each hit, in one query."""
    by_pk = {hit.pk: hit for hit in hits}
    kind = CharField()
    themes = (
        KnowledgePage.themes.through.objects.filter(AnyOf("knowledgepage_id", by_pk))
        .annotate(kind=Value("theme", output_field=kind), value=F("theme__slug"))
        .values_list("knowledgepage_id", "kind", "value")
    )
    regions = (
        KnowledgePage.regions.through.objects.filter(AnyOf("knowledgepage_id", by_pk))
        .annotate(kind=Value("region", output_field=kind), value=F("region__path"))
        .values_list("knowledgepage_id", "kind", "value")
    )
    for page_id, term_kind, value in themes.union(regions, all=True):
        if term_kind == "theme":
            by_pk[page_id].themes.add(value)
        else:
            by_pk[page_id].regions.update(value.split("/"))


def _passes(hit, filters, skip=None):
    if skip != "theme" and filters.themes and not hit.themes & set(filters.themes):
        return False
    if skip != "region" and filters.regions and not hit.regions & set(filters.regions):
        return False
    return skip == "type" or not filters.types or hit.type_code in filters.types


def _with_promotions(in_scope, query, pages, language_choice, reader_language):
    """Pinned pages first (each work once), then the other results in their order."""
    language = reader_language if language_choice == "all" else language_choice
    codes = type_codes()
    promoted = [
        Hit(
            pk=page.pk,
            translation_key=page.translation_key,
            language=language,
            type_code=codes.get(page.content_type_id, ""),
            score=float("inf"),
            promoted=True,
        )
        for page in promoted_pages(query, language, pages)
    ]
    if not promoted:
        return in_scope
    pinned_works = {hit.translation_key for hit in promoted}
    return promoted + [hit for hit in in_scope if hit.translation_key not in pinned_works]


def content_locales():
    """The locales of the site's languages."""
    return list(Locale.objects.filter(language_code__in=LANGUAGE_CODES))


def run(query, user, reader_language, language_choice, filters, locales=None):
    """Search ``query`` for ``user``; ``language_choice`` is a language code or ``"all"``.

    ``locales`` are ``content_locales()``, when the caller has them already.
    """
    pages = searchable_pages(user)
    if locales is None:
        locales = content_locales()
    languages_by_id = {locale.pk: locale.language_code for locale in locales}
    ranked_languages = LANGUAGE_CODES if language_choice == "all" else [language_choice]
    hits = _match(pages, query, languages_by_id, ranked_languages)
    if language_choice == "all":
        in_scope = _one_per_work(hits, pages, reader_language)
    else:
        in_scope = [hit for hit in hits if hit.language == language_choice]
    in_scope = _with_promotions(in_scope, query, pages, language_choice, reader_language)
    every_hit = {hit.pk: hit for hit in hits + in_scope}
    if filters.is_active:
        _classify(list(every_hit.values()))
    else:  # other languages are only counted, and nothing filters them
        _classify([every_hit[hit.pk] for hit in in_scope])
    in_scope = [every_hit[hit.pk] for hit in in_scope]
    hits = [every_hit[hit.pk] for hit in hits]

    facets = {
        "theme": Counter(s for h in in_scope if _passes(h, filters, "theme") for s in h.themes),
        "region": Counter(s for h in in_scope if _passes(h, filters, "region") for s in h.regions),
        "type": Counter(h.type_code for h in in_scope if _passes(h, filters, "type")),
        "language": Counter(h.language for h in hits if _passes(h, filters)),
    }
    shown = [hit for hit in in_scope if _passes(hit, filters)]
    readable = pages if language_choice == "all" else None
    return Outcome(hits=shown, facets=facets, readable=readable)


def snippet_tokens(query, language):
    return set(analyser_for(language).query_tokens(query))
