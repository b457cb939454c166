"""The case (案件) from the first lead to closing, its parties and its officers.

A lead (线索) is a case in state `lead`: it gets a case number only when filing is
approved (R-21). The state moves only through `cases.services.transition` along the
table in `cases.workflow`. Who may see a case is decided in one place,
`Case.objects.visible_to(user)`; every view and list uses it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cases.states import State
from core.roles import Role, role_codes

# Roles that see every case of their own agency (issue "Cases", who sees what).
AGENCY_WIDE_ROLES: frozenset[str] = frozenset(
    {Role.SUPERVISOR, Role.LEGAL_OFFICE, Role.LEGAL_REVIEWER}
)


def officer_of(user):
    """The user's Officer profile, or None (anonymous users and accounts without one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.officer
    except Exception:  # RelatedObjectDoesNotExist
        return None


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """The cases `user` may see: the one permission-filtered entry point.

        Nobody sees another agency's case. Supervisors, legal office and legal reviewers
        see their agency's cases; officers too, unless the agency's setting
        `officers_see_assigned_only` is on, then only the cases they are assigned to
        (current or past assignment: an officer keeps reading a case they worked on).
        """
        officer = officer_of(user)
        if officer is None:
            return self.none()
        codes = role_codes(user)
        mine = self.filter(agency_id=officer.agency_id)
        if codes & AGENCY_WIDE_ROLES:
            return mine
        if Role.OFFICER not in codes:
            return self.none()
        agency_settings = getattr(officer.agency, "rule_settings", None)
        if agency_settings is not None and agency_settings.officers_see_assigned_only:
            return mine.filter(pk__in=CaseOfficer.objects.filter(officer=officer).values("case_id"))
        return mine

    def open(self) -> CaseQuerySet:
        """Not closed and not refused filing."""
        return self.exclude(state__in=[State.CLOSED, State.NOT_FILED])


