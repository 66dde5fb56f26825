"""The session side: a sign-in by an enrolled user is pending until a code is given.

The flag is written once, when the user signs in, so ordinary requests cost no query.
"""

import django_otp
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from groups.two_factor.devices import is_enrolled

PENDING_KEY = "two_factor_pending"


@receiver(user_logged_in, dispatch_uid="two_factor_mark_pending")
def mark_pending(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and is_enrolled(user):
        request.session[PENDING_KEY] = True


def is_pending(request):
    return bool(getattr(request, "session", None) and request.session.get(PENDING_KEY))


def mark_verified(request, device):
    request.session.pop(PENDING_KEY, None)
    django_otp.login(request, device)
