"""The one source of "now" and "today" for every rule and deadline.

Every deadline in RULES.md (statement periods, time limits, certificate expiry) is computed
from `clock.now()` / `clock.today()`, never from `datetime.now()` or `timezone.now()`, so
that a test can serve a notice, move the clock five working days on and watch the decision
become possible. The audit trail is the one exception: it stamps real time.

The offset is process-wide. With ENFORCEMENT_TEST_CLOCK on (demo and browser tests only)
it can also be moved over HTTP; it is then kept in the cache so that every process of a
running server agrees (see core.middleware.TestClockMiddleware).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.utils import timezone

_CACHE_KEY = "core.clock.offset_seconds"
_offset: timedelta = timedelta(0)


def now() -> datetime:
    """Aware datetime (UTC) as the rules see it."""
    return timezone.now() + _offset


def today() -> date:
    """The local (Asia/Shanghai) date as the rules see it."""
    return timezone.localdate(now())


def offset() -> timedelta:
    return _offset


def set_offset(delta: timedelta) -> None:
    global _offset
    _offset = delta


def set_today(day: date) -> None:
    """Move the clock so that today() is `day`, keeping the time of day."""
    set_offset(_offset + (day - today()))


def reset() -> None:
    set_offset(timedelta(0))


@contextmanager
def travel(to: date | datetime) -> Iterator[None]:
    """Run a block as if it were `to` (a date keeps the current time of day)."""
    saved = _offset
    try:
        if isinstance(to, datetime):
            target = to if timezone.is_aware(to) else timezone.make_aware(to)
            set_offset(target - timezone.now())
        else:
            set_today(to)
        yield
    finally:
        set_offset(saved)


def start_of_day(day: date) -> datetime:
    """Aware local midnight of `day`."""
    return timezone.make_aware(datetime.combine(day, time.min))


def load_shared_offset() -> None:
    """Adopt the offset another process stored (test clock only)."""
    seconds = cache.get(_CACHE_KEY)
    set_offset(timedelta(seconds=float(seconds)) if seconds is not None else timedelta(0))


def store_shared_offset(delta: timedelta) -> None:
    cache.set(_CACHE_KEY, delta.total_seconds(), timeout=None)
    set_offset(delta)
