"""Every write on documents: issue, reserve numbers, re-render, serve, void, download.

Stages (cases, penalties) build a document's data and call `issue_document`; they never
write these models themselves. Each function runs in one transaction, locks what it
changes, refuses with a translated DomainError/RuleViolation before writing anything, and
records its audit event in the same transaction. Rendering is scheduled on commit.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from core import clock
from core.errors import DomainError, RuleViolation, Verdict
from documents import actions, kinds, numbering, tasks, validation
from documents.kinds import DocumentKind
from documents.models import Document, DocumentVersion, ServiceRecord
from officers.models import Agency

MAX_RESERVED = 100
# A version still pending after this long is taken as lost (worker down) and may be redone.
STALE_RENDER = timedelta(minutes=10)
PROOF_TYPES = {b"%PDF": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def _kind(code: str) -> DocumentKind:
    try:
        return kinds.get(code)
    except KeyError:
        raise DomainError(_("未知的文书种类：%(kind)s") % {"kind": code}) from None


def _schedule_render(version_id: int) -> None:
    """Render after commit, so the worker finds the committed row (eager: in-process)."""
    transaction.on_commit(lambda: tasks.render_version.delay(version_id), robust=True)


# --- Issuing -------------------------------------------------------------------------


def _check_issuer(agency: Agency) -> None:
    """Documents go out in the name of an enforcement body; an entrusted organisation acts
    in the delegating agency's name (R-03, Art 20), so the stage passes the principal."""
    if agency.kind == Agency.Kind.ENTRUSTED:
        raise RuleViolation(
            "R-03",
            _("%(name)s为受委托组织，须以委托机关的名义制作执法文书。") % {"name": agency.name},
        )
    if not agency.can_enforce:
        raise RuleViolation(
            "R-03", _("%(name)s不是有效的执法主体，不能制作执法文书。") % {"name": agency.name}
        )


@transaction.atomic
def issue_document(
    *,
    agency: Agency,
    case_id: int | None,
    kind: str,
    data: dict,
    by,
    reserved_number: str = "",
) -> Document:
    """Number the document (R-37), keep the data snapshot, queue version 1 for rendering.

    `reserved_number` uses a number handed out earlier by `reserve_numbers` (pre-numbered
    on-the-spot decisions, R-20) instead of taking the next one.
    """
    k = _kind(kind)
    _check_issuer(agency)
    snapshot = validation.normalise(k, data)
    now = clock.now()
    if reserved_number:
        doc = (
            Document.objects.select_for_update()
            .filter(agency=agency, number=reserved_number)
            .first()
        )
        if doc is None or doc.kind != k.code:
            raise RuleViolation(
                "R-37",
                _("本机关没有预留的%(title)s编号 %(number)s")
                % {"title": k.title, "number": reserved_number},
            )
        if doc.status != Document.Status.RESERVED:
            raise RuleViolation(
                "R-37", _("编号 %(number)s 已使用或已作废，不得再次使用") % {"number": doc.number}
            )
        doc.case_id, doc.data, doc.status = case_id, snapshot, Document.Status.ISSUED
        doc.issued_at, doc.issued_by, doc.agency_name = now, by, agency.name
        doc.save(
            update_fields=["case_id", "data", "status", "issued_at", "issued_by", "agency_name"]
        )
    else:
        year = clock.today().year
        (seq,) = numbering.take_numbers(agency, k, year)  # locked counter row
        doc = Document.objects.create(
            agency=agency,
            case_id=case_id,
            kind=k.code,
            year=year,
            seq=seq,
            number=numbering.format_number(agency, k, year, seq),
            title=str(k.title),
            agency_name=agency.name,
            status=Document.Status.ISSUED,
            data=snapshot,
            created_at=now,
            created_by=by,
            issued_at=now,
            issued_by=by,
        )
    version = DocumentVersion.objects.create(document=doc, n=1, requested_at=now, requested_by=by)
    audit.record(
        actions.ISSUED,
        doc,
        by=by,
        data={
            "number": doc.number,
            "kind": doc.kind,
            "version": 1,
            "reserved": bool(reserved_number),
        },
    )
    _schedule_render(version.pk)
    return doc