class Case(models.Model):
    class Source(models.TextChoices):
        INSPECTION = "inspection", _("监督检查")
        COMPLAINT = "complaint", _("投诉举报")
        REFERRAL = "referral", _("其他机关移送")
        ASSIGNMENT = "assignment", _("上级交办")
        OTHER = "other", _("其他")

    class Procedure(models.TextChoices):
        GENERAL = "general", _("普通程序")
        SUMMARY = "summary", _("简易程序")

    agency = models.ForeignKey(
        "officers.Agency",
        verbose_name=_("承办机关"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # R-03 / Art 20: a delegated organisation acts in the delegating agency's name.
    acting_agency = models.ForeignKey(
        "officers.Agency",
        verbose_name=_("以其名义执法的机关"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    delegation = models.ForeignKey(
        "officers.Delegation",
        verbose_name=_("行政委托"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    domain = models.ForeignKey(
        "officers.EnforcementDomain",
        verbose_name=_("执法领域"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    violation_code = models.CharField(_("违法行为代码"), max_length=40, blank=True, db_index=True)
    violation_name = models.CharField(_("违法行为"), max_length=200, blank=True)
    title = models.CharField(_("案由"), max_length=200)
    facts = models.TextField(_("案情摘要"), blank=True)
    place = models.CharField(_("违法行为地点"), max_length=255, blank=True)
    act_date = models.DateField(_("违法行为发生日期"), null=True, blank=True)
    is_continuing = models.BooleanField(_("连续或继续状态"), default=False)
    act_end_date = models.DateField(_("行为终了日期"), null=True, blank=True)
    discovered_on = models.DateField(_("发现日期"), null=True, blank=True)
    # five years instead of two.
    safety_related = models.BooleanField(
        _("涉及公民生命健康安全、金融安全且有危害后果"), default=False
    )
    # read this flag.
    is_major = models.BooleanField(_("重大复杂案件"), default=False)
    procedure = models.CharField(
        _("程序"), max_length=10, choices=Procedure.choices, default=Procedure.GENERAL
    )

    state = models.CharField(_("状态"), max_length=30, choices=State.choices, default=State.LEAD)
    state_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    # Optimistic version: every write through the services increments it.
    version = models.PositiveIntegerField(_("版本"), default=0)

    # Case number (R-21 filing), per acting agency and year, gap-free.
    number = models.CharField(_("案件编号"), max_length=80, blank=True, db_index=True)
    number_year = models.PositiveSmallIntegerField(_("编号年度"), null=True, blank=True)
    number_seq = models.PositiveIntegerField(_("编号序号"), null=True, blank=True)

    # Lead
    source = models.CharField(_("线索来源"), max_length=20, choices=Source.choices)
    source_detail = models.TextField(_("来源说明"), blank=True)
    referring_body = models.CharField(_("移送或交办机关"), max_length=200, blank=True)
    registered_on = models.DateField(_("线索登记日期"))
    verification_due_on = models.DateField(_("核查期限"))
    verification_extended = models.BooleanField(_("核查期限已延长"), default=False)
    verification_result = models.TextField(_("核查结果"), blank=True)
    not_filed_reasons = models.TextField(_("不予立案理由"), blank=True)

    # Dates of the procedure (rule dates, from core.clock)
    filed_on = models.DateField(_("立案日期"), null=True, blank=True, db_index=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)

    # cached statutory clock, refreshed by every change and the daily task.
    decision_due_on = models.DateField(_("办案期限届满日"), null=True, blank=True)
    is_overdue = models.BooleanField(_("已超期"), default=False)
    last_reminder_on = models.DateField(_("最近提醒日期"), null=True, blank=True)

    lead_officer = models.ForeignKey(
        "officers.Officer",
        verbose_name=_("主办人员"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # Denormalised for the list (search and sort by party without a join).
    primary_party = models.ForeignKey(
        "cases.Party",
        verbose_name=_("当事人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    party_name = models.CharField(_("当事人名称"), max_length=200, blank=True, db_index=True)

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["acting_agency", "number_year", "number_seq"],
                condition=Q(number_seq__isnull=False),
                name="cases_case_unique_number",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "state", "id"], name="cases_case_agency_state"),
            models.Index(fields=["agency", "id"], name="cases_case_agency_id"),
            models.Index(fields=["agency", "decision_due_on", "id"], name="cases_case_agency_due"),
            models.Index(fields=["agency", "filed_on", "id"], name="cases_case_agency_filed"),
            models.Index(fields=["agency", "party_name", "id"], name="cases_case_agency_party"),
            models.Index(
                fields=["agency", "id"],
                condition=Q(is_overdue=True),
                name="cases_case_agency_overdue",
            ),
            models.Index(fields=["agency", "violation_code", "id"], name="cases_case_agency_viol"),
        ]

    def __str__(self) -> str:
        return self.number or f"{_('线索')} #{self.pk} {self.title}"

    @property
    def audit_case_id(self) -> int:
        return self.pk

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def state_label(self) -> str:
        """The state's label without Django's per-call choices dict (list pages)."""
        return str(State(self.state).label) if self.state in State.values else self.state

    @property
    def display_number(self) -> str:
        return self.number or f"{_('线索')}-{self.pk}"

    @property
    def limitation_start(self):
        """R-10: the act date, or the end of a continuing act."""
        if self.is_continuing and self.act_end_date:
            return self.act_end_date
        return self.act_date


class CaseParty(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_parties")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="case_links")
    is_primary = models.BooleanField(_("主要当事人"), default=True)

    class Meta:
        verbose_name = _("案件当事人")
        verbose_name_plural = _("案件当事人")
        constraints = [
            models.UniqueConstraint(fields=["case", "party"], name="cases_caseparty_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.party}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class CaseOfficer(models.Model):
    """Assignment (分派) of an officer to a case; reassignment ends the row (kept)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    officer = models.ForeignKey(
        "officers.Officer",
        verbose_name=_("执法人员"),
        on_delete=models.PROTECT,
        related_name="case_assignments",
    )
    is_lead = models.BooleanField(_("主办"), default=False)
    active = models.BooleanField(_("在办"), default=True)
    assigned_on = models.DateField(_("分派日期"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分派人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ended_on = models.DateField(_("调整日期"), null=True, blank=True)
    end_reason = models.TextField(_("调整原因"), blank=True)

    class Meta:
        verbose_name = _("承办人员")
        verbose_name_plural = _("承办人员")
        ordering = ["-is_lead", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "officer"],
                condition=Q(active=True),
                name="cases_caseofficer_one_active",
            ),
        ]
        indexes = [models.Index(fields=["officer", "active"], name="cases_caseofficer_officer")]

    def __str__(self) -> str:
        return f"{self.case} · {self.officer}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class Recusal(models.Model):
    """R-04: a recusal request (回避申请) against an officer, decided by a supervisor."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待决定")
        GRANTED = "granted", _("准予回避")
        REFUSED = "refused", _("驳回申请")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusals")
    officer = models.ForeignKey(
        "officers.Officer",
        verbose_name=_("被申请回避人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant = models.CharField(_("申请人"), max_length=200)
    grounds = models.TextField(_("申请理由"))
    requested_on = models.DateField(_("申请日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_reasons = models.TextField(_("决定理由"), blank=True)

    class Meta:
        verbose_name = _("回避申请")
        verbose_name_plural = _("回避申请")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.officer} · {self.get_status_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class Approval(models.Model):
    """A request a supervisor (负责人) decides: filing, extensions, suspension, closing…"""

    class Kind(models.TextChoices):
        FILING = "filing", _("立案审批")
        LEAD_EXTENSION = "lead_extension", _("延长核查期限")
        SUSPENSION = "suspension", _("中止调查")
        RESUMPTION = "resumption", _("恢复调查")
        TERMINATION = "termination", _("终止调查")
        PRESERVATION = "preservation", _("先行登记保存")
        TIME_EXTENSION = "time_extension", _("延长办案期限")
        CLOSING = "closing", _("结案审批")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField(_("审批事项"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reasons = models.TextField(_("理由"))
    data = models.JSONField(_("附加信息"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_on = models.DateField(_("申请日期"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("审批")
        verbose_name_plural = _("审批")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["case", "kind", "status"], name="cases_approval_case_kind")]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()} · {self.get_status_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class CaseCounter(models.Model):
    """Last case number per acting agency and year; locked while numbering (gap-free)."""

    agency = models.ForeignKey("officers.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("立案编号计数器")
        verbose_name_plural = _("立案编号计数器")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="cases_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class CaseUserObjectPermission(UserObjectPermissionBase):
    """django-guardian direct foreign key: assigned officers' change permission."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
