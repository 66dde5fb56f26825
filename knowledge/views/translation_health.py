"""The translation health dashboard (admin): figures per language, and the pages behind them."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from knowledge import translation_health

LIST_LIMIT = 200


def user_can_watch_translations(user):
    """Editors: whoever may publish pages."""
    return PagePermissionPolicy().user_has_permission(user, "publish")


def index(request):
    if not user_can_watch_translations(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "knowledge/admin/translation_health.html",
        {"health": translation_health.counts(), "today": timezone.localdate()},
    )


def pages(request, language_code, kind):
    if not user_can_watch_translations(request.user):
        raise PermissionDenied
    if kind not in translation_health.LISTS:
        raise Http404
    locale = get_object_or_404(Locale, language_code=language_code)
    queryset = translation_health.LISTS[kind](locale)
    total = queryset.count()
    items = list(queryset.select_related("locale").order_by("title", "pk")[:LIST_LIMIT])
    return TemplateResponse(
        request,
        "knowledge/admin/translation_health_pages.html",
        {
            "locale": locale,
            "kind": kind,
            "heading": translation_health.KINDS[kind],
            "items": items,
            "total": total,
            "limited": total > len(items),
        },
    )
