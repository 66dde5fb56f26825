"""Keeps a session whose second step is pending out of everything but that step."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from groups.two_factor.session import is_pending


class TwoFactorMiddleware:
    """Sends a signed-in user with a pending code to the code page, whatever they asked for.

    The public site is covered too: an editor's session reads restricted pages there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_pending(request) and not self.is_exempt(request.path):
            verify_url = reverse("two_factor_verify")
            next_url = request.get_full_path() if request.method == "GET" else ""
            if next_url:
                verify_url += "?" + urlencode({"next": next_url})
            return HttpResponseRedirect(verify_url)
        return self.get_response(request)

    @staticmethod
    def is_exempt(path):
        exempt = (
            reverse("two_factor_verify"),
            reverse("wagtailadmin_logout"),
            settings.STATIC_URL,
            reverse("health"),
        )
        return path.startswith(exempt)
