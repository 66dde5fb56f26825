"""Background work of the search app."""

import logging

from django_tasks import task
from wagtail.search.backends import get_search_backend

logger = logging.getLogger("search")


@task()
def update_backend_synonyms():
    """Give a backend that applies synonyms itself the glossary as it is now.

    A failure is logged, not raised: the glossary term is saved either way, and
    the next change or ``manage.py reindex`` sends the synonyms again.
    """
    backend = get_search_backend()
    if not hasattr(backend, "update_synonyms"):
        return
    try:
        backend.update_synonyms()
    except Exception:
        logger.exception("Could not update the search backend's synonyms")
