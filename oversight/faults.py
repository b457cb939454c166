"""Fault reviews (执法过错审查, R-62) opened by the legal office from a case.

The legal office opens a review against officers who worked on the case, records a
finding for each (a fault — written to the officer's file through
`officers.services.records.record_fault`, which suspends the officer at once for a
wrongful case and flags two faults within 12 months — or no fault), and closes the review
with its conclusion once every officer has a finding. Every step is an audit event on the
case.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from cases.models import Case, CaseOfficer, officer_of
from core import clock
from core.errors import DomainError, PermissionDenied
from core.roles import Role, has_role
from officers.models import Fault, Officer
from officers.services.records import record_fault
from oversight.models import FaultFinding, FaultReview

OPENED = "oversight.fault_review.opened"
FINDING = "oversight.fault_review.finding_recorded"
CLOSED = "oversight.fault_review.closed"


def _authorise(by: Any, case: Case) -> None:
    officer = officer_of(by)
    if (
        officer is None
        or officer.agency_id != case.agency_id
        or not has_role(by, Role.LEGAL_OFFICE)
    ):
        raise PermissionDenied(_("仅本机关法制机构可以审查本机关案件的执法过错。"))


def _text(value: str | None, label: str, *, required: bool = False) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise DomainError(_("“%(f)s”含有非法字符。") % {"f": label})
    if required and not text:
        raise DomainError(_("请填写“%(f)s”。") % {"f": label})
    return text


def case_officers(case: Case) -> list[Officer]:
    """Officers who worked on the case (current or past assignment, or its lead)."""
    ids = set(CaseOfficer.objects.filter(case=case).values_list("officer_id", flat=True))
    if case.lead_officer_id:
        ids.add(case.lead_officer_id)
    return list(Officer.objects.filter(pk__in=ids).order_by("name", "pk"))


@transaction.atomic
def open_review(case: Case, *, by: Any, officers: list[Officer], grounds: str) -> FaultReview:
    """R-62: open a review of the case's officers."""
    _authorise(by, case)
    grounds = _text(grounds, _("启动理由"), required=True)
    if not officers:
        raise DomainError(_("请选择被审查的执法人员。"))
    allowed = {o.pk for o in case_officers(case)}
    strangers = [o for o in officers if o.pk not in allowed]
    if strangers:
        raise DomainError(
            _("%(names)s 未承办本案，不能在本案中审查其执法过错。")
            % {"names": "、".join(o.name for o in strangers)}
        )
    review = FaultReview.objects.create(
        case=case, grounds=grounds, opened_by=by, opened_on=clock.today()
    )
    review.officers.set(officers)
    record(
        OPENED,
        review,
        by=by,
        data={
            "rule": "R-62",
            "grounds": grounds,
            "officers": [{"id": o.pk, "name": o.name} for o in officers],
        },
    )
    return review


def _locked(review: FaultReview) -> FaultReview:
    return FaultReview.objects.select_for_update().select_related("case").get(pk=review.pk)


@transaction.atomic
def record_finding(
    review: FaultReview,
    *,
    by: Any,
    officer: Officer,
    outcome: str,
    note: str = "",
    kind: str = "",
    occurred_on: date | None = None,
    finding: str = "",
    sanction: str = "",
    measure: str = "",
    recovery_amount: Decimal | None = None,
) -> FaultFinding:
    """The finding on one officer. A fault goes to the officer's file (R-62: a wrongful
    case suspends the officer at once; serious impact records suspension or removal; two
    faults within 12 months flag the officer for handling at review)."""
    review = _locked(review)
    case = review.case
    _authorise(by, case)
    if review.status != FaultReview.Status.OPEN:
        raise DomainError(_("该审查已办结，不能再记录认定。"))
    if not review.officers.filter(pk=officer.pk).exists():
        raise DomainError(_("%(name)s 不在本次审查范围内。") % {"name": officer.name})
    if FaultFinding.objects.filter(review=review, officer=officer).exists():
        raise DomainError(_("已记录对 %(name)s 的认定。") % {"name": officer.name})
    note = _text(note, _("说明"))
    fault = None
    if outcome == FaultFinding.Outcome.FAULT:
        if kind not in Fault.Kind.values:
            raise DomainError(_("请选择过错类型。"))
        if occurred_on is None:
            raise DomainError(_("请填写过错发生日期。"))
        fault = record_fault(
            officer,
            by=by,
            kind=kind,
            occurred_on=occurred_on,
            finding=_text(finding, _("认定事实"), required=True),
            case_reference=case.number or case.display_number,
            sanction=_text(sanction, _("处理结果")),
            measure=measure or "",
            recovery_amount=recovery_amount,
        )
    elif outcome != FaultFinding.Outcome.CLEARED:
        raise DomainError(_("请选择认定结果。"))
    row = FaultFinding.objects.create(
        review=review,
        officer=officer,
        outcome=outcome,
        fault=fault,
        note=note,
        recorded_by=by,
        recorded_on=clock.today(),
    )
    record(
        FINDING,
        review,
        by=by,
        data={
            "rule": "R-62",
            "officer": {"id": officer.pk, "name": officer.name},
            "outcome": outcome,
            "fault": fault.pk if fault else None,
            "kind": kind if fault else "",
            "sanction": fault.sanction if fault else "",
            "note": note,
        },
    )
    return row


def close_verdict(review: FaultReview) -> list[str]:
    """Why the review cannot be closed yet (empty: it can)."""
    problems = []
    if review.status != FaultReview.Status.OPEN:
        problems.append(_("该审查已办结。"))
    found = set(review.findings.values_list("officer_id", flat=True))
    missing = [o.name for o in review.officers.all() if o.pk not in found]
    if missing:
        problems.append(_("尚未记录对 %(names)s 的认定。") % {"names": "、".join(missing)})
    return problems


@transaction.atomic
def close_review(review: FaultReview, *, by: Any, conclusion: str) -> FaultReview:
    review = _locked(review)
    _authorise(by, review.case)
    conclusion = _text(conclusion, _("审查结论"), required=True)
    problems = close_verdict(review)
    if problems:
        raise DomainError(" ".join(problems))
    review.status = FaultReview.Status.CLOSED
    review.closed_by = by
    review.closed_on = clock.today()
    review.conclusion = conclusion
    review.save(update_fields=["status", "closed_by", "closed_on", "conclusion"])
    record(CLOSED, review, by=by, data={"rule": "R-62", "conclusion": conclusion})
    return review
