"""Evidence (R-22) and evidence preservation (R-23).

Evidence is collected by two qualified officers (R-01), has one of the eight statutory
types, a content hash for every file, and a verified/excluded state; only verified
evidence may be cited (`selectors.citable_evidence`). Illegally obtained evidence is
excluded and can never become verified. The party's opinion on each item is recorded,
"no objection" too. Preservation needs a supervisor's approval and a disposal decision
within 7 WD.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from audit import services as audit
from cases import guards, uploads
from cases.models import Approval, Evidence, EvidenceFile, Preservation
from cases.services.common import clean_text, ensure_can_change, lock
from cases.states import State
from core import clock, workdays
from core.errors import DomainError, RuleViolation
from officers.models import Officer
from officers.qualification import two_qualified, with_qualification_data

PRESERVATION_DISPOSAL_WD = 7  # R-23 (Art 56)


def _lock_evidence(evidence: Evidence) -> tuple[Evidence, Any]:
    case = lock(evidence.case_id)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    return evidence, case


@transaction.atomic
def add_evidence(
    case,
    *,
    by: Any,
    type: str,
    title: str,
    collected_on: date,
    collectors: list[Officer],
    method: str,
    source: str,
    description: str = "",
) -> Evidence:
    """R-22: record an item; R-01: collected by two qualified officers on that date."""
    case = lock(case)
    ensure_can_change(case, by)
    guards.investigative(case, _("收集证据")).raise_if_refused()
    if type not in Evidence.Type.values:
        raise RuleViolation("R-22", _("证据种类须为法定的八种证据之一"))
    if collected_on > clock.today():
        raise DomainError(_("收集日期不得晚于今天"))
    officers = list(
        with_qualification_data(Officer.objects.filter(pk__in=[o.pk for o in collectors]))
    )
    if any(o.agency_id != case.agency_id for o in officers):
        raise DomainError(_("收集人员须为本机关执法人员"))
    two_qualified(officers, case.domain_id, on=collected_on).raise_if_refused()
    guards.officers_recusal(case, officers).raise_if_refused()
    seq = (Evidence.objects.filter(case=case).aggregate(m=Max("seq"))["m"] or 0) + 1
    evidence = Evidence.objects.create(
        case=case,
        seq=seq,
        type=type,
        title=clean_text(title, required=True, label=_("证据名称")),
        description=clean_text(description, label=_("证明内容")),
        collected_on=collected_on,
        method=clean_text(method, required=True, label=_("收集方式")),
        source=clean_text(source, required=True, label=_("证据来源")),
        recorded_by=by,
    )
    evidence.collected_by.set(officers)
    audit.record(
        "cases.evidence.added",
        evidence,
        by=by,
        data={
            "seq": seq,
            "type": type,
            "title": evidence.title,
            "collectors": [o.name for o in officers],
        },
    )
    return evidence


def _read_upload(upload) -> bytes:
    limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise DomainError(_too_big(limit))
    data = b""
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        data += chunk
        if len(data) > limit:
            raise DomainError(_too_big(limit))
    return data


def _too_big(limit: int) -> str:
    return _("文件超过大小上限（%(mb)s MB）") % {"mb": round(limit / 1024 / 1024, 1)}


@transaction.atomic
def attach_file(evidence: Evidence, *, by: Any, upload) -> EvidenceFile:
    """Store a file for an item: size limit, type by content, sha256 kept (R-22)."""
    evidence, case = _lock_evidence(evidence)
    ensure_can_change(case, by)
    if evidence.state == Evidence.State.EXCLUDED:
        raise DomainError(_("已排除的证据不能再上传文件"))
    data = _read_upload(upload)
    if not data:
        raise DomainError(_("文件为空"))
    kind = uploads.sniff(data)
    if kind is None:
        raise DomainError(
            _("文件类型不在允许范围内（按文件内容判断，允许：%(types)s）")
            % {"types": uploads.ACCEPTED_LABELS}
        )
    digest = hashlib.sha256(data).hexdigest()
    name = clean_text(getattr(upload, "name", "") or "upload", label=_("文件名"))[:200] or "upload"
    row = EvidenceFile(
        evidence=evidence,
        original_name=name,
        content_type=kind.content_type,
        extension=kind.extension,
        size=len(data),
        sha256=digest,
        uploaded_by=by,
    )
    row.file.save(f"{digest}{kind.extension}", ContentFile(data), save=False)
    row.save()
    audit.record(
        "cases.evidence.file_uploaded",
        row,
        by=by,
        case_id=case.pk,
        data={
            "evidence": evidence.seq,
            "name": name,
            "sha256": digest,
            "size": len(data),
            "type": kind.label,
        },
    )
    return row


def record_download(file: EvidenceFile, *, by: Any) -> None:
    """Every download of an evidence file is an audit event (the view checked access)."""
    with transaction.atomic():
        audit.record(
            "cases.evidence.file_downloaded",
            file,
            by=by,
            case_id=file.evidence.case_id,
            data={"sha256": file.sha256, "name": file.original_name},
        )


@transaction.atomic
def verify_evidence(evidence: Evidence, *, by: Any, note: str = "") -> Evidence:
    """R-22: checked and found true; illegally obtained evidence can never be verified."""
    evidence, case = _lock_evidence(evidence)
    ensure_can_change(case, by)
    if evidence.illegally_obtained:
        raise RuleViolation("R-22", _("以非法手段取得的证据不得作为认定案件事实的根据"))
    if evidence.state == Evidence.State.VERIFIED:
        raise DomainError(_("该证据已查证属实"))
    evidence.state = Evidence.State.VERIFIED
    evidence.state_reason = clean_text(note, label=_("审查说明"))
    evidence.reviewed_by = by
    evidence.reviewed_on = clock.today()
    evidence.save(update_fields=["state", "state_reason", "reviewed_by", "reviewed_on"])
    audit.record(
        "cases.evidence.verified",
        evidence,
        by=by,
        data={"seq": evidence.seq, "note": evidence.state_reason},
    )
    return evidence


@transaction.atomic
def exclude_evidence(
    evidence: Evidence, *, by: Any, reasons: str, illegally_obtained: bool = False
) -> Evidence:
    """R-22: excluded (with reasons); illegally obtained evidence is excluded for good."""
    evidence, case = _lock_evidence(evidence)
    ensure_can_change(case, by)
    reasons = clean_text(reasons, required=True, label=_("排除理由"))
    before = {"state": evidence.state, "illegally_obtained": evidence.illegally_obtained}
    evidence.state = Evidence.State.EXCLUDED
    evidence.illegally_obtained = evidence.illegally_obtained or bool(illegally_obtained)
    evidence.state_reason = reasons
    evidence.reviewed_by = by
    evidence.reviewed_on = clock.today()
    evidence.save(
        update_fields=["state", "illegally_obtained", "state_reason", "reviewed_by", "reviewed_on"]
    )
    audit.record(
        "cases.evidence.excluded",
        evidence,
        by=by,
        before=before,
        after={"state": evidence.state, "illegally_obtained": evidence.illegally_obtained},
        data={"seq": evidence.seq, "reasons": reasons},
    )
    return evidence


@transaction.atomic
def record_party_opinion(evidence: Evidence, *, by: Any, opinion: str, text: str = "") -> Evidence:
    """R-22: the party's opinion on an item, "no objection" recorded too."""
    evidence, case = _lock_evidence(evidence)
    ensure_can_change(case, by)
    if opinion not in {
        Evidence.Opinion.NO_OBJECTION,
        Evidence.Opinion.OBJECTION,
        Evidence.Opinion.REFUSED,
    }:
        raise RuleViolation("R-22", _("请选择当事人对证据的意见"))
    text = clean_text(text, label=_("意见内容"))
    if opinion == Evidence.Opinion.OBJECTION and not text:
        raise RuleViolation("R-22", _("当事人有异议的，须记录异议内容"))
    evidence.party_opinion = opinion
    evidence.party_opinion_text = text
    evidence.party_opinion_on = clock.today()
    evidence.save(update_fields=["party_opinion", "party_opinion_text", "party_opinion_on"])
    audit.record(
        "cases.evidence.opinion_recorded",
        evidence,
        by=by,
        data={"seq": evidence.seq, "opinion": opinion, "text": text},
    )
    return evidence


