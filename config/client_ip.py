"""The client's address, for lockouts and rate limits.

Behind the TLS proxy every request comes from the proxy, so REMOTE_ADDR alone would
lock everybody out at once. The proxy appends the address it saw to
X-Forwarded-For; with ``TRUSTED_PROXY_COUNT`` proxies in front, the entry that many
places from the right is the one no client can forge. Without trusted proxies the
header is ignored, because anyone can send it.
"""

from django.conf import settings


def client_ip(request):
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")
