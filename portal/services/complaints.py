"""Complaints and reports (投诉举报, R-71).

The public files a complaint about enforcement or an officer, or a report of a
violation. Each gets at once a tracking number (`TS2026-000123`: per year, gap-free, from a
counter row locked while the number is taken, in the same transaction as the complaint, so
a failed submission never burns a number) and a handling deadline (`complaint_handling_wd`
working days, default 15, R-50 counting). The submitter also gets a short verification
code, shown once: the lookup needs number and code, so strangers cannot read others'
complaints. Only an HMAC of the code is stored.

Staff side: the legal office of the addressed agency sees the queue, assigns a handler
(never the officer complained about), records the response; a report of a violation can be
registered as a lead once. Every change is in the audit trail.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from audit import services as audit
from cases import uploads
from cases.models import Case
from cases.services.leads import register_lead
from core import clock, workdays
from core.errors import DomainError, PermissionDenied, Verdict
from core.roles import Role, has_role
from officers.models import Agency, Certificate, EnforcementDomain, Officer
from portal.models import (
    DEFAULT_COMPLAINT_WD,
    Complaint,
    ComplaintAttachment,
    ComplaintCounter,
    PortalSettings,
)
from portal.services.common import PUBLIC_ACTOR, clean_text, is_legal_office_of, staff_officer

PREFIX = "TS"
NUMBER_RE = re.compile(r"^TS(\d{4})-(\d{6,})$")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
CODE_LENGTH = 8
MAX_ATTACHMENTS = 3
ACCEPTED_TYPES = {uploads.PDF, uploads.JPEG, uploads.PNG}
ACCEPTED_LABELS = "PDF、JPEG、PNG"
DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def max_attachment_bytes() -> int:
    return int(getattr(settings, "PORTAL_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_ATTACHMENT_BYTES))


def format_number(year: int, seq: int) -> str:
    return f"{PREFIX}{year}-{seq:06d}"


def normalise_number(raw: str) -> str:
    return re.sub(r"\s+", "", raw or "").upper()


def normalise_code(raw: str) -> str:
    return re.sub(r"[\s\-]+", "", raw or "").upper()


def _digest(number: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    msg = f"portal.complaint:{number}:{normalise_code(code)}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def handling_wd(agency: Agency) -> int:
    ps = PortalSettings.objects.filter(agency_id=agency.pk).only("complaint_handling_wd").first()
    return ps.complaint_handling_wd if ps is not None else DEFAULT_COMPLAINT_WD


def _next_seq(year: int) -> int:
    """Take the next number of `year`: lock the counter row (created on first use)."""
    ComplaintCounter.objects.bulk_create(
        [ComplaintCounter(year=year, last_seq=0)], ignore_conflicts=True
    )
    counter = ComplaintCounter.objects.select_for_update().get(year=year)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    return counter.last_seq


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes
    kind: uploads.Sniffed
    sha256: str


def _too_big() -> str:
    return _("附件超过大小上限（%(mb)s MB）") % {
        "mb": round(max_attachment_bytes() / 1024 / 1024, 1)
    }


def read_attachment(upload: Any) -> Upload:
    """Size limit, type judged by content (PDF, JPEG, PNG only), like evidence uploads."""
    limit = max_attachment_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise DomainError(_too_big())
    data = b""
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        data += chunk
        if len(data) > limit:
            raise DomainError(_too_big())
    if not data:
        raise DomainError(_("附件为空文件"))
    kind = uploads.sniff(data)
    if kind not in ACCEPTED_TYPES:
        raise DomainError(
            _("附件类型不在允许范围内（按文件内容判断，允许：%(types)s）")
            % {"types": ACCEPTED_LABELS}
        )
    raw_name = str(getattr(upload, "name", "") or "")
    name = clean_text(raw_name, label=_("文件名"))[:200] or f"attachment{kind.extension}"
    return Upload(name=name, data=data, kind=kind, sha256=hashlib.sha256(data).hexdigest())


def _match_officer(agency: Agency, ref: str) -> Officer | None:
    """The officer named by certificate number, or by a name unique in the agency."""
    if not ref:
        return None
    cert = (
        Certificate.objects.filter(number__in={ref, ref.upper()}, officer__agency_id=agency.pk)
        .select_related("officer")
        .first()
    )
    if cert is not None:
        return cert.officer
    named = list(Officer.objects.filter(agency_id=agency.pk, name=ref)[:2])
    return named[0] if len(named) == 1 else None


@dataclass(frozen=True)
class Submitted:
    complaint: Complaint
    code: str  # shown to the submitter once, never stored


@transaction.atomic
def submit_complaint(
    *,
    kind: str,
    agency: Agency,
    description: str,
    officer_ref: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    attachments: Iterable[Any] = (),
) -> Submitted:
    """R-71: file a complaint or report; tracking number and deadline at once."""
    if kind not in Complaint.Kind.values:
        raise DomainError(_("请选择投诉举报类别"))
    if not agency.is_active or agency.kind == Agency.Kind.NON_ENFORCEMENT:
        raise DomainError(_("请选择执法机关"))
    description = clean_text(description, required=True, label=_("事项描述"))
    officer_ref = clean_text(officer_ref, label=_("执法人员姓名或执法证号"))
    if kind == Complaint.Kind.OFFICER and not officer_ref:
        raise DomainError(_("投诉执法人员的，请填写执法人员姓名或执法证号"))
    contact_name = clean_text(contact_name, label=_("联系人"))
    contact_phone = clean_text(contact_phone, label=_("联系电话"))
    files = list(attachments or [])
    if len(files) > MAX_ATTACHMENTS:
        raise DomainError(_("附件最多 %(n)s 个") % {"n": MAX_ATTACHMENTS})
    checked = [read_attachment(f) for f in files]  # before a number is taken
    today = clock.today()
    due_on = workdays.add_workdays(today, handling_wd(agency))  # R-71 deadline, R-50 WD
    seq = _next_seq(today.year)  # gap-free per year (locked counter)
    number = format_number(today.year, seq)
    code = _new_code()
    complaint = Complaint.objects.create(
        number=number,
        year=today.year,
        seq=seq,
        verify_digest=_digest(number, code),
        kind=kind,
        agency=agency,
        officer_ref=officer_ref,
        officer=_match_officer(agency, officer_ref),
        description=description,
        contact_name=contact_name,
        contact_phone=contact_phone,
        received_on=today,
        due_on=due_on,
        submitted_at=clock.now(),
    )
    for up in checked:
        row = ComplaintAttachment(
            complaint=complaint,
            original_name=up.name,
            content_type=up.kind.content_type,
            extension=up.kind.extension,
            size=len(up.data),
            sha256=up.sha256,
        )
        row.file.save(f"{up.sha256}{up.kind.extension}", ContentFile(up.data), save=False)
        row.save()
    audit.record(
        "portal.complaint.submitted",
        complaint,
        by=None,
        actor_name=PUBLIC_ACTOR,
        data={
            "number": number,
            "kind": kind,
            "due_on": due_on,
            "officer_id": complaint.officer_id,
            "attachments": [up.sha256 for up in checked],
        },
    )
    return Submitted(complaint=complaint, code=code)


def lookup(number: str, code: str) -> Complaint | None:
    """The complaint with this number, only when the verification code matches."""
    number = normalise_number(number)
    expected = _digest(number, code)
    complaint = (
        Complaint.objects.select_related("agency").filter(number=number).first()
        if NUMBER_RE.match(number)
        else None
    )
    stored = complaint.verify_digest if complaint is not None else "0" * 64
    if not hmac.compare_digest(stored, expected) or complaint is None:  # code needed
        return None
    return complaint


# --- Staff side ------------------------------------------------------------------------------


def visible_to(user: Any) -> QuerySet[Complaint]:
    """The legal office sees its agency's complaints; a handler the ones assigned to them;
    everybody else nothing (their views answer 404)."""
    officer = staff_officer(user)
    if officer is None:
        return Complaint.objects.none()
    if has_role(user, Role.LEGAL_OFFICE):
        return Complaint.objects.filter(Q(agency_id=officer.agency_id) | Q(assigned_to=user))
    return Complaint.objects.filter(assigned_to=user, agency_id=officer.agency_id)


def queue(user: Any, *, status: str = "", overdue: bool = False, kind: str = "") -> QuerySet:
    qs = visible_to(user).select_related("agency", "assigned_to")
    today = clock.today()
    if status in Complaint.Status.values:
        qs = qs.filter(status=status)
    if kind in Complaint.Kind.values:
        qs = qs.filter(kind=kind)
    if overdue:
        qs = qs.exclude(status=Complaint.Status.ANSWERED).filter(due_on__lt=today)
    return qs.order_by("due_on", "pk")


def open_counts(user: Any) -> tuple[int, int]:
    """(open, overdue) complaints the user handles: for the home panel."""
    qs = visible_to(user).exclude(status=Complaint.Status.ANSWERED)
    return qs.count(), qs.filter(due_on__lt=clock.today()).count()


def _may_handle(complaint: Complaint, user: Any) -> bool:
    return is_legal_office_of(user, complaint.agency_id) or (
        complaint.assigned_to_id is not None and complaint.assigned_to_id == user.pk
    )


def _not_answered(complaint: Complaint) -> Verdict:
    if complaint.status == Complaint.Status.ANSWERED:
        return Verdict.refuse("R-71", _("该投诉举报已答复办结"))
    return Verdict()


def assignable(complaint: Complaint) -> QuerySet[Officer]:
    """Staff of the agency who may handle it: on post, not the officer complained about."""
    qs = Officer.objects.filter(
        agency_id=complaint.agency_id, status=Officer.Status.ON_POST
    ).select_related("user")
    if complaint.officer_id:
        qs = qs.exclude(pk=complaint.officer_id)
    return qs.order_by("name")


def assign_verdict(complaint: Complaint, user: Any, assignee: Officer | None = None) -> Verdict:
    if not is_legal_office_of(user, complaint.agency_id):
        return Verdict.refuse("R-71", _("投诉举报由本机关法制监督机构分派"))
    verdict = _not_answered(complaint)
    if assignee is not None:
        if assignee.agency_id != complaint.agency_id:
            verdict += Verdict.refuse("R-71", _("只能分派给本机关工作人员办理"))
        elif complaint.officer_id and assignee.pk == complaint.officer_id:
            # R-71 (with R-04's spirit): nobody handles a complaint about themself.
            verdict += Verdict.refuse("R-71", _("不得将投诉交由被投诉的执法人员本人办理"))
        elif assignee.status != Officer.Status.ON_POST:
            verdict += Verdict.refuse(
                "R-71", _("%(name)s当前不在岗，不能承办") % {"name": assignee.name}
            )
    return verdict


@transaction.atomic
def assign(complaint: Complaint, *, by: Any, assignee: Officer) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    assign_verdict(complaint, by, assignee).raise_if_refused()
    before = {"status": complaint.status, "assigned_to": complaint.assigned_to_id}
    complaint.assigned_to = assignee.user
    complaint.assigned_on = clock.today()
    complaint.status = Complaint.Status.ASSIGNED
    complaint.save(update_fields=["assigned_to", "assigned_on", "status"])
    audit.record(
        "portal.complaint.assigned",
        complaint,
        by=by,
        before=before,
        after={"status": complaint.status, "assigned_to": assignee.user_id},
        data={"number": complaint.number, "handler": assignee.name},
    )
    return complaint


def respond_verdict(complaint: Complaint, user: Any) -> Verdict:
    if not _may_handle(complaint, user):
        return Verdict.refuse("R-71", _("只有本机关法制监督机构或承办人可以答复"))
    return _not_answered(complaint)


@transaction.atomic
def respond(complaint: Complaint, *, by: Any, response: str) -> Complaint:
    """R-71: the recorded response closes the complaint; a late answer is marked late."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    respond_verdict(complaint, by).raise_if_refused()
    text = clean_text(response, required=True, label=_("答复内容"))
    today = clock.today()
    before = {"status": complaint.status}
    complaint.response = text
    complaint.responded_on = today
    complaint.responded_by = by
    complaint.status = Complaint.Status.ANSWERED  # a recorded response
    complaint.save(update_fields=["response", "responded_on", "responded_by", "status"])
    audit.record(
        "portal.complaint.answered",
        complaint,
        by=by,
        before=before,
        after={"status": complaint.status, "responded_on": today},
        data={
            "number": complaint.number,
            "due_on": complaint.due_on,
            "late": today > complaint.due_on,
        },
    )
    return complaint


