"""Exams (R-60), training records and faults (执法过错, R-62) of an officer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record, snapshot
from core import clock
from core.errors import DomainError
from core.roles import Role
from officers.models import Exam, Fault, Officer, Training
from officers.services._common import (
    actor_label,
    add_months,
    authorise,
    clean_text,
    full_clean_or_raise,
)
from officers.services.certificates import maybe_clear_new_staff

EXAM_FIELDS = ("kind", "subject", "taken_on", "score", "passed", "organiser")
TRAINING_FIELDS = (
    "kind",
    "title",
    "law_name",
    "started_on",
    "ended_on",
    "hours",
    "organiser",
    "result",
)
FAULT_FIELDS = (
    "case_reference",
    "kind",
    "occurred_on",
    "found_on",
    "sanction",
    "measure",
    "recovery_amount",
    "recovery_status",
    "recovered_amount",
)
OFFICER_FLAGS = (
    "status",
    "status_since",
    "status_reason",
    "flagged_for_transfer",
    "flagged_for_review",
)
FAULT_WINDOW_MONTHS = 12


def _set_status(officer: Officer, status: str, reason: str) -> list[str]:
    officer.status = status
    officer.status_since = clock.today()
    officer.status_reason = reason[:255]
    return ["status", "status_since", "status_reason"]


@transaction.atomic
def record_exam(
    officer: Officer,
    *,
    by: Any,
    subject: str,
    taken_on: date,
    passed: bool,
    kind: str = Exam.Kind.QUALIFICATION,
    score: Decimal | None = None,
    organiser: str = "",
    notes: str = "",
) -> Exam:
    """R-60. Pass: new staff are cleared once they also hold a valid certificate; an
    officer in off-post study returns to post (unless flagged for transfer, which is the
    head's decision). First fail: off-post study. A second consecutive fail (after the
    study): flagged for transfer out of enforcement posts."""
    authorise(by, officer.agency_id, Role.AGENCY_ADMIN)
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    if taken_on > clock.today():
        raise DomainError(_("考试日期不能晚于今天。"))
    exam = Exam(
        officer=officer,
        kind=kind,
        subject=clean_text(subject, _("考试科目")),
        taken_on=taken_on,
        score=score,
        passed=passed,
        organiser=clean_text(organiser, _("组织单位")),
        notes=clean_text(notes, _("备注")),
        recorded_by_name=actor_label(by),
    )
    full_clean_or_raise(exam)
    previous = (
        Exam.objects.filter(officer=officer, taken_on__lte=taken_on)
        .order_by("-taken_on", "-pk")
        .first()
    )
    exam.save()
    record("officers.exam.recorded", exam, by=by, after=snapshot(exam, EXAM_FIELDS))

    before = snapshot(officer, OFFICER_FLAGS)
    fields: list[str] = []
    action = ""
    if passed:
        if officer.status == Officer.Status.OFF_POST_STUDY and not officer.flagged_for_transfer:
            fields += _set_status(officer, Officer.Status.ON_POST, _("离岗学习后考试合格，返岗"))
            action = "officers.officer.returned_to_post"
    elif (
        previous is not None
        and not previous.passed
        and officer.status == Officer.Status.OFF_POST_STUDY
    ):
        # failed again after off-post study → to be transferred out (head decides).
        if not officer.flagged_for_transfer:
            officer.flagged_for_transfer = True
            fields.append("flagged_for_transfer")
            action = "officers.officer.flagged_for_transfer"
    elif officer.status == Officer.Status.ON_POST:
        # a failed exam puts the officer off post for study.
        fields += _set_status(officer, Officer.Status.OFF_POST_STUDY, _("考试不合格，离岗学习"))
        action = "officers.officer.off_post_study"
    if fields:
        officer.save(update_fields=fields)
        record(
            action,
            officer,
            by=by,
            before=before,
            after=snapshot(officer, OFFICER_FLAGS),
            data={"rule": "R-60", "exam": exam.pk},
        )
    if passed:
        maybe_clear_new_staff(officer, by=by)
    return exam


@transaction.atomic
def record_training(
    officer: Officer,
    *,
    by: Any,
    title: str,
    started_on: date,
    ended_on: date,
    hours: Decimal,
    kind: str = Training.Kind.REGULAR,
    law_name: str = "",
    organiser: str = "",
    result: str = "",
) -> Training:
    """A training record; new-law training (新法培训) names the law studied."""
    authorise(by, officer.agency_id, Role.AGENCY_ADMIN)
    if ended_on < started_on:
        raise DomainError(_("结束日期不得早于开始日期。"))
    law_name = clean_text(law_name, _("所学新法"))
    if kind == Training.Kind.NEW_LAW and not law_name:
        raise DomainError(_("新法培训须填写所学法律、法规或规章名称。"))
    training = Training(
        officer=officer,
        kind=kind,
        title=clean_text(title, _("培训名称")),
        law_name=law_name,
        started_on=started_on,
        ended_on=ended_on,
        hours=hours,
        organiser=clean_text(organiser, _("组织单位")),
        result=clean_text(result, _("结业情况")),
        recorded_by_name=actor_label(by),
    )
    full_clean_or_raise(training)
    training.save()
    record("officers.training.recorded", training, by=by, after=snapshot(training, TRAINING_FIELDS))
    return training


def faults_within_window(officer: Officer, around: date) -> int:
    """Faults that occurred within 12 months either side of `around` (both ends included)."""
    return Fault.objects.filter(
        officer=officer,
        occurred_on__gte=add_months(around, -FAULT_WINDOW_MONTHS),
        occurred_on__lte=add_months(around, FAULT_WINDOW_MONTHS),
    ).count()


@transaction.atomic
def record_fault(
    officer: Officer,
    *,
    by: Any,
    kind: str,
    occurred_on: date,
    finding: str,
    case_reference: str = "",
    found_on: date | None = None,
    sanction: str = "",
    measure: str = "",
    recovery_amount: Decimal | None = None,
    recovery_status: str = Fault.Recovery.NOT_APPLICABLE,
) -> Fault:
    """R-62. A wrongful case suspends the officer at once (pending handling); serious
    impact records suspension or removal from post; two or more faults within 12 months
    flag the officer for handling at review."""
    authorise(by, officer.agency_id, Role.AGENCY_ADMIN, Role.LEGAL_OFFICE)
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    today = clock.today()
    found_on = found_on or today
    if occurred_on > today or found_on > today:
        raise DomainError(_("过错发生日期和认定日期不能晚于今天。"))
    if found_on < occurred_on:
        raise DomainError(_("认定日期不得早于过错发生日期。"))
    if kind not in Fault.Kind.values:
        raise DomainError(_("无效的过错类型。"))
    if kind == Fault.Kind.SERIOUS_IMPACT and measure not in (
        Fault.Measure.SUSPENSION,
        Fault.Measure.REMOVAL,
    ):
        # 造成恶劣影响的，一律先停职或免职.
        raise DomainError(_("R-62：造成恶劣影响的执法过错须记录停职或免职。"))
    if kind != Fault.Kind.SERIOUS_IMPACT and measure:
        raise DomainError(_("停职或免职仅用于造成恶劣影响的执法过错。"))
    if recovery_amount is not None and recovery_status == Fault.Recovery.NOT_APPLICABLE:
        recovery_status = Fault.Recovery.PENDING
    fault = Fault(
        officer=officer,
        kind=kind,
        occurred_on=occurred_on,
        found_on=found_on,
        finding=clean_text(finding, _("认定事实")),
        case_reference=clean_text(case_reference, _("案件编号")),
        sanction=clean_text(sanction, _("处理结果")),
        measure=measure,
        recovery_amount=recovery_amount,
        recovery_status=recovery_status,
        recorded_by_name=actor_label(by),
    )
    full_clean_or_raise(fault)
    fault.save()
    record(
        "officers.fault.recorded",
        fault,
        by=by,
        after={**snapshot(fault, FAULT_FIELDS), "finding": fault.finding},
    )

    before = snapshot(officer, OFFICER_FLAGS)
    fields: list[str] = []
    actions: list[str] = []
    ref = fault.case_reference or "—"
    if kind == Fault.Kind.WRONGFUL_CASE and officer.status != Officer.Status.TRANSFERRED:
        # 对违法执法造成错案的，一律先停止执法.
        if officer.status != Officer.Status.SUSPENDED:
            fields += _set_status(
                officer, Officer.Status.SUSPENDED, _("R-62：错案（%(c)s），先停止执法") % {"c": ref}
            )
            actions.append("officers.officer.suspended")
    elif kind == Fault.Kind.SERIOUS_IMPACT:
        # serious impact → suspension (停职) or removal from post (免职).
        target = (
            Officer.Status.SUSPENDED
            if measure == Fault.Measure.SUSPENSION
            else Officer.Status.TRANSFERRED
        )
        if officer.status != target and officer.status != Officer.Status.TRANSFERRED:
            label = fault.get_measure_display()
            fields += _set_status(
                officer,
                target,
                _("R-62：执法过错造成恶劣影响（%(c)s），%(m)s") % {"c": ref, "m": label},
            )
            actions.append(
                "officers.officer.suspended"
                if target == Officer.Status.SUSPENDED
                else "officers.officer.removed_from_post"
            )
    # two or more faults within 12 months flag the officer for handling at review.
    if not officer.flagged_for_review and faults_within_window(officer, occurred_on) >= 2:
        officer.flagged_for_review = True
        fields.append("flagged_for_review")
        actions.append("officers.officer.flagged_for_review")
    if fields:
        officer.save(update_fields=fields)
        after = snapshot(officer, OFFICER_FLAGS)
        for action in actions:
            record(
                action,
                officer,
                by=by,
                before=before,
                after=after,
                data={"rule": "R-62", "fault": fault.pk},
            )
    return fault


@transaction.atomic
def update_fault(fault: Fault, *, by: Any, **values: Any) -> Fault:
    """Later steps of the handling: the sanction decided, compensation recovery (追偿)
    after state compensation, and how much has been recovered."""
    fault = Fault.objects.select_for_update().select_related("officer").get(pk=fault.pk)
    authorise(by, fault.officer.agency_id, Role.AGENCY_ADMIN, Role.LEGAL_OFFICE)
    allowed = {
        "sanction",
        "recovery_amount",
        "recovery_status",
        "recovered_amount",
        "case_reference",
        "finding",
    }
    unknown = set(values) - allowed
    if unknown:
        raise DomainError(_("不可修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    fields = [*FAULT_FIELDS, "finding"]
    before = snapshot(fault, fields)
    for key, value in values.items():
        setattr(
            fault,
            key,
            clean_text(value, key)
            if isinstance(value, str) and key != "recovery_status"
            else value,
        )
    if fault.recovery_status not in Fault.Recovery.values:
        raise DomainError(_("无效的追偿状态。"))
    if (
        fault.recovery_status
        in (Fault.Recovery.PENDING, Fault.Recovery.PARTIAL, Fault.Recovery.RECOVERED)
        and fault.recovery_amount is None
    ):
        raise DomainError(_("请填写追偿金额。"))
    if fault.recovery_amount is not None and (fault.recovered_amount or 0) > fault.recovery_amount:
        raise DomainError(_("已追偿金额不得超过追偿金额。"))
    if (
        fault.recovery_status == Fault.Recovery.RECOVERED
        and fault.recovered_amount != fault.recovery_amount
    ):
        raise DomainError(_("状态为“已追偿”时，已追偿金额应等于追偿金额。"))
    full_clean_or_raise(fault)
    after = snapshot(fault, fields)
    changed = [k for k in fields if before[k] != after[k]]
    if changed:
        fault.save(update_fields=changed)
        record(
            "officers.fault.updated",
            fault,
            by=by,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return fault
