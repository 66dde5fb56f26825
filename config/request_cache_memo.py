"""What one request reads from the shared cache, read from Redis once.

Rendering one search page asked Redis 62 times, for seven keys: the taxonomy's
version and labels for every card, Wagtail's site root paths for every link, the
synonym table's version for every language. Each read is a round trip, and the
values cannot change in a way the request must see while it renders. So, during a
request, every value read or written is kept in a dict that lives as long as the
request (``request_started`` to ``request_finished``): the next read of the key is
answered from it. A write, delete or increment updates or forgets the kept value at
once, so the request always sees its own changes; other processes' changes are seen
by the next request. Outside requests (commands, tasks, the shell) nothing is kept.

Only operations that reached Redis fill the memo: with Redis down, a value that
could not be written is not remembered, so a read-back still finds the cache down.
A value read twice is the same object both times: what is read from the cache is
never changed in place (the site's values are versions, labels, strings and entries
that are only read).
"""

from contextvars import ContextVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.signals import request_finished, request_started

_memo = ContextVar("request_cache_memo", default=None)
_MISSING = object()  # the cache has no value for the key
_UNREAD = object()  # the request has not asked for the key yet


def start_request(**kwargs):
    _memo.set({})


def end_request(**kwargs):
    _memo.set(None)


request_started.connect(start_request, dispatch_uid="config.request_cache_memo.start")
request_finished.connect(end_request, dispatch_uid="config.request_cache_memo.end")


class RequestMemoMixin:
    """For a cache backend: reads within one request are answered from the request's
    memo after the first; writes keep it current."""

    def _memo_key(self, key, version):
        return self.make_key(key, version=version)

    def get(self, key, default=None, version=None):
        memo = _memo.get()
        if memo is None:
            return super().get(key, default, version)
        memo_key = self._memo_key(key, version)
        value = memo.get(memo_key, _UNREAD)
        if value is _UNREAD:
            value = super().get(key, _MISSING, version)
            memo[memo_key] = value
        return default if value is _MISSING else value

    def get_many(self, keys, version=None):
        memo = _memo.get()
        if memo is None:
            return super().get_many(keys, version)
        keys = list(keys)
        wanted = [key for key in keys if self._memo_key(key, version) not in memo]
        if wanted:
            found = super().get_many(wanted, version)
            for key in wanted:
                memo[self._memo_key(key, version)] = found.get(key, _MISSING)
        result = {}
        for key in keys:
            value = memo[self._memo_key(key, version)]
            if value is not _MISSING:
                result[key] = value
        return result

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget(key, version)
        super().set(key, value, timeout, version)
        self._keep(key, version, value)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget(key, version)
        added = super().add(key, value, timeout, version)
        if added:
            self._keep(key, version, value)
        return added

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        for key in data:
            self._forget(key, version)
        failed = super().set_many(data, timeout, version)
        for key, value in data.items():
            if key not in failed:
                self._keep(key, version, value)
        return failed

    def delete(self, key, version=None):
        self._forget(key, version)
        return super().delete(key, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        for key in keys:
            self._forget(key, version)
        return super().delete_many(keys, version)

    def incr(self, key, delta=1, version=None):
        self._forget(key, version)
        value = super().incr(key, delta, version)
        self._keep(key, version, value)
        return value

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget(key, version)
        return super().touch(key, timeout, version)

    def clear(self):
        memo = _memo.get()
        if memo is not None:
            memo.clear()
        return super().clear()

    def _keep(self, key, version, value):
        memo = _memo.get()
        if memo is not None:
            memo[self._memo_key(key, version)] = value

    def _forget(self, key, version):
        memo = _memo.get()
        if memo is not None:
            memo.pop(self._memo_key(key, version), None)
