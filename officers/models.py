"""Agencies (执法主体), their powers and delegations, officers (执法人员) and certificates.

Every later step asks the services here "may this agency open this case?" (R-03) and "may
this officer act on this case today?" (R-01, R-60, R-61). Violation types live in the
`penalties` catalogue, above this app, so powers refer to them by their code.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class EnforcementDomain(models.Model):
    """执法领域: e.g. 食品安全, 广告监管. Certificates and powers are per domain."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        verbose_name = _("执法领域")
        verbose_name_plural = _("执法领域")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """执法主体: a body that may hold enforcement powers."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", _("法定行政机关")
        AUTHORISED = "authorised", _("法律法规授权组织")
        ENTRUSTED = "entrusted", _("受委托组织")
        NON_ENFORCEMENT = "none", _("非执法机构")

    name = models.CharField(_("名称"), max_length=200, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    kind = models.CharField(
        _("主体类型"), max_length=20, choices=Kind.choices, default=Kind.STATUTORY
    )
    region = models.CharField(_("行政区划"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    doc_prefix = models.CharField(
        _("文书代字"), max_length=20, help_text=_("例如“X市监”，用于文书编号 X市监罚〔2026〕17号")
    )
    address = models.CharField(_("地址"), max_length=255, blank=True)
    hotline = models.CharField(_("监督电话"), max_length=50, blank=True)
    domains = models.ManyToManyField(EnforcementDomain, verbose_name=_("执法领域"), blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("执法主体")
        verbose_name_plural = _("执法主体")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_agency_id(self) -> int:
        return self.pk

    @property
    def can_enforce(self) -> bool:
        return self.kind != self.Kind.NON_ENFORCEMENT and self.is_active


class AgencySettings(models.Model):
    """The agency-adjustable numbers of RULES.md, with the defaults given there."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="rule_settings")
    #
    lead_verification_wd = models.PositiveSmallIntegerField(_("线索核查期限（工作日）"), default=15)
    lead_extension_wd = models.PositiveSmallIntegerField(_("线索核查延长（工作日）"), default=15)
    #
    first_offence_lookback_years = models.PositiveSmallIntegerField(
        _("首违认定回溯年限"), default=3
    )
    #
    statement_period_wd = models.PositiveSmallIntegerField(
        _("陈述申辩期限（工作日）"), default=5, validators=[MinValueValidator(1)]
    )
    #
    hearing_threshold_person = models.DecimalField(
        _("听证罚款标准（自然人，元）"), max_digits=14, decimal_places=2, default=10000
    )
    hearing_threshold_org = models.DecimalField(
        _("听证罚款标准（组织，元）"), max_digits=14, decimal_places=2, default=100000
    )
    #
    decision_time_limit_cd = models.PositiveSmallIntegerField(_("办案期限（自然日）"), default=90)
    decision_extension_cd = models.PositiveSmallIntegerField(_("延长期限（自然日）"), default=30)
    deadline_reminder_days = models.PositiveSmallIntegerField(_("期限提醒提前天数"), default=10)
    #
    publication_deadline_wd = models.PositiveSmallIntegerField(_("公示期限（工作日）"), default=7)
    publish_warnings = models.BooleanField(_("公示警告类决定"), default=False)
    # Who sees what (issue "Cases"): officers see only cases they are assigned to.
    officers_see_assigned_only = models.BooleanField(
        _("执法人员仅可查看本人承办案件"), default=False
    )

    class Meta:
        verbose_name = _("机关规则设置")
        verbose_name_plural = _("机关规则设置")

    def __str__(self) -> str:
        return f"{self.agency} · {self._meta.verbose_name}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id


