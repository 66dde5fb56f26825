"""Rate limit for the password form of password-protected pages.

Wagtail's view checks a shared page password with no limit on tries. This wrapper
counts wrong passwords per client address and restriction in the cache; past
``PAGE_PASSWORD_ATTEMPTS`` within ``PAGE_PASSWORD_WINDOW`` seconds it answers 429
with a translated message and checks nothing more until the window has passed. If
the cache is down the count cannot be kept: the form keeps working (the failure is
logged by the cache backend), rather than locking every reader out.
"""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from wagtail import views as wagtail_views

from config.client_ip import client_ip


def _attempts_key(request, restriction_id):
    return f"page-password:{restriction_id}:{client_ip(request)}"


def authenticate_with_password(request, page_view_restriction_id, page_id):
    key = _attempts_key(request, page_view_restriction_id)
    limit = settings.PAGE_PASSWORD_ATTEMPTS
    if request.method == "POST" and (cache.get(key) or 0) >= limit:
        response = render(request, "page_password_locked.html", status=429)
        response["Retry-After"] = str(settings.PAGE_PASSWORD_WINDOW)
        return response
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    # Wagtail redirects on the right password and shows the form again otherwise.
    if request.method == "POST" and response.status_code == 200:
        if cache.add(key, 1, timeout=settings.PAGE_PASSWORD_WINDOW):
            return response
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.PAGE_PASSWORD_WINDOW)
    return response
