"""The read-only Wagtail API v2 at ``/api/v2/``: public, live content of every language.

Three endpoints (pages, images, documents) built on Wagtail's, with one difference
that matters: what they start from. Wagtail's own base queryset depends on who asks
(a signed-in member passes a members-only restriction) and on the requested site;
here it is ``knowledge.public`` for everyone, so the API is the same public record
whoever calls it, and a restricted page is indistinguishable from a missing one.

The page content served is the live version: Wagtail keeps a newer draft in a
revision, not in the page row the API reads, and no draft field (``draft_title``,
``latest_revision``, ``has_unpublished_changes``) is exposed.

Filters follow the site's listings (see ``knowledge.listing.LibraryFilter``):
``type`` takes the library's type codes (``method``, ``package``, ``bundle``,
``collection``, ``writeup``) or Wagtail's ``app_label.Model`` names; ``theme`` and
``region`` take slugs (a region includes the regions inside it); repeated values of
one filter combine with OR, different filters with AND. Unknown values answer 400.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    OrderingFilter,
    SearchFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents import get_document_model
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page

from knowledge.api_fields import PublicPagesField
from knowledge.extensions import index_analysis
from knowledge.listing import MAX_FILTER_VALUES, LibraryFilter
from knowledge.models import KnowledgePage
from knowledge.public import public_media, public_pages
from knowledge.taxonomy_cache import regions_in, themes_in

MAX_SEARCH_LENGTH = 200
MAX_SEARCH_HITS = 500  # per language


def _values(request, name):
    values = [value for value in request.GET.getlist(name) if value != ""]
    if len(values) > MAX_FILTER_VALUES:
        raise BadRequestError(
            _("Too many values for “%(name)s”: at most %(max)d.")
            % {"name": name, "max": MAX_FILTER_VALUES}
        )
    return list(dict.fromkeys(values))


def _unknown(name, value, allowed):
    return BadRequestError(
        _("Unknown value “%(value)s” for “%(name)s”. Use one of: %(allowed)s.")
        % {"name": name, "value": value[:80], "allowed": ", ".join(sorted(allowed))}
    )


def requested_page_models(request):
    """Page models named by ``?type=``: library codes or ``app_label.Model`` names."""
    models = []
    codes = KnowledgePage.listing_types
    for value in _values(request, "type"):
        if value in codes:
            models.append(codes[value])
            continue
        try:
            models.extend(page_models_from_string(value))
        except (LookupError, ValueError):
            raise _unknown("type", value, codes) from None
    return list(dict.fromkeys(models))


def requested_locale(request):
    code = request.GET.get("locale")
    if code is None:
        return None
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        raise _unknown("locale", code, [code for code, _name in settings.LANGUAGES])
    return locale


def api_foreign_keys(model):
    """Foreign keys that the model's API fields show as they are (pages are fetched apart)."""
    names = []
    for api_field in getattr(model, "api_fields", []):
        try:
            field = model._meta.get_field(api_field.name)
        except FieldDoesNotExist:
            continue
        if field.many_to_one and not isinstance(api_field.serializer, PublicPagesField):
            names.append(api_field.name)
    return names


class PublicLocaleFilter(BaseFilterBackend):
    """``?locale=hu``; an unknown language is a 400, not Wagtail's 404."""

    def filter_queryset(self, request, queryset, view):
        locale = requested_locale(request)
        if locale is None:
            return queryset
        child_of = getattr(queryset, "_filtered_by_child_of", None)
        queryset = queryset.filter(locale=locale)
        if child_of:
            queryset._filtered_by_child_of = child_of
        return queryset


