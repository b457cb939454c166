"""The statutory clock (R-35, counted per R-50): time limit from filing, extensions,
excluded periods and their validation, suspension, the daily task."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from audit.models import AuditEvent
from cases import deadlines, services
from cases.models import Case, CaseReminder
from cases.states import State
from core import clock
from core.errors import RuleViolation
from tests.cases.factories import filed, investigating

pytestmark = pytest.mark.django_db

FILED = date(2026, 7, 8)


@pytest.fixture
def case(w):
    with clock.travel(FILED):
        return investigating(w)


def test_r35_r50_time_limit_rolls_over_national_day(case):
    # 8 Jul 2026 + 90 CD = 6 Oct, a National Day holiday: the deadline moves to 8 Oct.
    assert case.filed_on == FILED
    assert case.decision_due_on == date(2026, 10, 8)
    c = deadlines.compute(case, today=date(2026, 9, 28))
    assert (c.limit_days, c.extension_days, c.excluded_days, c.days_left) == (90, 0, 0, 10)
    assert c.running and not c.overdue and not c.fallback


def test_r50_deadline_in_a_year_without_calendar_data_is_flagged(w):
    with clock.travel(date(2026, 12, 1)):
        case = filed(w)
    c = deadlines.compute(case)
    assert c.due_on == date(2027, 3, 1) and c.fallback


def _extend(case, by, sup, **kw):
    approval = services.request_time_extension(case, by=by, reasons="案情复杂", **kw)
    return services.decide_time_extension(approval, by=sup, approve=True, note="同意")


def test_r35_extension_by_head_approval_then_collective_discussion(w, case):
    with clock.travel(date(2026, 9, 20)):
        approval = services.request_time_extension(case, by=w.a, reasons="案情复杂")
        with pytest.raises(RuleViolation) as exc:
            services.decide_time_extension(approval, by=w.b, approve=True)
        assert str(exc.value) == "R-35: 延长办案期限须经本机关负责人批准，您不是本机关负责人"
        services.decide_time_extension(approval, by=w.supervisor, approve=True)
        case.refresh_from_db()
        assert case.decision_due_on == date(2026, 11, 5)  # 8 Jul + 120 CD
        with pytest.raises(RuleViolation) as exc:
            services.request_time_extension(case, by=w.a, reasons="仍需时间")
        assert (
            str(exc.value) == "R-35: 办案期限已延长过，再次延长须经集体讨论决定并记录讨论日期和结论"
        )
        _extend(
            case,
            w.a,
            w.supervisor,
            discussion_on=date(2026, 9, 18),
            discussion_conclusion="同意再延长30日",
        )
        case.refresh_from_db()
        assert case.decision_due_on == date(2026, 12, 7)  # 8 Jul + 150 CD = Sat 5 Dec → Mon 7 Dec
        c = deadlines.compute(case)
        assert c.extension_days == 60 and len(c.extensions) == 2


def test_r35_excluded_period_stops_the_clock(w, case):
    with clock.travel(date(2026, 9, 1)):
        services.add_excluded_period(
            case, by=w.a, kind="hearing", start=date(2026, 8, 3), end=date(2026, 8, 12)
        )
    case.refresh_from_db()
    assert case.decision_due_on == date(2026, 10, 16)  # 10 days later


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            date(2026, 7, 7),
            date(2026, 7, 9),
            "R-35: 期间开始日期 2026-07-07 早于立案日期 2026-07-08",
        ),
        (date(2026, 9, 2), None, "R-35: 期间开始日期 2026-09-02 晚于今天，不得预先登记"),
        (date(2026, 8, 25), date(2026, 8, 24), "R-35: 期间结束日期不得早于开始日期"),
        (
            date(2026, 8, 25),
            date(2026, 9, 2),
            "R-35: 期间结束日期 2026-09-02 晚于今天，不得预先登记",
        ),
        (
            date(2026, 8, 12),
            date(2026, 8, 20),
            "R-35: 与已登记的“听证”期间（2026-08-03 至 2026-08-12）重叠",
        ),
        (date(2026, 7, 20), None, "R-35: 与已登记的“听证”期间（2026-08-03 至 2026-08-12）重叠"),
    ],
)
def test_r35_excluded_periods_are_validated(w, case, start, end, message):
    with clock.travel(date(2026, 9, 1)):
        services.add_excluded_period(
            case, by=w.a, kind="hearing", start=date(2026, 8, 3), end=date(2026, 8, 12)
        )
        due = Case.objects.get(pk=case.pk).decision_due_on
        with pytest.raises(RuleViolation) as exc:
            services.add_excluded_period(case, by=w.a, kind="testing", start=start, end=end)
        assert str(exc.value) == message
        assert (
            case.excluded_periods.count() == 1
            and Case.objects.get(pk=case.pk).decision_due_on == due
        )


def test_r35_adjacent_periods_and_kinds(w, case):
    with clock.travel(date(2026, 9, 1)):
        services.add_excluded_period(
            case, by=w.a, kind="hearing", start=date(2026, 8, 3), end=date(2026, 8, 12)
        )
        services.add_excluded_period(
            case, by=w.a, kind="expert_review", start=date(2026, 8, 13), end=None
        )
        with pytest.raises(RuleViolation) as exc:
            services.add_excluded_period(case, by=w.a, kind="suspension", start=date(2026, 8, 20))
        assert str(exc.value) == "R-35: 中止期间经中止调查审批自动登记，不能直接登记"
        c = deadlines.compute(Case.objects.get(pk=case.pk))
        assert c.excluded_days == 10 + 20 and c.stopped_by == "专家评审" and not c.running


def test_r35_r46_suspension_stops_the_clock_until_resumed(w, case):
    with clock.travel(date(2026, 8, 3)):
        approval = services.request_suspension(case, by=w.a, ground="force_majeure", reasons="洪水")
        services.decide_suspension(approval, by=w.supervisor, approve=True)
    assert Case.objects.get(pk=case.pk).state == State.SUSPENDED
    c = deadlines.compute(Case.objects.get(pk=case.pk), today=date(2026, 8, 10))
    assert c.stopped_by == "中止" and c.excluded_days == 8 and c.due_on == date(2026, 10, 14)
    with clock.travel(date(2026, 8, 13)):
        services.resume(case, by=w.supervisor, reasons="洪水退去")
    case.refresh_from_db()
    assert case.state == State.INVESTIGATING
    assert case.decision_due_on == date(2026, 10, 16)  # 3–12 Aug stopped the clock


def test_daily_task_flags_overdue_and_reminds_once(w, case):
    due = case.decision_due_on  # 2026-10-08; reminder 10 days before
    counts = services.daily_deadline_check(today=due - timedelta(days=11))
    assert counts["reminded"] == 0
    counts = services.daily_deadline_check(today=due - timedelta(days=10))
    assert counts["reminded"] == 1
    assert (
        services.daily_deadline_check(today=due - timedelta(days=9))["reminded"] == 0
    )  # idempotent
    reminder = CaseReminder.objects.get(case=case)
    assert reminder.recipient_id == case.lead_officer.user_id
    assert (
        reminder.message
        == f"案件 {case.number} 的办案期限将于 2026-10-08 届满（剩余 10 天），请及时作出决定"
    )
    event = AuditEvent.objects.get(action="cases.case.deadline_reminded")
    assert event.actor_name == "task:cases.daily_deadline_check" and event.actor_id is None
    assert services.daily_deadline_check(today=due)["flagged"] == 0
    assert services.daily_deadline_check(today=due + timedelta(days=1))["flagged"] == 1
    assert services.daily_deadline_check(today=due + timedelta(days=1))["flagged"] == 0
    assert Case.objects.get(pk=case.pk).is_overdue
    events = AuditEvent.objects.filter(action="cases.case.overdue", case_id=case.pk)
    assert events.count() == 1 and events.get().actor_name == "task:cases.daily_deadline_check"


def test_daily_task_is_the_named_celery_task(w, case):
    from cases.tasks import daily_deadline_check

    assert daily_deadline_check.name == "cases.tasks.daily_deadline_check"
    with clock.travel(case.decision_due_on + timedelta(days=1)):
        result = daily_deadline_check.delay().get()
    assert result["flagged"] == 1


def test_case_page_shows_the_statutory_clock(client, w, case):
    client.force_login(w.a)
    with clock.travel(date(2026, 9, 28)):
        page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "办案期限" in page and "2026-10-08" in page and "10 日" in page
