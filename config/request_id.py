"""Request ids: one per request, taken from the proxy when it sent a sane one.

The id is answered in ``X-Request-ID`` and added to every log record made while the
request is handled (``RequestIdFilter``), so a reader's error report, the proxy's
access log and our own logs can be matched.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.utils.log import log_response

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
# A proxy's id (nginx's $request_id, a UUID, a trace id): short, no spaces, no markup.
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")

current_request_id = ContextVar("current_request_id", default=None)


def request_id_for(request):
    incoming = request.META.get(META_KEY, "")
    if SANE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain, so that every response (redirects and errors too) carries it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
            if response.status_code >= 400:
                # Django would log this after the middleware, outside the request's id.
                log_response(
                    "%s: %s",
                    response.reason_phrase,
                    request.path,
                    response=response,
                    request=request,
                )
        finally:
            current_request_id.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or None outside a request) on each log record."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True
