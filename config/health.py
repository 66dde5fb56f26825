"""``/health/``: is this instance fit to serve? For load balancers and monitors.

Each dependency is probed for real (a query, a cache round trip, a search) and
reported as ``ok`` or ``error``; the answer is 200 when all are ok and 503
otherwise. Details of a failure go to the log, never into the response, which
names no hosts, versions or error messages.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Page

logger = logging.getLogger("config.health")


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_cache():
    key = f"health:{uuid.uuid4().hex}"
    token = uuid.uuid4().hex
    cache.set(key, token, timeout=10)
    try:
        return cache.get(key) == token
    finally:
        cache.delete(key)


def check_search():
    list(Page.objects.live().search("health", fields=["title"])[:1])
    return True


CHECKS = {"database": check_database, "cache": check_cache, "search": check_search}


@never_cache
@require_GET
def health(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            healthy = check()
        except Exception:
            logger.exception("Health check failed: %s", name)
            healthy = False
        if not healthy:
            logger.error("Health check reports %s as down", name)
        results[name] = "ok" if healthy else "error"
    status = "ok" if all(value == "ok" for value in results.values()) else "error"
    return JsonResponse(
        {"status": status, "checks": results}, status=200 if status == "ok" else 503
    )