@transaction.atomic
def reserve_numbers(agency: Agency, kind: str, count: int, *, by) -> list[Document]:
    """Hand out `count` numbers in advance for pre-numbered forms (R-20 on-the-spot
    decisions). Each becomes a reserved Document that is later issued with
    `issue_document(reserved_number=…)` or voided when the blank form is spoiled, so the
    sequence stays gap-free (R-37)."""
    k = _kind(kind)
    _check_issuer(agency)
    if not k.reservable:
        raise DomainError(_("%(title)s不能预留编号。") % {"title": k.title})
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_RESERVED:
        raise DomainError(_("预留数量须在 1 至 %(max)d 之间。") % {"max": MAX_RESERVED})
    now = clock.now()
    year = clock.today().year
    seqs = numbering.take_numbers(agency, k, year, count)
    docs = [
        Document(
            agency=agency,
            kind=k.code,
            year=year,
            seq=seq,
            number=numbering.format_number(agency, k, year, seq),
            title=str(k.title),
            agency_name=agency.name,
            status=Document.Status.RESERVED,
            created_at=now,
            created_by=by,
        )
        for seq in seqs
    ]
    for doc in docs:
        doc.save(force_insert=True)
    audit.record(
        actions.NUMBERS_RESERVED,
        agency,
        by=by,
        data={"kind": k.code, "numbers": [d.number for d in docs]},
    )
    return docs


# --- Rendering -----------------------------------------------------------------------


def rerender_verdict(document: Document) -> Verdict:
    if document.status == Document.Status.RESERVED:
        return Verdict.refuse("R-37", _("预留编号尚未制作文书，无法生成。"))
    latest = document.latest_version
    if (
        latest is not None
        and latest.in_progress
        and clock.now() - latest.requested_at < STALE_RENDER
    ):
        return Verdict.refuse("R-37", _("文书正在生成，请稍候。"))
    return Verdict()


@transaction.atomic
def rerender(document: Document, *, by) -> DocumentVersion:
    """Render again as a new version; earlier versions and their hashes are kept."""
    doc = Document.objects.select_for_update().get(pk=document.pk)
    verdict = rerender_verdict(doc)
    if not verdict.ok:
        raise DomainError(verdict.problems[0].message)
    last = doc.versions.order_by("-n").values_list("n", flat=True).first() or 0
    version = DocumentVersion.objects.create(
        document=doc, n=last + 1, requested_at=clock.now(), requested_by=by
    )
    audit.record(actions.RERENDER_REQUESTED, doc, by=by, data={"version": version.n})
    _schedule_render(version.pk)
    return version


# --- Service (R-38) ------------------------------------------------------------------


def service_verdict(document: Document) -> Verdict:
    """Whether this document can be served at all (the UI shows the reasons)."""
    kind = kinds.get(document.kind)
    if document.status == Document.Status.VOID:
        return Verdict.refuse("R-38", _("文书已作废，不得送达。"))
    if document.status == Document.Status.RESERVED:
        return Verdict.refuse("R-38", _("预留编号尚未制作文书，不得送达。"))
    if not kind.served:
        return Verdict.refuse(
            "R-38", _("%(title)s不是需送达当事人的文书。") % {"title": kind.title}
        )
    return Verdict()


def _refuse_all(problems: list[RuleViolation]) -> None:
    """One RuleViolation naming every problem (all R-38 here), so the form shows them all."""
    if not problems:
        return
    if len(problems) == 1:
        raise problems[0]
    text = "；".join(p.message.rstrip("。") for p in problems) + "。"
    raise RuleViolation(problems[0].rule, text)


