"""The filing checks (立案审查): what must hold before a lead becomes a case.

- R-03 authority: the agency holds the power on the act date, directly or by delegation;
  documents then go out in the acting agency's name.
- R-10 limitation: discovered within 2 years of the act (or of the end of a continuing
  act), 5 years when life/health or financial safety is involved with harm.
- R-11 one act, one case: the same party, violation, act date and place must not already
  be a case in ANY agency; the other case is named only to those who may see it.
- R-01: at least two qualified officers assigned, one of them the lead officer.

`filing_checks()` returns a Verdict listing every problem, so the page can show them all
beside the disabled "approve filing" button; the services raise it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from cases import violations
from cases.deadlines import add_years
from cases.models import Case, CaseOfficer, CaseParty
from cases.states import State
from core import clock
from core.errors import RuleViolation, Verdict
from officers.authority import Authority, may_enforce
from officers.models import Officer
from officers.qualification import two_qualified, with_qualification_data

# A case in one of these states does not block another case for the same act:
# it was never filed, was handed to another body, or found no violation.
NOT_BLOCKING = frozenset(
    {State.NOT_FILED, State.TRANSFERRED, State.NOT_ESTABLISHED, State.WITHDRAWN}
)


def normalise_place(place: str) -> str:
    return "".join((place or "").split())


def is_safety_related(case: Case) -> bool:
    """R-10: the case flag, or the catalogue's flag on the violation."""
    if case.safety_related:
        return True
    info = violations.get(case.violation_code)
    return bool(info and info.safety_related)


def limitation(case: Case) -> Verdict:
    """R-10 (Art 36)."""
    start = case.limitation_start
    found = case.discovered_on
    if start is None:
        return Verdict.refuse(
            "R-10", _("须填写违法行为发生日期（连续或继续状态的，填写行为终了日期）")
        )
    if found is None:
        return Verdict.refuse("R-10", _("须填写违法行为的发现日期"))
    if (
        case.is_continuing
        and case.act_end_date
        and case.act_date
        and case.act_end_date < case.act_date
    ):
        return Verdict.refuse("R-10", _("行为终了日期不得早于行为发生日期"))
    if found < start:
        return Verdict.refuse("R-10", _("发现日期不得早于违法行为日期"))
    if found > clock.today():
        return Verdict.refuse("R-10", _("发现日期不得晚于今天"))
    years = 5 if is_safety_related(case) else 2
    last = add_years(start, years)
    if found > last:
        return Verdict.refuse(
            "R-10",
            _(
                "违法行为于 %(start)s %(what)s，%(found)s 才被发现，已超过%(years)s年追责时效"
                "（至 %(last)s），不得立案"
            )
            % {
                "start": start.isoformat(),
                "what": _("终了") if case.is_continuing else _("发生"),
                "found": found.isoformat(),
                "years": years,
                "last": last.isoformat(),
            },
        )
    return Verdict()


def duplicates(case: Case):
    """Other cases, in every agency, for the same party (by identifier), violation, act
    date and place (R-11)."""
    if not (case.violation_code and case.act_date and case.place):
        return Case.objects.none()
    party_ids = list(CaseParty.objects.filter(case_id=case.pk).values_list("party_id", flat=True))
    if not party_ids:
        return Case.objects.none()
    place = normalise_place(case.place)
    candidates = (
        Case.objects.filter(
            case_parties__party_id__in=party_ids,
            violation_code=case.violation_code,
            act_date=case.act_date,
        )
        .exclude(pk=case.pk)
        .exclude(state__in=NOT_BLOCKING)
        .distinct()
    )
    return [c for c in candidates if normalise_place(c.place) == place]


def duplicate_act(case: Case, user: Any) -> Verdict:
    """R-11: refused when another case covers the same act; the other case is named only
    to a user who may see it."""
    others = duplicates(case)
    if not others:
        return Verdict()
    visible = set(
        Case.objects.visible_to(user)
        .filter(pk__in=[c.pk for c in others])
        .values_list("pk", flat=True)
    )
    names = [c.display_number if c.pk in visible else _("另一机关的案件") for c in others]
    return Verdict.refuse(
        "R-11",
        _(
            "同一当事人的同一违法行为（%(code)s，%(date)s，%(place)s）已由%(cases)s立案查处，不得重复立案"
        )
        % {
            "code": case.violation_code,
            "date": case.act_date.isoformat(),
            "place": case.place,
            "cases": "、".join(dict.fromkeys(names)),
        },
    )


def authority(case: Case) -> Authority:
    """R-03 on the act date."""
    if not case.violation_code:
        return Authority(Verdict.refuse("R-03", _("须选择违法行为，才能审查执法权限")), None, None)
    on = case.act_date or clock.today()
    return may_enforce(case.agency, case.domain_id, case.violation_code, on=on)


def assigned_officers(case: Case) -> list[CaseOfficer]:
    return list(CaseOfficer.objects.filter(case_id=case.pk, active=True).select_related("officer"))


def officers_check(case: Case, *, on: date | None = None) -> Verdict:
    """R-01: two qualified officers assigned on `on`, and one lead officer."""
    on = on or clock.today()
    rows = assigned_officers(case)
    officers = list(
        with_qualification_data(Officer.objects.filter(pk__in=[r.officer_id for r in rows]))
    )
    verdict = two_qualified(officers, case.domain_id, on=on)
    leads = [r for r in rows if r.is_lead]
    if len(leads) != 1:
        verdict += Verdict.refuse("R-01", _("须指定一名主办人员"))
    return verdict


def required_data(case: Case) -> Verdict:
    problems = []
    if not CaseParty.objects.filter(case_id=case.pk).exists():
        problems.append(RuleViolation("R-11", _("须登记当事人（用于同一违法行为查重）")))
    if not case.place.strip():
        problems.append(RuleViolation("R-11", _("须填写违法行为地点（用于同一违法行为查重）")))
    return Verdict.of(problems)


@dataclass(frozen=True)
class FilingReport:
    verdict: Verdict
    authority: Authority


def filing_checks(case: Case, user: Any, *, on: date | None = None) -> FilingReport:
    """Every filing check at once (R-03, R-10, R-11, R-01)."""
    auth = authority(case)
    verdict = (
        auth.verdict
        + limitation(case)
        + required_data(case)
        + duplicate_act(case, user)
        + officers_check(case, on=on)
    )
    return FilingReport(verdict, auth)
