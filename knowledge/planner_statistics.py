"""Fresh planner statistics and tidy tables after a bulk write.

PostgreSQL plans from table statistics that autovacuum refreshes, but a server may run
without autovacuum, and even with it a large import is followed by minutes of plans made
for empty tables (the home page's listing query over 10,000 pages measured 20 s before
``ANALYZE`` and 30 ms after). A bulk write also leaves dead rows behind and, in the
search index's GIN indexes, a pending list of new entries that every search reads
through until ``VACUUM`` merges it: at 10,000 items, matching a common word took 22 ms
before ``VACUUM`` and 3 ms after. Commands that write many rows call
``refresh_planner_statistics`` at the end.
"""

from django.db import connections

# Below this many rows written, autovacuum's thresholds (or the old statistics) are good enough.
BULK_ROWS = 1000


def refresh_planner_statistics(using="default"):
    """``VACUUM ANALYZE`` on PostgreSQL (``ANALYZE`` inside a transaction, where ``VACUUM``
    cannot run); ``ANALYZE`` on SQLite, whose ``VACUUM`` would rewrite the whole file."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return False
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return True
