"""Language routing that leaves machine-facing URLs alone.

Django's ``LocaleMiddleware`` answers a 404 outside the language prefixes by
redirecting to the same path under the reader's language, which is right for a
reader who typed ``/methods/`` and wrong for the API and media: a client asking for
a page that is not public must get a plain 404, not a redirect to an HTML page.
"""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

UNPREFIXED_PATHS = ("/api/", "/documents/", "/admin/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED_PATHS):
            return response
        return super().process_response(request, response)
