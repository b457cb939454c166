"""The working-day calendar of R-50: every deadline in days is counted here.

R-50: 2, 3, 5, 7 days in the law are working days (WD); 15 and 90 days are calendar days
(CD). The start day is not counted. A CD deadline that ends on a rest day moves to the next
working day. Whether a day is a working day is decided, in this order:

1. an administrator's `core.models.CalendarDay` for that date (it wins over everything);
2. chinese-calendar: official holidays are rest days, make-up working days (调休上班, often
   a Saturday or Sunday) are working days;
3. for a year the library has no data for (it raises NotImplementedError there — 2027 with
   1.11.0), Monday to Friday. Such days are "fallback" days unless the administrator has
   marked the year as completely entered (`CalendarYear.is_complete`); callers can ask
   `fallback_used(start, end)` and warn that a deadline may be off by a holiday.

This module never lets NotImplementedError reach a caller.

Speed: a deadline computation must not query per day. The administrator's rows (a few
dozen a year) are loaded whole, at most once per change, into a per-thread snapshot. The
snapshot is tagged with a version token kept in Django's cache, so that every process
(gunicorn workers, Celery) reloads after a change: saving or deleting a row replaces the
token at once and again when the transaction commits (`invalidate`). A snapshot read
inside a transaction that itself changed the calendar is not kept, so a rolled-back change
never lingers in the cache.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chinese_calendar import constants as _cc
from django.core.cache import cache
from django.db import connection, transaction
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

ONE_DAY = timedelta(days=1)

# chinese-calendar's own data. Its validity check takes the year range of `holidays`; a
# year inside that range is covered through 31 December (other days are Mon–Fri).
_LIB_HOLIDAYS: dict[date, str] = _cc.holidays
_LIB_WORKDAYS: dict[date, str] = _cc.workdays
LIBRARY_FIRST_YEAR: int = min(_LIB_HOLIDAYS).year
LIBRARY_LAST_YEAR: int = max(_LIB_HOLIDAYS).year
_HOLIDAY_NAMES_ZH: dict[str, str] = {h.value: h.chinese for h in _cc.Holiday}

# Where a day's status came from.
SOURCE_OVERRIDE = "override"  # the administrator's CalendarDay
SOURCE_LIBRARY = "library"  # chinese-calendar
SOURCE_ADMIN_YEAR = "admin_year"  # Mon–Fri in a year the administrator marked complete
SOURCE_FALLBACK = "fallback"  # Mon–Fri, year not covered: flagged

_VERSION_KEY = "core.workdays.version"


def library_covers(year: int) -> bool:
    """Whether chinese-calendar holds data for `year`."""
    return LIBRARY_FIRST_YEAR <= year <= LIBRARY_LAST_YEAR


@dataclass(frozen=True)
class DayInfo:
    date: date
    is_workday: bool
    name: str
    source: str


@dataclass(frozen=True)
class Calendar:
    """An immutable view of the calendar: the administrator's rows plus the library.

    Every public function of this module takes one snapshot and answers from it, so a
    computation over 90 days costs one cache read and no database query (when warm).
    """

    overrides: dict[date, tuple[bool, str]]
    complete_years: frozenset[int]

    def is_covered(self, year: int) -> bool:
        return library_covers(year) or year in self.complete_years

    def is_workday(self, d: date) -> bool:
        override = self.overrides.get(d)
        if override is not None:
            return override[0]
        if library_covers(d.year):
            # Same rule as chinese_calendar.is_workday, without its per-call checks.
            return d in _LIB_WORKDAYS or (d.weekday() < 5 and d not in _LIB_HOLIDAYS)
        return d.weekday() < 5

    def is_fallback(self, d: date) -> bool:
        """The day's status is a Mon–Fri guess (R-50: flag it to the administrator)."""
        return d not in self.overrides and not self.is_covered(d.year)

    def info(self, d: date) -> DayInfo:
        override = self.overrides.get(d)
        if override is not None:
            return DayInfo(d, override[0], override[1], SOURCE_OVERRIDE)
        workday = self.is_workday(d)
        if library_covers(d.year):
            english = _LIB_WORKDAYS.get(d) or _LIB_HOLIDAYS.get(d)
            if d in _LIB_WORKDAYS and d.weekday() >= 5:
                name = _("调休上班")
            elif english:
                name = _HOLIDAY_NAMES_ZH.get(english, english)
            else:
                name = ""
            return DayInfo(d, workday, name, SOURCE_LIBRARY)
        source = SOURCE_ADMIN_YEAR if d.year in self.complete_years else SOURCE_FALLBACK
        return DayInfo(d, workday, "", source)

    # --- Counting (R-50) ---------------------------------------------------------------
    def add_workdays(self, start: date, n: int) -> date:
        if n < 0:
            raise ValueError("n must not be negative")
        day, counted = start, 0
        while counted < n:  # the start day is not counted
            day += ONE_DAY
            if self.is_workday(day):
                counted += 1
        return day

    def next_workday_on_or_after(self, d: date) -> date:
        while not self.is_workday(d):
            d += ONE_DAY
        return d

    def add_calendar_days(self, start: date, n: int) -> date:
        if n < 0:
            raise ValueError("n must not be negative")
        # start day not counted; a CD deadline ending on a rest day moves to the next
        # working day.
        return self.next_workday_on_or_after(start + timedelta(days=n))

    def workdays_between(self, start: date, end: date) -> int:
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_workday(day):
                count += 1
        return count

    def fallback_used(self, start: date, end: date) -> bool:
        lo, hi = (start, end) if start <= end else (end, start)
        years = range(lo.year, hi.year + 1)
        if all(self.is_covered(y) for y in years):
            return False
        day = lo + ONE_DAY
        while day <= hi:
            if self.is_fallback(day):
                return True
            day += ONE_DAY
        return False


