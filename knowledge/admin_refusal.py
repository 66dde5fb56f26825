"""A 403 page for the project's own admin tools.

Wagtail's admin turns ``PermissionDenied`` into a redirect to the dashboard; these
tools answer a plain 403 instead, so a crafted request is visibly refused and a
person who follows an old link reads why.
"""

from django.template.response import TemplateResponse


def forbidden(request, reason):
    return TemplateResponse(
        request, "knowledge/admin/not_allowed.html", {"reason": reason}, status=403
    )