class TaxonomyFilter(BaseFilterBackend):
    """``?theme=`` and ``?region=`` slugs, as on the site's listings."""

    def filter_queryset(self, request, queryset, view):
        themes = _values(request, "theme")
        regions = _values(request, "region")
        if not themes and not regions:
            return queryset
        default_locale = Locale.get_default()
        known_themes = themes_in(default_locale.pk)
        known_regions = regions_in(default_locale.pk)
        for slug in themes:
            if slug not in known_themes:
                raise _unknown("theme", slug, known_themes)
        for slug in regions:
            if slug not in known_regions:
                raise _unknown("region", slug, known_regions)
        library_filter = LibraryFilter(locale=default_locale, themes=themes, regions=regions)
        return library_filter.apply(queryset)


class BoundedSearchFilter(SearchFilter):
    """Wagtail's search, refusing queries too long or odd to be meant."""

    @staticmethod
    def check(query):
        if len(query) > MAX_SEARCH_LENGTH:
            raise BadRequestError(
                _("The search text is too long: use at most %(limit)d characters.")
                % {"limit": MAX_SEARCH_LENGTH}
            )
        if "\x00" in query:
            raise BadRequestError(_("The search text contains characters that cannot be searched."))

    def filter_queryset(self, request, queryset, view):
        query = request.GET.get("search")
        if query is not None:
            self.check(query)
        return super().filter_queryset(request, queryset, view)


class AnalysedPageSearchFilter(BoundedSearchFilter):
    """Page search with each language's own analysis, as the pages were indexed.

    The library's text is indexed analysed per language (``knowledge.extensions``), so
    a raw query would miss inflected words. The query is analysed for each language
    asked for (``?locale=``, or every language) and matched against that language's
    pages only; the hits keep the queryset's order.
    """

    def filter_queryset(self, request, queryset, view):
        query = request.GET.get("search")
        if query is None:
            return queryset
        self.check(query)
        wanted = request.GET.get("locale")
        codes = [code for code, _name in settings.LANGUAGES if wanted in (None, code)]
        analysis = index_analysis()
        hits = []
        for locale in Locale.objects.filter(language_code__in=codes):
            text = analysis.query_text(query, locale.language_code)
            if text.strip():
                found = queryset.filter(locale_id=locale.pk).search(text, operator="and")
                hits += [page.pk for page in found[:MAX_SEARCH_HITS]]
        return queryset.filter(pk__in=hits)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    filter_backends = [
        FieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        TranslationOfFilter,
        PublicLocaleFilter,
        TaxonomyFilter,
        AnalysedPageSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = (PagesAPIViewSet.known_query_parameters - {"site"}) | {
        "theme",
        "region",
    }

    def get_base_queryset(self):
        # The restriction check joins the listing query itself, except where the
        # queryset goes on to a search backend, which takes plain lookups only. It is
        # the form for many rows: the listing counts every page it could list
        # (``meta.total_count``).
        searching = "search" in self.request.GET
        pages = public_pages(Page, restrictions_inline=not searching, in_bulk=True)
        return pages.select_related("locale")

    def get_object(self):
        """The specific page, read with its language and the foreign keys it shows."""
        from knowledge.routing import specific_with_related

        if not hasattr(self, "_specific_object"):
            base = BaseAPIViewSet.get_object(self)
            model = base.specific_class
            related = api_foreign_keys(model) if model is not None else []
            self._specific_object = specific_with_related(base, *related)
        return self._specific_object

    def get_queryset(self):
        models = requested_page_models(self.request)
        base = self.get_base_queryset()
        if len(models) == 1:
            # One type: its own queryset, so that its API fields can be listed and filtered.
            model = models[0]
            queryset = model.objects.filter(pk__in=base.values("pk")).select_related(
                "locale", *api_foreign_keys(model)
            )
            if issubclass(model, KnowledgePage):
                queryset = queryset.prefetch_related("themes", "regions")
            return queryset
        if models:
            return base.type(*models)
        return base


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    filter_backends = [FieldsFilter, OrderingFilter, BoundedSearchFilter]

    def get_queryset(self):
        return public_media(get_image_model()).order_by("id")


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    filter_backends = [FieldsFilter, OrderingFilter, BoundedSearchFilter]

    def get_queryset(self):
        return public_media(get_document_model()).order_by("id")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
