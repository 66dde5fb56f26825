"""Read replica: anonymous public reads go to ``replica``, everything else to the primary.

With ``DATABASE_REPLICA_URL`` set, the settings add a ``replica`` database, this
router and ``ReplicaRoutingMiddleware``. The rule, decided once per request by the
middleware and narrowed by the router as the request goes on:

- A request may read from the replica only when it is a ``GET``, ``HEAD`` or
  ``OPTIONS``, carries no session cookie (so nobody is signed in, no page password
  has been given) and is not under ``/admin/``. Everything else (the admin,
  signed-in members, mentors and editors, every form sent) reads from the primary,
  so an editor always sees what they have just saved: read-after-write holds for
  anyone with a session, whatever the replica's lag.
- Once a request has written (any query Django routes for writing, including
  ``get_or_create`` and ``select_for_update``), its later reads go to the primary
  too, and so does every read inside a transaction on the primary.
- Writes always go to the primary. Outside a request (management commands,
  background tasks, the shell) everything uses the primary.
- Migrations run on the primary only; the replica receives them by replication.

An anonymous reader may see the site up to the replica's lag behind the primary;
the README ("Deployment past one machine") says how to keep that lag from
outliving a front-cache purge.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Paths whose every request reads from the primary, whoever asks.
PRIMARY_PATH_PREFIXES = ("/admin/",)


@dataclass
class RequestRouting:
    """What the current request may still read from the replica."""

    replica_allowed: bool
    has_written: bool = False


current_routing = ContextVar("current_routing", default=None)


def may_read_from_replica(request):
    """The per-request rule: a safe method, no session, not the admin."""
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(PRIMARY_PATH_PREFIXES)
    )


class ReplicaRoutingMiddleware:
    """Records, for the router, whether this request may read from the replica.

    It stands before the session and authentication middleware, so that their
    own reads follow the rule as well.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_routing.set(RequestRouting(may_read_from_replica(request)))
        try:
            return self.get_response(request)
        finally:
            current_routing.reset(token)


class PrimaryReplicaRouter:
    """Sends a read to the replica only while the current request allows it."""

    def db_for_read(self, model, **hints):
        routing = current_routing.get()
        if (
            routing is None
            or not routing.replica_allowed
            or routing.has_written
            or REPLICA not in settings.DATABASES
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        routing = current_routing.get()
        if routing is not None:
            routing.has_written = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        """Both databases hold the same rows, so objects read from either may be related."""
        databases = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
