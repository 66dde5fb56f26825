"""Absolute links for what leaves the site: feeds, the sitemap, calendars.

Built from the request's own scheme and host (the TLS proxy's ``X-Forwarded-Proto``
is trusted in production), so links are right on any host the site answers to,
without depending on the hostname stored on Wagtail's ``Site`` record. A page on
another Wagtail site already comes back absolute and is kept as it is.
"""


def absolute_url(page, request):
    """The page's absolute URL for links leaving the site, or None if it has none."""
    url = page.get_url(request)
    if not url:
        return None
    return request.build_absolute_uri(url)