def _sniff_proof(upload) -> tuple[bytes, str]:
    size = getattr(upload, "size", None)
    limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise DomainError(
            _("送达凭证文件过大（上限 %(mb)d MB）。") % {"mb": limit // (1024 * 1024)}
        )
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise DomainError(
            _("送达凭证文件过大（上限 %(mb)d MB）。") % {"mb": limit // (1024 * 1024)}
        )
    for magic, ext in PROOF_TYPES.items():
        if content.startswith(magic):
            return content, ext
    raise DomainError(_("送达凭证须为 PDF、JPG 或 PNG 文件。"))


@transaction.atomic
def record_service(
    document: Document,
    *,
    method: str,
    served_on: date,
    recipient: str,
    proof=None,
    receipt: Document | None = None,
    consent_reference: str = "",
    refused_to_sign: bool = False,
    note: str = "",
    by,
) -> ServiceRecord:
    """Record that the document was served (R-38): method, date, recipient and proof.

    Proof is an uploaded scan/photo (`proof`, PDF/JPG/PNG) or the signed 送达回证 issued
    for it (`receipt`). The first service date is what later rules count from
    (`selectors.served_on_date`).
    """
    doc = Document.objects.select_for_update().get(pk=document.pk)
    service_verdict(doc).raise_if_refused()
    recipient = (recipient or "").strip()
    consent_reference = (consent_reference or "").strip()
    note = (note or "").strip()
    if validation.has_nul([recipient, consent_reference, note]):
        raise DomainError(_("输入含有空字符（NUL），无法保存。"))

    problems: list[RuleViolation] = []
    if method not in ServiceRecord.Method.values:
        problems.append(RuleViolation("R-38", _("送达方式无效：%(m)s") % {"m": method}))
    if not isinstance(served_on, date):
        problems.append(RuleViolation("R-38", _("送达日期无效。")))
    else:
        today = clock.today()
        if served_on > today:
            problems.append(
                RuleViolation(
                    "R-38",
                    _("送达日期 %(d)s 晚于今天（%(t)s），不得记录未来的送达。")
                    % {"d": served_on.isoformat(), "t": today.isoformat()},
                )
            )
        if doc.issued_on and served_on < doc.issued_on:
            problems.append(
                RuleViolation(
                    "R-38",
                    _("送达日期 %(d)s 早于文书制作日期 %(i)s。")
                    % {"d": served_on.isoformat(), "i": doc.issued_on.isoformat()},
                )
            )
    if not recipient:
        problems.append(RuleViolation("R-38", _("须记录受送达人或签收人。")))
    if method == ServiceRecord.Method.ELECTRONIC and not consent_reference:
        problems.append(  # electronic service only with signed consent
            RuleViolation(
                "R-38", _("电子送达须经受送达人同意并签订送达地址确认书，请填写确认书编号。")
            )
        )
    if proof is None and receipt is None:
        problems.append(RuleViolation("R-38", _("须上传送达凭证或关联已签收的送达回证。")))
    if receipt is not None and not (
        receipt.kind == kinds.Kind.SERVICE_RECEIPT
        and receipt.agency_id == doc.agency_id
        and receipt.status == Document.Status.ISSUED
        and (doc.case_id is None or receipt.case_id in (None, doc.case_id))
    ):
        problems.append(
            RuleViolation("R-38", _("关联的送达回证无效（须为本案已制作的送达回证）。"))
        )
    _refuse_all(problems)

    content, ext = _sniff_proof(proof) if proof is not None else (b"", "")
    record = ServiceRecord(
        document=doc,
        method=method,
        served_on=served_on,
        recipient=recipient[:100],
        receipt=receipt,
        consent_reference=consent_reference[:200],
        refused_to_sign=bool(refused_to_sign),
        note=note,
        recorded_by=by,
        recorded_at=clock.now(),
    )
    first = not doc.service_records.exists()
    saved_name = ""
    if content:
        record.proof_sha256 = hashlib.sha256(content).hexdigest()
        record.proof_name = str(getattr(proof, "name", ""))[-200:]
        record.proof.save(f"proof.{ext}", ContentFile(content), save=False)
        saved_name = record.proof.name
    try:
        record.save(force_insert=True)
        audit.record(
            actions.SERVED,
            doc,
            by=by,
            data={
                "record": record.pk,
                "method": method,
                "served_on": served_on,
                "recipient": recipient,
                "refused_to_sign": record.refused_to_sign,
                "consent_reference": consent_reference,
                "receipt": receipt.number if receipt else "",
                "proof_sha256": record.proof_sha256,
                "first_service": first,
            },
        )
    except Exception:
        if saved_name:
            record.proof.storage.delete(saved_name)
        raise
    return record


# --- Voiding -------------------------------------------------------------------------


def void_verdict(document: Document) -> Verdict:
    if document.status == Document.Status.VOID:
        return Verdict.refuse("R-37", _("文书已作废。"))
    if document.service_records.exists():
        return Verdict.refuse("R-37", _("文书已送达，不得作废；应依法撤销或变更。"))
    return Verdict()


@transaction.atomic
def void_document(document: Document, reason: str, *, by) -> Document:
    """Void a document (or a spoiled reserved number). It keeps its number, which is never
    used again (R-37), and shows as void."""
    doc = Document.objects.select_for_update().get(pk=document.pk)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写作废原因。"))
    if validation.has_nul(reason):
        raise DomainError(_("输入含有空字符（NUL），无法保存。"))
    void_verdict(doc).raise_if_refused()
    before = audit.snapshot(doc, ["status", "void_reason"])
    doc.status = Document.Status.VOID
    doc.void_reason = reason
    doc.voided_at = clock.now()
    doc.voided_by = by
    doc.save(update_fields=["status", "void_reason", "voided_at", "voided_by"])
    audit.record(
        actions.VOIDED,
        doc,
        by=by,
        before=before,
        after=audit.snapshot(doc, ["status", "void_reason"]),
        data={"number": doc.number},
    )
    return doc


# --- Reads that are audited ----------------------------------------------------------


def record_download(version: DocumentVersion, *, by) -> None:
    """A PDF download is a sensitive read: one audit event each (DESIGN "Audit trail")."""
    audit.record(
        actions.DOWNLOADED,
        version.document,
        by=by,
        data={"version": version.n, "sha256": version.sha256, "number": version.document.number},
    )


def record_proof_download(record: ServiceRecord, *, by) -> None:
    audit.record(
        actions.PROOF_DOWNLOADED,
        record.document,
        by=by,
        data={"record": record.pk, "sha256": record.proof_sha256},
    )
