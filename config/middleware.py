"""Response headers that depend on where a request goes."""

from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with the admin's own policy under ``/admin/``.

    The public site gets the strict ``CONTENT_SECURITY_POLICY`` (nonces, no inline
    code). The Wagtail admin still ships inline scripts and style attributes that
    carry no nonce, and a nonce in ``script-src`` makes browsers ignore
    ``'unsafe-inline'``; so admin responses get ``ADMIN_CONTENT_SECURITY_POLICY``
    and no nonce. Views that set their own header (document and image downloads
    send ``default-src 'none'``) keep it.

    Wagtail renders a preview by passing a dummy request for the page's public URL
    through the middleware (``request.is_dummy``); the preview is shown in an admin
    iframe, so it gets the admin's policy too, or ``frame-ancestors 'none'`` would
    blank it.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        in_admin = request.path_info.startswith(ADMIN_PREFIX) or getattr(request, "is_dummy", False)
        if not report_only and in_admin:
            if parts.config is None:
                parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            parts.nonce = None
        return parts
