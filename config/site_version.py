"""One version number for everything the site shows, bumped whenever content changes.

The page cache and the template fragment caches put this version into every entry
(``config.page_cache``, ``knowledge.templatetags.fragment_cache``). Purging the site is
one ``INCR``: entries of an older version are never served again and expire on their
own. Precise per-URL purging would have to know every page a theme, a featured item
or a group's membership appears on; the version needs to know only that something
changed, and editors change things rarely compared with how often readers read.

A change is purged twice: at once, so that the writer's own next read (and a test
inside one transaction) sees it, and again when the transaction commits. The second
bump closes a race: a reader that rendered the old rows after the first bump but
before the commit stored them under the new version; the bump after commit makes
that entry an old one.

With the cache down, the version cannot be read, so nothing is served from the cache
and nothing stored there survives: the site answers from the database.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "site:version"
REQUEST_ATTRIBUTE = "_site_cache_version"


def _fresh_version():
    # Never an old number again, even after Redis lost the key (eviction, restart).
    return time.time_ns() // 1000


def current_version(request=None):
    """The version now; remembered on ``request`` so one request uses one version."""
    if request is not None and hasattr(request, REQUEST_ATTRIBUTE):
        return getattr(request, REQUEST_ATTRIBUTE)
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _fresh_version()
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    remember_version(request, version)
    return version


def remember_version(request, version):
    if request is not None:
        setattr(request, REQUEST_ATTRIBUTE, version)


def bump_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet, or it was evicted
        cache.set(VERSION_KEY, _fresh_version(), None)


def bump_after_commit():
    """The bump ``purge_site_cache`` leaves for the commit (tests may pick it out of the
    commit callbacks by this name)."""
    bump_version()


def purge_site_cache(**_signal_arguments):
    """Make every cached page and fragment stale, now and when the transaction commits."""
    bump_version()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    # One bump per transaction (or savepoint) is enough, however many rows it writes.
    level = set(connection.savepoint_ids)
    if any(
        entry[1] is bump_after_commit and entry[0] == level for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(bump_after_commit)


def purge_when_changed(*models, dispatch_prefix):
    """Purge the site when a row of one of ``models`` (or one of its many-to-many
    relations) is saved or deleted."""
    for model in models:
        uid = f"{dispatch_prefix}:{model._meta.label_lower}"
        post_save.connect(purge_site_cache, sender=model, dispatch_uid=f"{uid}:save", weak=False)
        post_delete.connect(
            purge_site_cache, sender=model, dispatch_uid=f"{uid}:delete", weak=False
        )
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if isinstance(through, type):
                m2m_changed.connect(
                    purge_site_cache,
                    sender=through,
                    dispatch_uid=f"{uid}:{field.name}:m2m",
                    weak=False,
                )
