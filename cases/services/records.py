"""Records (笔录): on-site inspection and inquiry records.

R-01: at least two officers, qualified on the date of the record. R-02: each participant
is listed with the certificate number that qualified them that day (frozen on the row, so
a later certificate change does not rewrite history). Signature, or the refusal to sign,
is noted.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from cases import guards, integrations
from cases.models import Record, RecordOfficer, RecordQA
from cases.services.common import clean_text, ensure_can_change, lock
from core import clock
from core.errors import DomainError, RuleViolation
from officers.models import Officer
from officers.qualification import two_qualified, valid_certificate, with_qualification_data


@transaction.atomic
def create_record(
    case,
    *,
    by: Any,
    kind: str,
    held_on: date,
    place: str,
    subject_name: str,
    officers: list[Officer],
    signature: str,
    subject_role: str = "",
    content: str = "",
    qa: list[tuple[str, str]] | None = None,
    signature_note: str = "",
    witness: str = "",
    start_time: time | None = None,
    end_time: time | None = None,
) -> Record:
    case = lock(case)
    ensure_can_change(case, by)
    guards.investigative(case, _("制作笔录")).raise_if_refused()
    if kind not in Record.Kind.values:
        raise DomainError(_("笔录种类无效"))
    if held_on > clock.today():
        raise DomainError(_("笔录日期不得晚于今天"))
    if start_time and end_time and end_time < start_time:
        raise DomainError(_("结束时间不得早于开始时间"))
    officers = list(
        with_qualification_data(Officer.objects.filter(pk__in=[o.pk for o in officers]))
    )
    if any(o.agency_id != case.agency_id for o in officers):
        raise DomainError(_("参与人员须为本机关执法人员"))
    two_qualified(officers, case.domain_id, on=held_on).raise_if_refused()
    guards.officers_recusal(case, officers).raise_if_refused()
    pairs = [(clean_text(q, label=_("问")), clean_text(a, label=_("答"))) for q, a in (qa or [])]
    pairs = [(q, a) for q, a in pairs if q or a]
    if any(not q for q, _a in pairs):
        raise DomainError(_("每条问答须填写问题"))
    if kind == Record.Kind.INQUIRY and not pairs:
        raise DomainError(_("询问笔录须至少记录一组问答"))
    content = clean_text(content, label=_("检查情况"))
    if kind == Record.Kind.INSPECTION and not content:
        raise DomainError(_("现场检查笔录须记录检查情况"))
    if signature not in Record.Signature.values:
        raise DomainError(_("请选择签名情况"))
    note = clean_text(signature_note, label=_("签名情况说明"))
    if signature != Record.Signature.SIGNED and not note:
        raise DomainError(_("当事人拒绝签名或无法签名的，须注明情况"))
    # the certificate that qualifies each participant on the date of the record.
    certs = {}
    for officer in officers:
        cert = valid_certificate(officer, case.domain_id, on=held_on)
        if cert is None:  # two_qualified passed, so this cannot happen; kept as a guard
            raise RuleViolation(
                "R-02", _("%(name)s没有有效执法证，不能参与制作笔录") % {"name": officer.name}
            )
        certs[officer.pk] = cert.number
    record = Record.objects.create(
        case=case,
        kind=kind,
        held_on=held_on,
        start_time=start_time,
        end_time=end_time,
        place=clean_text(place, required=True, label=_("地点")),
        subject_name=clean_text(subject_name, required=True, label=_("被询问人或现场负责人")),
        subject_role=clean_text(subject_role, label=_("身份")),
        content=content,
        signature=signature,
        signature_note=note,
        witness=clean_text(witness, label=_("见证人")),
        recorded_by=by,
    )
    RecordOfficer.objects.bulk_create(
        [
            RecordOfficer(record=record, officer=o, name=o.name, certificate_number=certs[o.pk])
            for o in officers
        ]
    )
    RecordQA.objects.bulk_create(
        [RecordQA(record=record, seq=i, question=q, answer=a) for i, (q, a) in enumerate(pairs, 1)]
    )
    doc = integrations.issue_record(case, record, by=by)
    if doc is not None:
        record.document_id = doc.pk
        record.save(update_fields=["document_id"])
    audit.record(
        "cases.record.created",
        record,
        by=by,
        data={
            "kind": kind,
            "held_on": held_on,
            "officers": [{"name": o.name, "certificate_number": certs[o.pk]} for o in officers],
            "signature": signature,
        },
    )
    return record
