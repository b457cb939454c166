"""陈述申辩 (R-25): statements received, their re-check (复核), and written waivers.

Every statement is recorded (in person, written, by post, electronic) with its
attachments, stored like evidence (type judged by content, sha256 kept); every statement
gets exactly one re-check: adopted, partly adopted or not adopted, with reasons when not
(fully) adopted. A waiver of the statement (or hearing) right counts only in writing: it
is recorded with the signed document. The gate (`penalties.gate`) reads these rows.
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
from cases.models import Case
from cases.services.common import clean_text, lock
from core import clock
from core.errors import DomainError, RuleViolation, Verdict
from penalties.gate import current_notice
from penalties.models import Notice, Recheck, Statement, StatementAttachment, Waiver
from penalties.services.notices import AFTER_NOTICE, MAX_TEXT

MAX_ATTACHMENTS = 10


# --- uploads ---------------------------------------------------------------------------------


def read_upload(upload) -> tuple[bytes, uploads.Sniffed]:
    """The content of an upload and its type judged by content (like evidence, R-22)."""
    limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
    too_big = _("文件超过大小上限（%(mb)s MB）") % {"mb": round(limit / 1024 / 1024, 1)}
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise DomainError(too_big)
    data = b""
    if hasattr(upload, "seek"):
        upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        data += chunk
        if len(data) > limit:
            raise DomainError(too_big)
    if not data:
        raise DomainError(_("文件为空"))
    kind = uploads.sniff(data)
    if kind is None:
        raise DomainError(
            _("文件类型不在允许范围内（按文件内容判断，允许：%(types)s）")
            % {"types": uploads.ACCEPTED_LABELS}
        )
    return data, kind


def _store(row, upload, data: bytes, kind: uploads.Sniffed, *, by: Any) -> None:
    name = clean_text(getattr(upload, "name", "") or "upload", label=_("文件名"))[:200]
    row.original_name = name or "upload"
    row.content_type = kind.content_type
    row.size = len(data)
    row.sha256 = hashlib.sha256(data).hexdigest()
    row.uploaded_by = by
    row.uploaded_at = clock.now()
    row.file.save(f"{row.sha256}{kind.extension}", ContentFile(data), save=False)


# --- guards ----------------------------------------------------------------------------------


def _served_notice(case: Case) -> Verdict:
    notice = current_notice(case)
    if notice is None or not notice.is_served:
        return Verdict.refuse("R-24", _("行政处罚告知书尚未送达，不能登记陈述申辩或放弃"))
    return Verdict()


def statement_verdict(case: Case, user: Any) -> Verdict:
    return (
        guards.may_change(case, user)
        + guards.in_states(case, AFTER_NOTICE, "R-25", _("登记陈述申辩"))
        + _served_notice(case)
    )


def recheck_verdict(statement: Statement, user: Any) -> Verdict:
    case = statement.notice.case
    verdict = guards.may_change(case, user)
    if Recheck.objects.filter(statement=statement).exists():
        verdict += Verdict.refuse(
            "R-25", _("第%(seq)s号陈述申辩已复核，每份陈述申辩只复核一次") % {"seq": statement.seq}
        )
    return verdict


def waiver_verdict(case: Case, user: Any) -> Verdict:
    return (
        guards.may_change(case, user)
        + guards.in_states(case, AFTER_NOTICE, "R-25", _("登记书面放弃"))
        + _served_notice(case)
    )


def _check_date(value: Any, *, notice: Notice, label: str) -> date:
    if not isinstance(value, date):
        raise DomainError(_("%(label)s无效") % {"label": label})
    today = clock.today()
    if value > today:
        raise DomainError(_("%(label)s %(d)s 晚于今天") % {"label": label, "d": value.isoformat()})
    if value < notice.issued_on:
        raise DomainError(
            _("%(label)s %(d)s 早于告知书制作日期 %(i)s")
            % {"label": label, "d": value.isoformat(), "i": notice.issued_on.isoformat()}
        )
    return value


# --- statements --------------------------------------------------------------------------------


@transaction.atomic
def record_statement(
    case: Case,
    *,
    by: Any,
    received_on: date,
    channel: str,
    stated_by: str,
    content: str,
    attachments: list | None = None,
) -> Statement:
    """R-25: record a statement received from the party (late ones are kept and marked)."""
    case = lock(case)
    statement_verdict(case, by).raise_if_refused()
    notice = current_notice(case)
    if channel not in Statement.Channel.values:
        raise DomainError(_("提出方式无效"))
    received_on = _check_date(received_on, notice=notice, label=_("收到日期"))
    stated_by = clean_text(stated_by, required=True, label=_("陈述申辩人"))[:200]
    content = clean_text(content, required=True, label=_("陈述申辩内容"))
    if len(content) > MAX_TEXT:
        raise DomainError(_("陈述申辩内容过长（上限 %(n)s 字）") % {"n": MAX_TEXT})
    files = [f for f in (attachments or []) if f]
    if len(files) > MAX_ATTACHMENTS:
        raise DomainError(_("附件不得超过 %(n)s 个") % {"n": MAX_ATTACHMENTS})
    read = [(f, *read_upload(f)) for f in files]  # every file checked before anything is written
    seq = (Statement.objects.filter(case=case).aggregate(m=Max("seq"))["m"] or 0) + 1
    late = received_on > notice.statement_deadline
    statement = Statement.objects.create(
        notice=notice,
        case=case,
        seq=seq,
        received_on=received_on,
        channel=channel,
        stated_by=stated_by,
        content=content,
        late=late,
        recorded_by=by,
        recorded_at=clock.now(),
    )
    saved = []
    try:
        for upload, data, kind in read:
            row = StatementAttachment(statement=statement)
            _store(row, upload, data, kind, by=by)
            saved.append(row.file.name)
            row.save()
            audit.record(
                "penalties.statement.attachment_added",
                row,
                by=by,
                data={"statement": seq, "name": row.original_name, "sha256": row.sha256},
            )
        audit.record(
            "penalties.statement.recorded",
            statement,
            by=by,
            data={
                "seq": seq,
                "received_on": received_on,
                "channel": channel,
                "stated_by": stated_by,
                "late": late,
                "attachments": len(read),
            },
        )
    except Exception:
        for name in saved:
            StatementAttachment._meta.get_field("file").storage.delete(name)
        raise
    return statement


@transaction.atomic
def record_recheck(statement: Statement, *, by: Any, outcome: str, reasons: str) -> Recheck:
    """R-25: the re-check (复核) of one statement; not (fully) adopted needs reasons."""
    case = lock(statement.case_id)
    statement = Statement.objects.select_for_update().select_related("notice").get(pk=statement.pk)
    statement.notice.case = case
    recheck_verdict(statement, by).raise_if_refused()
    if outcome not in Recheck.Outcome.values:
        raise DomainError(_("复核结论无效"))
    reasons = clean_text(reasons, label=_("复核理由"))
    if len(reasons) > MAX_TEXT:
        raise DomainError(_("复核理由过长（上限 %(n)s 字）") % {"n": MAX_TEXT})
    if outcome != Recheck.Outcome.ADOPTED and not reasons:
        raise RuleViolation(  # not adopted → reasons
            "R-25", _("不予采纳或部分采纳陈述申辩的，须说明理由")
        )
    recheck = Recheck.objects.create(
        statement=statement,
        outcome=outcome,
        reasons=reasons,
        rechecked_on=clock.today(),
        rechecked_by=by,
    )
    audit.record(
        "penalties.statement.rechecked",
        recheck,
        by=by,
        data={"statement": statement.seq, "outcome": outcome, "reasons": reasons},
    )
    return recheck


# --- waiver ---------------------------------------------------------------------------------------


@transaction.atomic
def record_waiver(
    case: Case,
    *,
    by: Any,
    scope: str,
    signed_on: date,
    signed_by: str,
    document,
    note: str = "",
) -> Waiver:
    """R-25: the party's WRITTEN waiver, recorded with the signed document (an oral waiver
    does not shorten the statement period)."""
    case = lock(case)
    waiver_verdict(case, by).raise_if_refused()
    notice = current_notice(case)
    if scope not in Waiver.Scope.values:
        raise DomainError(_("放弃事项无效"))
    if scope != Waiver.Scope.STATEMENT and not notice.hearing_offered:
        raise RuleViolation("R-30", _("告知书未告知听证权利，无须放弃听证"))
    if document is None:
        raise RuleViolation(  # in writing, with the document
            "R-25", _("放弃陈述申辩权利须由当事人书面提出，请上传当事人签署的书面材料")
        )
    signed_on = _check_date(signed_on, notice=notice, label=_("签署日期"))
    signed_by = clean_text(signed_by, required=True, label=_("签署人"))[:200]
    note = clean_text(note, label=_("备注"))
    if len(note) > MAX_TEXT:
        raise DomainError(_("备注过长（上限 %(n)s 字）") % {"n": MAX_TEXT})
    data, kind = read_upload(document)
    waiver = Waiver(notice=notice, scope=scope, signed_on=signed_on, signed_by=signed_by, note=note)
    _store(waiver, document, data, kind, by=by)
    name = waiver.file.name
    try:
        waiver.save()
        audit.record(
            "penalties.waiver.recorded",
            waiver,
            by=by,
            data={
                "notice": notice.document.number,
                "scope": scope,
                "signed_on": signed_on,
                "signed_by": signed_by,
                "sha256": waiver.sha256,
            },
        )
    except Exception:
        Waiver._meta.get_field("file").storage.delete(name)
        raise
    return waiver


__all__ = [
    "read_upload",
    "recheck_verdict",
    "record_recheck",
    "record_statement",
    "record_waiver",
    "statement_verdict",
    "waiver_verdict",
]
