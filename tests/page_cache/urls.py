"""Two views for the page-cache tests, next to the site's own URLs."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

NONCE_PAGE = engines["django"].from_string(
    '<!DOCTYPE html><html><head><script nonce="{{ request.csp_nonce }}" src="/static/x.js">'
    "</script></head><body><p>Nonce: {{ request.csp_nonce }}</p></body></html>"
)


def page_with_a_nonce(request):
    return HttpResponse(NONCE_PAGE.render({"request": request}))


def page_with_a_csrf_form(request):
    token = get_token(request)
    return HttpResponse(
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{token}"><button>Send</button></form>'
    )


urlpatterns = [
    path("nonce-page/", page_with_a_nonce),
    path("csrf-form-page/", page_with_a_csrf_form),
    # Before the site's own /<lang>/ patterns, whose last one serves Wagtail pages.
    *i18n_patterns(path("nonce-page/", page_with_a_nonce), prefix_default_language=True),
    *site_urlpatterns,
]
