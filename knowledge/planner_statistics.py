"""Fresh planner statistics after a bulk write.

PostgreSQL plans from table statistics that autovacuum refreshes, but a server may run
without autovacuum, and even with it a large import is followed by minutes of plans made
for empty tables (the home page's listing query over 10,000 pages measured 20 s before
``ANALYZE`` and 30 ms after). Commands that write many rows call
``refresh_planner_statistics`` at the end.
"""

from django.db import connections

# Below this many rows written, autovacuum's thresholds (or the old statistics) are good enough.
BULK_ROWS = 1000


def refresh_planner_statistics(using="default"):
    """Run ``ANALYZE`` on the database (PostgreSQL and SQLite both understand it)."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
