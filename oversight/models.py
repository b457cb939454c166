"""Models of the legal office's oversight (法制监督).

* Row history of the tracked tables (trigger-written, PostgreSQL only; see history.py)
  and the rows found "changed outside the application" by the scan.
* Case-file exports (一案一卷): a ZIP built by a Celery task.
* Fault reviews (执法过错审查, R-62) opened from a case by the legal office; the findings
  are recorded through officers.services.records.record_fault.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Evidence
from officers.models import Certificate, Officer
from oversight.history import track
from penalties.models import Decision, Payment, Proposal

# --- Row history (one line per tracked model; field lists frozen, see history.py) ---------
CaseHistory = track(
    Case,
    "CaseHistory",
    case_field="id",
    agency_field="agency_id",
    fields=[
        "id", "agency", "acting_agency", "delegation", "domain", "violation_code",
        "violation_name", "title", "facts", "place", "act_date", "is_continuing",
        "act_end_date", "discovered_on", "safety_related", "is_major", "procedure", "state",
        "state_changed_at", "version", "number", "number_year", "number_seq", "source",
        "source_detail", "referring_body", "registered_on", "verification_due_on",
        "verification_extended", "verification_result", "not_filed_reasons", "filed_on",
        "decided_on", "closed_on", "decision_due_on", "is_overdue", "last_reminder_on",
        "lead_officer", "primary_party", "party_name", "registered_by", "created_at",
    ],
)  # fmt: skip
EvidenceHistory = track(
    Evidence,
    "EvidenceHistory",
    case_field="case_id",
    fields=[
        "id", "case", "seq", "type", "title", "description", "collected_on", "method",
        "source", "state", "illegally_obtained", "state_reason", "reviewed_by", "reviewed_on",
        "party_opinion", "party_opinion_text", "party_opinion_on", "recorded_by", "created_at",
    ],
)  # fmt: skip
ProposalHistory = track(
    Proposal,
    "ProposalHistory",
    case_field="case_id",
    fields=[
        "id", "case", "version", "status", "violation_code", "party", "act_date", "place",
        "penalty_types", "fine", "confiscated_gains", "confiscated_property_value", "tier",
        "facts", "recommendation", "check_result", "departure_reasons", "departure_via",
        "departure_decided_by", "departure_decided_at", "departure_decision_reasons",
        "departure_attendees", "departure_conclusion", "discussion_id", "proposed_by",
        "proposed_at", "ended_at",
    ],
)  # fmt: skip
DecisionHistory = track(
    Decision,
    "DecisionHistory",
    case_field="case_id",
    fields=[
        "id", "case", "proposal", "approval", "document", "kind", "penalty_types", "fine",
        "confiscated_gains", "confiscated_property_value", "tier", "violation_code",
        "legal_basis", "decided_on", "decided_by", "service_due_on", "served_on",
        "payment_due_on", "reconsideration_until", "litigation_until", "status",
        "status_changed_on", "status_reasons", "created_at",
    ],
)  # fmt: skip
PaymentHistory = track(
    Payment,
    "PaymentHistory",
    case_field="case_id",
    fields=[
        "id", "case", "decision", "amount", "paid_on", "channel", "reference",
        "receipt_number", "note", "recorded_by", "recorded_at",
    ],
)  # fmt: skip
OfficerHistory = track(
    Officer,
    "OfficerHistory",
    agency_field="agency_id",
    fields=[
        "id", "user", "agency", "name", "post", "duties", "status", "is_new_staff",
        "flagged_for_transfer", "flagged_for_review", "legal_qualification", "id_number",
        "phone", "status_since", "status_reason",
    ],
)  # fmt: skip
CertificateHistory = track(
    Certificate,
    "CertificateHistory",
    officer_field="officer_id",
    fields=[
        "id", "officer", "number", "issuer", "issued_on", "expires_on", "review_due_on",
        "state",
    ],
)  # fmt: skip


class HistoryScan(models.Model):
    """One pass of the outside-change scan (on page load, by command, or on demand)."""

    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    since = models.DateTimeField(_("扫描起点"), null=True, blank=True)
    checked = models.PositiveBigIntegerField(_("已检查变更数"), default=0)
    found = models.PositiveIntegerField(_("新发现数"), default=0)

    class Meta:
        verbose_name = _("变更核对")
        verbose_name_plural = _("变更核对")
        ordering = ["-started_at", "-pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class OutsideChange(models.Model):
    """A row change whose transaction recorded no application audit event (history.py)."""

    history_model = models.CharField(_("历史表"), max_length=100)
    history_id = models.BigIntegerField(_("历史记录号"))
    object_type = models.CharField(_("对象类型"), max_length=100)
    object_id = models.CharField(_("对象编号"), max_length=64)
    operation = models.CharField(_("操作"), max_length=20)
    changed_at = models.DateTimeField(_("变更时间（事务开始）"))
    txid = models.BigIntegerField(_("事务号"), null=True, blank=True)
    case_id = models.BigIntegerField(_("案件"), null=True, blank=True)
    agency_id = models.BigIntegerField(_("执法主体"), null=True, blank=True)
    detected_at = models.DateTimeField(_("发现时间"))
    event_seq = models.BigIntegerField(_("审计事件序号"), null=True, blank=True)

    class Meta:
        verbose_name = _("系统外变更")
        verbose_name_plural = _("系统外变更")
        ordering = ["-changed_at", "-pk"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["history_model", "history_id"], name="ovs_outside_once")
        ]
        indexes = [
            models.Index(fields=["agency_id", "changed_at", "id"], name="ovs_outside_agency"),
            models.Index(fields=["changed_at", "id"], name="ovs_outside_at"),
        ]

    def __str__(self) -> str:
        return f"{self.object_type}#{self.object_id} {self.operation} {self.changed_at}"

    @property
    def audit_case_id(self) -> int | None:
        return self.case_id

    @property
    def audit_agency_id(self) -> int | None:
        return self.agency_id


def _export_path(instance: ExportBundle, filename: str) -> str:
    # Under MEDIA_ROOT, which has no URL route: served only through the audited view.
    return f"exports/{instance.case_id}/case-{instance.case_id}-bundle-{instance.pk}.zip"


class ExportBundle(models.Model):
    """一案一卷: a case file exported as a ZIP (index PDF, every document version and
    evidence file, the case's audit events, manifest with sha256 sums)."""

    class State(models.TextChoices):
        PENDING = "pending", _("排队中")
        BUILDING = "building", _("生成中")
        DONE = "done", _("已生成")
        FAILED = "failed", _("生成失败")

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    file = models.FileField(_("文件"), upload_to=_export_path, max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"), null=True, blank=True)
    files = models.PositiveIntegerField(_("文件数"), default=0)
    events = models.PositiveIntegerField(_("审计事件数"), default=0)
    error = models.TextField(_("错误信息"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("请求人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("请求时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("案卷导出")
        verbose_name_plural = _("案卷导出")
        ordering = ["-requested_at", "-pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.case} · {_('案卷导出')} #{self.pk}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def audit_agency_id(self) -> int | None:
        case = getattr(self, "case", None)
        return case.agency_id if case is not None else None

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.PENDING, self.State.BUILDING)


class FaultReview(models.Model):
    """执法过错审查 (R-62) opened by the legal office from a case against officers of it.
    Each officer's finding is a `FaultFinding`; a fault is recorded in the officer's file
    by officers.services.records.record_fault (a wrongful case suspends at once)."""

    class Status(models.TextChoices):
        OPEN = "open", _("审查中")
        CLOSED = "closed", _("已办结")

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    grounds = models.TextField(_("启动理由"))
    officers = models.ManyToManyField(Officer, verbose_name=_("被审查人员"), related_name="+")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("启动人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_on = models.DateField(_("启动日期"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    conclusion = models.TextField(_("审查结论"), blank=True)

    class Meta:
        verbose_name = _("执法过错审查")
        verbose_name_plural = _("执法过错审查")
        ordering = ["-opened_on", "-pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.case} · {_('执法过错审查')} #{self.pk}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def audit_agency_id(self) -> int | None:
        case = getattr(self, "case", None)
        return case.agency_id if case is not None else None


class FaultFinding(models.Model):
    """The finding on one officer of a review: a fault (recorded in the officer's file) or
    no fault."""

    class Outcome(models.TextChoices):
        FAULT = "fault", _("认定执法过错")
        CLEARED = "cleared", _("不认定过错")

    review = models.ForeignKey(FaultReview, on_delete=models.CASCADE, related_name="findings")
    officer = models.ForeignKey(
        Officer, verbose_name=_("执法人员"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("认定结果"), max_length=10, choices=Outcome.choices)
    fault = models.ForeignKey(
        "officers.Fault",
        verbose_name=_("执法过错记录"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认定人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_on = models.DateField(_("认定日期"))

    class Meta:
        verbose_name = _("过错认定")
        verbose_name_plural = _("过错认定")
        ordering = ["pk"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["review", "officer"], name="ovs_finding_once")
        ]

    def __str__(self) -> str:
        return f"{self.officer} · {self.get_outcome_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.review.case_id

    @property
    def audit_agency_id(self) -> int | None:
        return self.officer.agency_id