def convert_verdict(complaint: Complaint, user: Any) -> Verdict:
    if complaint.kind != Complaint.Kind.REPORT:
        return Verdict.refuse("R-71", _("只有违法行为举报可以转为线索"))
    if complaint.lead_id:  # a report becomes a lead once
        return Verdict.refuse(
            "R-71", _("该举报已转为线索（%(n)s），不得重复转为线索") % {"n": complaint.lead_id}
        )
    if not _may_handle(complaint, user):
        return Verdict.refuse("R-71", _("只有本机关法制监督机构或承办人可以将举报转为线索"))
    officer = staff_officer(user)
    if officer is None or officer.agency_id != complaint.agency_id:
        return Verdict.refuse("R-71", _("只能由本机关工作人员登记线索"))
    return Verdict()


def lead_domains(complaint: Complaint) -> QuerySet[EnforcementDomain]:
    """Domains the lead may be registered in: the agency's (all when it lists none)."""
    qs = EnforcementDomain.objects.filter(agency=complaint.agency_id)
    return qs if qs.exists() else EnforcementDomain.objects.all()


@transaction.atomic
def convert_to_lead(
    complaint: Complaint,
    *,
    by: Any,
    domain: EnforcementDomain,
    title: str,
    violation_code: str = "",
) -> Case:
    """R-71 → R-21: register a report as a lead (source 投诉举报), once."""
    complaint = Complaint.objects.select_for_update().select_related("agency").get(pk=complaint.pk)
    convert_verdict(complaint, by).raise_if_refused()
    if not lead_domains(complaint).filter(pk=domain.pk).exists():
        raise DomainError(_("执法领域不属于本机关"))
    case = register_lead(
        by=by,
        domain=domain,
        source=Case.Source.COMPLAINT,
        title=title,
        source_detail=_("举报 %(n)s") % {"n": complaint.number},
        facts=complaint.description,
        discovered_on=complaint.received_on,
        violation_code=violation_code,
    )
    complaint.lead = case
    complaint.converted_on = clock.today()
    complaint.save(update_fields=["lead", "converted_on"])
    audit.record(
        "portal.complaint.converted",
        complaint,
        by=by,
        case_id=case.pk,
        data={"number": complaint.number, "lead": case.pk},
    )
    return case


def record_view(complaint: Complaint, *, by: Any) -> None:
    """Staff reading a complaint see the submitter's contact details: a sensitive read."""
    with transaction.atomic():
        audit.record("portal.complaint.viewed", complaint, by=by, data={"number": complaint.number})


def record_download(attachment: ComplaintAttachment, *, by: Any) -> None:
    with transaction.atomic():
        audit.record(
            "portal.complaint.attachment_downloaded",
            attachment.complaint,
            by=by,
            data={"sha256": attachment.sha256, "name": attachment.original_name},
        )


def require_staff(user: Any) -> Officer:
    officer = staff_officer(user)
    if officer is None:
        raise PermissionDenied(_("当前账号未关联本机关工作人员档案"))
    return officer
