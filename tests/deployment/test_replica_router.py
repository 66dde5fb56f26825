"""The read-replica rule: anonymous public reads go to the replica, the rest to the primary.

The test settings make ``replica`` a mirror of the test database (``TEST: {"MIRROR":
"default"}``), a second connection to the same data; which connection a query went
through shows where it was routed. Requests that reach a view run in transactional
tests, so the replica connection sees the rows the test wrote.
"""

import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from config.replica_router import (
    PrimaryReplicaRouter,
    ReplicaRoutingMiddleware,
    current_routing,
    may_read_from_replica,
)

ROUTER = "config.replica_router.PrimaryReplicaRouter"
MIDDLEWARE = "config.replica_router.ReplicaRoutingMiddleware"
routed = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)


@pytest.fixture
def replica_routing(settings):
    """The router and its middleware, as the settings install them with a replica URL."""
    settings.DATABASE_ROUTERS = [ROUTER]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("config.request_id.RequestIdMiddleware") + 1, MIDDLEWARE)
    settings.MIDDLEWARE = middleware


def queries_by_database(callable_):
    """Run ``callable_`` and return its result with the number of queries on each database."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        result = callable_()
    return result, len(primary), len(replica)


@pytest.mark.parametrize(
    ("method", "path", "cookies", "expected"),
    [
        ("GET", "/hu/", {}, True),
        ("HEAD", "/sl/metode/", {}, True),
        ("GET", "/api/v2/pages/", {"csrftoken": "x", "django_language": "sl"}, True),
        ("POST", "/hu/feedback/3/", {}, False),
        ("GET", "/hu/", {"sessionid": "abc"}, False),
        ("GET", "/admin/", {}, False),
        ("GET", "/admin/pages/3/edit/", {}, False),
    ],
)
def test_the_rule_per_request(method, path, cookies, expected):
    request = RequestFactory().generic(method, path)
    request.COOKIES.update(cookies)
    assert may_read_from_replica(request) is expected


def test_outside_a_request_everything_uses_the_primary():
    router = PrimaryReplicaRouter()
    assert current_routing.get() is None
    assert router.db_for_read(Locale) == "default"
    assert router.db_for_write(Locale) == "default"


def test_a_request_that_writes_reads_from_the_primary_afterwards():
    router = PrimaryReplicaRouter()

    def view(request):
        before = router.db_for_read(Locale)
        router.db_for_write(Locale)
        return HttpResponse(f"{before} {router.db_for_read(Locale)}")

    response = ReplicaRoutingMiddleware(view)(RequestFactory().get("/hu/"))
    assert response.content == b"replica default"
    assert current_routing.get() is None


@pytest.mark.django_db
def test_reads_inside_a_transaction_use_the_primary():
    """The test runs inside a transaction on the primary, as a view in ``atomic`` would."""
    router = PrimaryReplicaRouter()

    def view(request):
        return HttpResponse(router.db_for_read(Locale))

    response = ReplicaRoutingMiddleware(view)(RequestFactory().get("/hu/"))
    assert response.content == b"default"


def test_only_the_primary_is_migrated():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "wagtailcore") is True
    assert router.allow_migrate("replica", "wagtailcore") is False


@routed
def test_anonymous_page_reads_only_the_replica(client, site_tree, replica_routing):
    response, primary, replica = queries_by_database(lambda: client.get("/hu/"))
    assert response.status_code == 200
    assert replica > 0
    assert primary == 0


@routed
def test_signed_in_reader_reads_only_the_primary(
    client, site_tree, replica_routing, django_user_model
):
    client.force_login(django_user_model.objects.create_user("olvaso", password="x"))
    response, primary, replica = queries_by_database(lambda: client.get("/hu/"))
    assert response.status_code == 200
    assert primary > 0
    assert replica == 0


@routed
def test_the_admin_reads_only_the_primary(client, site_tree, replica_routing, django_user_model):
    """An admin request without a session (a login page) still never touches the replica."""
    response, primary, replica = queries_by_database(lambda: client.get("/admin/login/"))
    assert response.status_code == 200
    assert primary > 0
    assert replica == 0


@routed
def test_a_request_that_writes_then_reads_sees_its_own_write(replica_routing):
    """An anonymous GET that writes (as search statistics do) reads its write back."""
    router = PrimaryReplicaRouter()

    def view(request):
        assert router.db_for_read(Locale) == "replica"
        Locale.objects.create(language_code="de")
        return HttpResponse(str(Locale.objects.filter(language_code="de").exists()))

    middleware = ReplicaRoutingMiddleware(view)
    response, primary, replica = queries_by_database(
        lambda: middleware(RequestFactory().get("/hu/search/"))
    )
    assert response.content == b"True"
    assert replica == 0
    assert primary >= 2
