"""R-50: counting days. Working days come from the administrator's entries, then
chinese-calendar (holidays and make-up working days), then Mon–Fri for years without data.

Dates used (chinese-calendar 1.11.0, the State Council's 2026 arrangement): National Day
2026-10-01 … 10-07 are rest days; Sunday 2026-09-20 and Saturday 2026-10-10 are make-up
working days (调休上班); Mid-autumn 2026-09-25 … 09-27. The library has no 2027 data.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from core import workdays
from core.models import CalendarDay, CalendarYear

D = date


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    workdays.reset_cache()
    yield
    workdays.reset_cache()


# --- Library data and counting -----------------------------------------------------------
@pytest.mark.django_db
def test_r50_start_day_is_not_counted():
    monday = D(2026, 11, 2)
    assert workdays.add_workdays(monday, 1) == D(2026, 11, 3)
    assert workdays.add_calendar_days(monday, 1) == D(2026, 11, 3)
    assert workdays.workdays_between(monday, monday) == 0
    assert workdays.workdays_between(monday, D(2026, 11, 3)) == 1
    # Served on a Friday: the weekend is skipped, Monday is day 1.
    assert workdays.add_workdays(D(2026, 11, 6), 1) == D(2026, 11, 9)


@pytest.mark.django_db
def test_r50_library_knows_national_day_2026():
    assert not workdays.is_workday(D(2026, 10, 1))
    assert not workdays.is_workday(D(2026, 10, 7))
    assert workdays.is_workday(D(2026, 10, 8))
    assert not workdays.is_workday(D(2026, 9, 25))  # Mid-autumn, a Friday


@pytest.mark.django_db
def test_r50_make_up_saturday_counts_as_working_day():
    """调休上班: Saturday 2026-10-10 and Sunday 2026-09-20 are working days."""
    assert workdays.is_workday(D(2026, 10, 10))
    assert workdays.is_workday(D(2026, 9, 20))
    assert workdays.add_workdays(D(2026, 10, 9), 1) == D(2026, 10, 10)
    assert workdays.day_info(D(2026, 10, 10)).name == "调休上班"


@pytest.mark.django_db
def test_r50_five_working_days_served_before_national_day():
    """Served Wed 2026-09-30: 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13."""
    end = workdays.add_workdays(D(2026, 9, 30), 5)
    assert end == D(2026, 10, 13)
    assert workdays.workdays_between(D(2026, 9, 30), end) == 5
    assert not workdays.fallback_used(D(2026, 9, 30), end)


@pytest.mark.django_db
def test_r50_fifteen_calendar_day_deadline_on_holiday_rolls_to_next_working_day():
    # 2026-09-16 + 15 CD = 2026-10-01 (National Day) → first working day 2026-10-08.
    assert workdays.add_calendar_days(D(2026, 9, 16), 15) == D(2026, 10, 8)
    # Ending on an ordinary Saturday moves to Monday; ending on a weekday stays.
    assert workdays.add_calendar_days(D(2026, 11, 6), 15) == D(2026, 11, 23)
    assert workdays.add_calendar_days(D(2026, 11, 2), 15) == D(2026, 11, 17)


@pytest.mark.django_db
def test_r50_workdays_between_is_zero_when_end_not_after_start():
    assert workdays.workdays_between(D(2026, 11, 10), D(2026, 11, 3)) == 0
    assert workdays.workdays_between(D(2026, 9, 30), D(2026, 10, 7)) == 0


@pytest.mark.django_db
def test_r50_accepts_datetime_and_zero_days():
    assert workdays.add_workdays(datetime(2026, 9, 30, 15, 0), 5) == D(2026, 10, 13)
    assert workdays.add_workdays(D(2026, 9, 30), 0) == D(2026, 9, 30)
    with pytest.raises(ValueError):
        workdays.add_workdays(D(2026, 9, 30), -1)


# --- Years without data --------------------------------------------------------------------
@pytest.mark.django_db
def test_r50_period_into_2027_falls_back_to_monday_to_friday_and_says_so():
    """chinese-calendar raises NotImplementedError for 2027; we count Mon–Fri instead."""
    start = D(2026, 12, 28)  # Monday
    end = workdays.add_workdays(start, 5)
    # 12-29, 12-30, 12-31, 2027-01-01 (Friday, fallback), 2027-01-04 (Monday)
    assert end == D(2027, 1, 4)
    assert workdays.fallback_used(start, end)
    assert workdays.is_workday(D(2027, 1, 1))  # no NotImplementedError
    assert not workdays.is_workday(D(2027, 1, 2))
    assert workdays.add_calendar_days(D(2026, 12, 20), 90) == D(2027, 3, 22)  # Sat → Mon
    assert not workdays.is_covered(2027)
    assert workdays.is_covered(2026)
    assert workdays.uncovered_years([2027, 2026, 2027, 2028]) == [2027, 2028]
    assert workdays.day_info(D(2027, 1, 4)).source == workdays.SOURCE_FALLBACK
    assert workdays.fallback_note(2027) == "2027 年节假日数据未录入，期限按周一至周五计算"


@pytest.mark.django_db
def test_r50_fallback_not_flagged_inside_covered_years():
    assert not workdays.fallback_used(D(2026, 12, 1), D(2026, 12, 31))
    # The start day itself is not part of the period.
    assert not workdays.fallback_used(D(2026, 12, 31), D(2026, 12, 31))


@pytest.mark.django_db
def test_r50_administrator_override_for_new_year_2027_moves_deadline():
    start = D(2026, 12, 28)
    assert workdays.add_workdays(start, 5) == D(2027, 1, 4)
    CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦", entered_by="a")
    assert workdays.add_workdays(start, 5) == D(2027, 1, 5)
    assert workdays.day_info(D(2027, 1, 1)).name == "元旦"
    # 01-01 is now the administrator's word, not a guess; 01-04 still is.
    assert not workdays.fallback_used(D(2026, 12, 30), D(2027, 1, 1))
    assert workdays.fallback_used(start, D(2027, 1, 5))


@pytest.mark.django_db
def test_r50_administrator_override_wins_over_library():
    CalendarDay.objects.create(date=D(2026, 10, 10), is_workday=False, name="更正", entered_by="a")
    CalendarDay.objects.create(date=D(2026, 10, 7), is_workday=True, name="更正", entered_by="a")
    assert not workdays.is_workday(D(2026, 10, 10))
    # 10-07, 10-08, 10-09, 10-12, 10-13
    assert workdays.add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert workdays.add_workdays(D(2026, 9, 30), 4) == D(2026, 10, 12)


@pytest.mark.django_db
def test_r50_year_marked_complete_is_covered_and_no_longer_flagged():
    CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦", entered_by="a")
    CalendarYear.objects.create(year=2027, is_complete=True, marked_by="a")
    assert workdays.is_covered(2027)
    assert workdays.uncovered_years([2026, 2027]) == []
    assert not workdays.fallback_used(D(2026, 12, 28), D(2027, 3, 1))
    assert workdays.add_workdays(D(2026, 12, 28), 5) == D(2027, 1, 5)


# --- Speed and cache ----------------------------------------------------------------------
@pytest.mark.django_db
def test_r50_deadline_computation_does_not_query_per_day(
    django_assert_max_num_queries, django_assert_num_queries
):
    CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦", entered_by="a")
    workdays.reset_cache()  # as in a fresh process
    with django_assert_max_num_queries(2):  # the whole calendar, loaded once
        assert workdays.add_calendar_days(D(2026, 12, 1), 90) == D(2027, 3, 1)
    with django_assert_num_queries(0):  # warm: no query at all
        for _ in range(50):
            workdays.add_workdays(D(2026, 9, 1), 60)
            workdays.fallback_used(D(2026, 9, 1), D(2027, 2, 1))


@pytest.mark.django_db
def test_r50_override_cache_invalidated_when_a_day_changes():
    start = D(2026, 12, 28)
    assert workdays.add_workdays(start, 5) == D(2027, 1, 4)  # cache warm
    row = CalendarDay.objects.create(
        date=D(2027, 1, 1), is_workday=False, name="元旦", entered_by="a"
    )
    assert workdays.add_workdays(start, 5) == D(2027, 1, 5)
    row.is_workday = True
    row.save()
    assert workdays.add_workdays(start, 5) == D(2027, 1, 4)
    row.delete()
    assert workdays.add_workdays(start, 5) == D(2027, 1, 4)
    assert workdays.day_info(D(2027, 1, 1)).source == workdays.SOURCE_FALLBACK


@pytest.mark.django_db
def test_r50_change_made_by_another_process_is_seen_through_the_cache_version():
    start = D(2026, 12, 28)
    assert workdays.add_workdays(start, 5) == D(2027, 1, 4)  # this process: warm
    # Another process writes (bulk_create sends no signal here) and replaces the version.
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=D(2027, 1, 1), is_workday=False, name="元旦", entered_by="a")]
    )
    assert workdays.add_workdays(start, 5) == D(2027, 1, 4)  # not yet told
    cache.set("core.workdays.version", "changed-elsewhere", timeout=None)
    assert workdays.add_workdays(start, 5) == D(2027, 1, 5)


@pytest.mark.django_db
def test_r50_cache_outage_falls_back_to_the_database(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦", entered_by="a")
    assert workdays.add_workdays(D(2026, 12, 28), 5) == D(2027, 1, 5)


# --- Properties ---------------------------------------------------------------------------
_CAL = workdays.Calendar(
    overrides={D(2027, 1, 1): (False, "元旦"), D(2027, 2, 6): (True, "调休上班")},
    complete_years=frozenset(),
)
_days = st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=_days, n=st.integers(min_value=1, max_value=90))
def test_r50_add_workdays_lands_on_the_nth_working_day(start, n):
    end = _CAL.add_workdays(start, n)
    assert _CAL.is_workday(end)
    assert _CAL.workdays_between(start, end) == n
    assert _CAL.workdays_between(start, end - timedelta(days=1)) == n - 1


@settings(max_examples=300, deadline=None)
@given(start=_days, n=st.integers(min_value=1, max_value=90))
def test_r50_calendar_day_deadline_is_first_working_day_on_or_after_start_plus_n(start, n):
    end = _CAL.add_calendar_days(start, n)
    plain = start + timedelta(days=n)
    assert end >= plain and _CAL.is_workday(end)
    assert _CAL.workdays_between(plain - timedelta(days=1), end) == 1