class Power(models.Model):
    """权责清单 entry: the agency may enforce this violation type, on this legal basis."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="powers")
    domain = models.ForeignKey(
        EnforcementDomain, on_delete=models.PROTECT, verbose_name=_("执法领域")
    )
    violation_code = models.CharField(
        _("违法行为代码"),
        max_length=40,
        blank=True,
        help_text=_("留空表示该领域内全部违法行为"),
    )
    legal_basis = models.TextField(_("法律依据"))
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("权责清单事项")
        verbose_name_plural = _("权责清单")
        indexes = [models.Index(fields=["agency", "domain", "violation_code"])]

    def __str__(self) -> str:
        return f"{self.agency} · {self.domain} · {self.violation_code or '*'}"

    def covers(self, domain_id: int, violation_code: str, on: date) -> bool:
        return (
            self.domain_id == domain_id
            and self.violation_code in ("", violation_code)
            and self.valid_from <= on
            and (self.valid_to is None or on <= self.valid_to)
        )

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id


class Delegation(models.Model):
    """委托: a principal agency entrusts an organisation to act in its name (Art 20)."""

    principal = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="delegations_given",
        verbose_name=_("委托机关"),
    )
    delegate = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="delegations_received",
        verbose_name=_("受委托组织"),
    )
    domains = models.ManyToManyField(EnforcementDomain, verbose_name=_("委托领域"))
    scope = models.TextField(_("委托事项与权限"))
    valid_from = models.DateField(_("委托开始"))
    valid_to = models.DateField(_("委托结束"))
    document_number = models.CharField(_("委托书编号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("行政委托")
        verbose_name_plural = _("行政委托")

    def __str__(self) -> str:
        return f"{self.principal} → {self.delegate}"

    @property
    def audit_agency_id(self) -> int:
        return self.principal_id


class Officer(models.Model):
    """A staff member of an agency. Enforcement acts need a valid certificate too."""

    class Status(models.TextChoices):
        ON_POST = "on_post", _("在岗")
        OFF_POST_STUDY = "study", _("离岗培训")
        SUSPENDED = "suspended", _("暂停执法")
        TRANSFERRED = "transferred", _("调离执法岗位")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="officer"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="officers", verbose_name=_("所属机关")
    )
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("岗位"), max_length=100, blank=True)
    duties = models.TextField(_("岗位职责"), blank=True)
    domains = models.ManyToManyField(EnforcementDomain, verbose_name=_("执法领域"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.ON_POST
    )
    is_new_staff = models.BooleanField(
        _("新进人员"), default=False, help_text=_("R-60：考试合格并取得执法证前不得分派案件")
    )
    flagged_for_transfer = models.BooleanField(_("拟调离执法岗位"), default=False)
    flagged_for_review = models.BooleanField(_("过错待处理"), default=False)
    legal_qualification = models.CharField(
        _("法律职业资格证书编号"),
        max_length=50,
        blank=True,
        help_text=_("法制审核人员须具备（R-28）"),
    )
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    status_since = models.DateField(_("状态起始日"), null=True, blank=True)
    status_reason = models.CharField(_("状态原因"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("执法人员")
        verbose_name_plural = _("执法人员")
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def masked_id_number(self) -> str:
        n = self.id_number
        return f"{n[:3]}{'*' * (len(n) - 7)}{n[-4:]}" if len(n) > 7 else "*" * len(n)


class Certificate(models.Model):
    """执法证. State changes are kept in CertificateEvent."""

    class State(models.TextChoices):
        VALID = "valid", _("有效")
        SUSPENDED = "suspended", _("暂扣")
        REVOKED = "revoked", _("吊销")
        EXPIRED = "expired", _("过期")

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("证件编号"), max_length=50, unique=True)
    issuer = models.CharField(_("发证机关"), max_length=200)
    domains = models.ManyToManyField(EnforcementDomain, verbose_name=_("执法领域"))
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"))
    review_due_on = models.DateField(_("年审截止日"), help_text=_("R-61：逾期未年审的证件暂扣"))
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.VALID)

    class Meta:
        verbose_name = _("执法证")
        verbose_name_plural = _("执法证")
        ordering = ["-expires_on"]

    def __str__(self) -> str:
        return self.number

    @property
    def audit_agency_id(self) -> int:
        return self.officer.agency_id


class CertificateEvent(models.Model):
    """History of a certificate: issued, reviewed, suspended, revoked, expired, restored."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("时间"))
    from_state = models.CharField(_("原状态"), max_length=20, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20)
    kind = models.CharField(_("事项"), max_length=30)
    reason = models.TextField(_("原因"), blank=True)
    by_name = models.CharField(_("操作人"), max_length=150)

    class Meta:
        verbose_name = _("执法证变更记录")
        verbose_name_plural = _("执法证变更记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate} {self.from_state}→{self.to_state}"

    KIND_LABELS = {
        "issued": _("发证"),
        "reviewed": _("年审合格"),
        "review_failed": _("年审不合格"),
        "review_missed": _("逾期未年审"),
        "suspended": _("暂扣"),
        "revoked": _("吊销"),
        "restored": _("恢复"),
        "expired": _("到期"),
    }

    @property
    def kind_label(self) -> str:
        return str(self.KIND_LABELS.get(self.kind, self.kind))

    @staticmethod
    def _state_label(state: str) -> str:
        return str(Certificate.State(state).label) if state in Certificate.State.values else state

    @property
    def from_label(self) -> str:
        return self._state_label(self.from_state)

    @property
    def to_label(self) -> str:
        return self._state_label(self.to_state)


class Exam(models.Model):
    """执法资格考试 (R-60): a pass clears new staff (with a certificate) and ends off-post
    study; a failure puts the officer off post; a second consecutive failure flags them
    for transfer out of enforcement posts."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", _("执法资格考试")
        RETAKE = "retake", _("离岗学习后补考")
        ANNUAL = "annual", _("年度考核考试")

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="exams", verbose_name=_("执法人员")
    )
    kind = models.CharField(
        _("考试类型"), max_length=20, choices=Kind.choices, default=Kind.QUALIFICATION
    )
    subject = models.CharField(_("考试科目"), max_length=200)
    taken_on = models.DateField(_("考试日期"))
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("合格"))
    organiser = models.CharField(_("组织单位"), max_length=200, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    recorded_by_name = models.CharField(_("录入人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("执法资格考试")
        verbose_name_plural = _("执法资格考试")
        ordering = ["-taken_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.officer} {self.subject} {self.taken_on}"

    @property
    def audit_agency_id(self) -> int:
        return self.officer.agency_id


class Training(models.Model):
    """培训记录 (notice §六(一)): regular training, new-law training, off-post study."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("业务培训")
        NEW_LAW = "new_law", _("新法培训")
        DRILL = "drill", _("现场练兵")
        OFF_POST_STUDY = "study", _("离岗学习")

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("执法人员")
    )
    kind = models.CharField(
        _("培训类型"), max_length=20, choices=Kind.choices, default=Kind.REGULAR
    )
    title = models.CharField(_("培训名称"), max_length=200)
    law_name = models.CharField(
        _("所学新法"), max_length=200, blank=True, help_text=_("新法培训须填写法律、法规或规章名称")
    )
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"))
    hours = models.DecimalField(
        _("学时"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    organiser = models.CharField(_("组织单位"), max_length=200, blank=True)
    result = models.CharField(_("结业情况"), max_length=200, blank=True)
    recorded_by_name = models.CharField(_("录入人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.officer} {self.title}"

    @property
    def audit_agency_id(self) -> int:
        return self.officer.agency_id


class Fault(models.Model):
    """执法过错 (R-62). `case_reference` is a plain case number: cases sit above this app."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("一般执法过错")
        WRONGFUL_CASE = "wrongful", _("错案")
        SERIOUS_IMPACT = "serious", _("造成恶劣影响")

    class Measure(models.TextChoices):
        NONE = "", _("无")
        SUSPENSION = "suspension", _("停职")
        REMOVAL = "removal", _("免职")

    class Recovery(models.TextChoices):
        NOT_APPLICABLE = "n/a", _("不涉及")
        PENDING = "pending", _("待追偿")
        PARTIAL = "partial", _("部分追偿")
        RECOVERED = "recovered", _("已追偿")
        WAIVED = "waived", _("依法免于追偿")

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="faults", verbose_name=_("执法人员")
    )
    case_reference = models.CharField(_("案件编号"), max_length=100, blank=True)
    kind = models.CharField(_("过错类型"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("过错发生日期"))
    found_on = models.DateField(_("认定日期"))
    finding = models.TextField(_("认定事实"))
    sanction = models.TextField(_("处理结果"), blank=True)
    measure = models.CharField(
        _("停职或免职"),
        max_length=20,
        choices=Measure.choices,
        blank=True,
        default=Measure.NONE,
        help_text=_("R-62：造成恶劣影响的，一律先停职或免职"),
    )
    recovery_amount = models.DecimalField(
        _("追偿金额（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    recovery_status = models.CharField(
        _("追偿状态"), max_length=20, choices=Recovery.choices, default=Recovery.NOT_APPLICABLE
    )
    recovered_amount = models.DecimalField(
        _("已追偿金额（元）"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    recorded_by_name = models.CharField(_("录入人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("执法过错")
        verbose_name_plural = _("执法过错")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.officer} {self.get_kind_display()} {self.occurred_on}"

    @property
    def audit_agency_id(self) -> int:
        return self.officer.agency_id


class Reminder(models.Model):
    """A notification row (站内提醒), e.g. a certificate about to expire. One per
    (certificate, recipient, kind, due date) so the daily task never repeats itself."""

    class Kind(models.TextChoices):
        CERTIFICATE_EXPIRING = "cert_expiring", _("执法证即将到期")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="officer_reminders",
        verbose_name=_("接收人"),
    )
    officer = models.ForeignKey(
        Officer, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("执法人员")
    )
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("执法证"),
    )
    kind = models.CharField(_("提醒类型"), max_length=30, choices=Kind.choices)
    due_on = models.DateField(_("到期日"))
    message = models.TextField(_("内容"))
    created_on = models.DateField(_("提醒日期"))
    emailed = models.BooleanField(_("已发送邮件"), default=False)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "recipient", "kind", "due_on"], name="officers_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return self.message[:50]

    @property
    def audit_agency_id(self) -> int:
        return self.officer.agency_id
