"""URLs: admin, API, documents, media and crawler files without a prefix; all a
reader sees under /<lang>/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.health import health
from config.page_passwords import authenticate_with_password
from groups.media_access import serve_document, serve_media
from groups.two_factor.views import verify as two_factor_verify
from knowledge import routing
from knowledge.api import api_router
from knowledge.feedback import submit_feedback
from knowledge.feeds import library_feed
from knowledge.sitemap import robots_txt, sitemap

urlpatterns = [
    path("health/", health, name="health"),
    # Outside Wagtail's admin URLs, which would ask for admin access before the code.
    path("admin/two-factor/verify/", two_factor_verify, name="two_factor_verify"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view with Cache-Control for private documents (groups.media_access).
    path(
        "documents/<int:document_id>/<path:document_filename>",
        serve_document,
        name="wagtaildocs_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Images of private collections are checked per request, so /media/ is never
    # served as plain files, not even in development (see groups.media_access).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="serve_media"),
]

# Wagtail's front-end URLs, with its page serving routed in one query (knowledge.routing).
wagtail_page_urls = [
    pattern
    for pattern in wagtail_urls.urlpatterns
    if getattr(pattern, "name", None) != "wagtail_serve"
] + [re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve")]

# "/" has no page of its own: LocaleMiddleware redirects it to the reader's language.
urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    # Wagtail's own view, behind a rate limit; it must come before Wagtail's URLs.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("feedback/<int:page_id>/", submit_feedback, name="reader_feedback"),
    path("feed/", library_feed, name="library_feed"),
    path("feed/<slug:theme>/", library_feed, name="library_theme_feed"),
    path("glossary/", include("knowledge.urls")),
    path("", include(wagtail_page_urls)),
    prefix_default_language=True,
)