# --- Snapshot cache ---------------------------------------------------------------------
class _Local(threading.local):
    version: str | None = None
    calendar: Calendar | None = None
    pending: bool = False  # this thread's open transaction changed the calendar


_local = _Local()


def _shared_version() -> str | None:
    """The version token all processes agree on; None when the cache is unusable."""
    try:
        version = cache.get(_VERSION_KEY)
        if version is None:
            cache.add(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(_VERSION_KEY)
        return version
    except Exception:  # a cache outage must not break deadlines: read the database
        log.warning("workdays: cache unavailable, reading the calendar from the database")
        return None


def _new_version() -> None:
    try:
        cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        log.warning("workdays: cache unavailable, other processes may keep an old calendar")


def _load() -> Calendar:
    from core.models import CalendarDay, CalendarYear

    overrides = {
        d: (workday, name)
        for d, workday, name in CalendarDay.objects.values_list("date", "is_workday", "name")
    }
    complete = frozenset(
        CalendarYear.objects.filter(is_complete=True).values_list("year", flat=True)
    )
    return Calendar(overrides=overrides, complete_years=complete)


def current() -> Calendar:
    """The calendar as it stands: from this thread's snapshot when still current."""
    in_transaction = connection.in_atomic_block
    if not in_transaction:
        _local.pending = False  # whatever this thread changed has committed or rolled back
    keep = not (_local.pending and in_transaction)
    version = _shared_version()
    if keep and version is not None and _local.version == version and _local.calendar:
        return _local.calendar
    calendar = _load()
    if keep and version is not None:
        _local.version, _local.calendar = version, calendar
    return calendar


def invalidate() -> None:
    """Forget the snapshot here and in every process (called on save/delete of the
    administrator's rows); again after commit, so nobody keeps pre-commit data."""
    _local.version, _local.calendar = None, None
    if connection.in_atomic_block:
        _local.pending = True
    _new_version()
    transaction.on_commit(_after_commit)


def _after_commit() -> None:
    _local.version, _local.calendar, _local.pending = None, None, False
    _new_version()


def reset_cache() -> None:
    """Drop this thread's snapshot (tests)."""
    _local.version, _local.calendar, _local.pending = None, None, False


# --- Public API: every caller uses these ------------------------------------------------
def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


def is_workday(d: date) -> bool:
    """Whether `d` is a working day (administrator → library → Mon–Fri)."""
    return current().is_workday(_as_date(d))


def add_workdays(start: date, n: int) -> date:
    """The n-th working day after `start` (R-50: the start day is not counted)."""
    return current().add_workdays(_as_date(start), n)


def add_calendar_days(start: date, n: int) -> date:
    """`start` + n calendar days; when that is a rest day, the next working day (R-50)."""
    return current().add_calendar_days(_as_date(start), n)


def workdays_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; 0 when end <= start."""
    return current().workdays_between(_as_date(start), _as_date(end))


def is_covered(year: int) -> bool:
    """The library has data for `year`, or the administrator marked it complete."""
    return current().is_covered(year)


def uncovered_years(years: Iterable[int]) -> list[int]:
    """The years among `years` counted on the Mon–Fri fallback (sorted, no repeats)."""
    calendar = current()
    return sorted({y for y in years if not calendar.is_covered(y)})


def fallback_used(start: date, end: date) -> bool:
    """Whether any day after `start` up to `end` fell back to Mon–Fri (R-50 flag)."""
    return current().fallback_used(_as_date(start), _as_date(end))


def day_info(d: date) -> DayInfo:
    """Status, name and source of one day (for pages that explain a deadline)."""
    return current().info(_as_date(d))


def library_days(year: int) -> list[DayInfo]:
    """The official holidays and make-up working days chinese-calendar lists for `year`
    (empty when it has no data): what the administrator overrides."""
    calendar = Calendar(overrides={}, complete_years=frozenset())
    days = sorted(d for d in (*_LIB_HOLIDAYS, *_LIB_WORKDAYS) if d.year == year)
    return [calendar.info(d) for d in days]


def fallback_note(year: int) -> str:
    """The sentence shown wherever a year is not covered (R-50)."""
    return _("%(year)s 年节假日数据未录入，期限按周一至周五计算") % {"year": year}