# --- Preservation (R-23) ------------------------------------------------------------------
@transaction.atomic
def request_preservation(case, *, by: Any, items: str, place: str, reasons: str) -> Preservation:
    case = lock(case)
    ensure_can_change(case, by)
    guards.in_states(
        case, {State.FILED, State.INVESTIGATING}, "R-23", _("申请先行登记保存")
    ).raise_if_refused()
    reasons = clean_text(reasons, required=True, label=_("保存理由"))
    approval = Approval.objects.create(
        case=case,
        kind=Approval.Kind.PRESERVATION,
        reasons=reasons,
        requested_by=by,
        requested_on=clock.today(),
    )
    p = Preservation.objects.create(
        case=case,
        items=clean_text(items, required=True, label=_("保存物品清单")),
        place=clean_text(place, required=True, label=_("保存地点")),
        reasons=reasons,
        approval=approval,
        requested_by=by,
        requested_on=clock.today(),
    )
    audit.record("cases.preservation.requested", p, by=by, data={"items": p.items})
    return p


@transaction.atomic
def decide_preservation(p: Preservation, *, by: Any, approve: bool, note: str = "") -> Preservation:
    """R-23: head approval; the disposal decision is then due within 7 WD."""
    p = Preservation.objects.select_for_update().get(pk=p.pk)
    case = lock(p.case_id)
    guards.not_closed(case).raise_if_refused()
    guards.supervisor(case, by, "R-23", _("先行登记保存")).raise_if_refused()
    if p.status != Preservation.Status.PENDING:
        raise DomainError(_("该申请已审批，不能重复审批"))
    today = clock.today()
    approval = Approval.objects.select_for_update().get(pk=p.approval_id)
    approval.status = Approval.Status.APPROVED if approve else Approval.Status.REJECTED
    approval.decided_by = by
    approval.decided_on = today
    approval.decision_note = clean_text(note, required=not approve, label=_("审批意见"))
    approval.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])
    if approve:
        p.status = Preservation.Status.APPROVED
        p.preserved_on = today
        p.disposal_due_on = workdays.add_workdays(today, PRESERVATION_DISPOSAL_WD)
    else:
        p.status = Preservation.Status.REJECTED
    p.save(update_fields=["status", "preserved_on", "disposal_due_on"])
    audit.record(
        "cases.preservation.approved" if approve else "cases.preservation.rejected",
        p,
        by=by,
        data={"disposal_due_on": p.disposal_due_on, "note": approval.decision_note},
    )
    return p


@transaction.atomic
def dispose_preservation(
    p: Preservation, *, by: Any, disposal: str, note: str = ""
) -> Preservation:
    """R-23: the disposal decision; one taken after the 7 WD is recorded as late."""
    p = Preservation.objects.select_for_update().get(pk=p.pk)
    case = lock(p.case_id)
    ensure_can_change(case, by)
    if p.status != Preservation.Status.APPROVED:
        raise DomainError(_("只有已批准保存的物品才能作出处理决定"))
    if disposal not in Preservation.Disposal.values:
        raise DomainError(_("请选择处理决定"))
    today = clock.today()
    late = p.disposal_due_on is not None and today > p.disposal_due_on
    p.status = Preservation.Status.DISPOSED
    p.disposal = disposal
    p.disposal_note = clean_text(note, required=late, label=_("处理说明（逾期须说明原因）"))
    p.disposed_on = today
    p.save(update_fields=["status", "disposal", "disposal_note", "disposed_on"])
    audit.record(
        "cases.preservation.disposed",
        p,
        by=by,
        data={"disposal": disposal, "late": late, "due": p.disposal_due_on},
    )
    return p
