"""听证: the party's request (R-31), the hearing with its notice (R-32), recusal of the
presiding officer or recorder (R-33) and the hearing record (R-34).

A request is recorded whatever its date; one made after the 5 WD window (counted from
the notice's service) is kept as refused with the reason. A hearing names a presiding
officer and a recorder who never investigated the case; its 听证通知书 must be served at
least 7 WD before the date; a postponement keeps the old date and issues a new notice.
The record notes attendance, both sides' cases, signatures or the refusal to sign; a
party absent without good reason or leaving without permission has waived the hearing.
Only `penalties.services.hearings` writes these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class HearingRequest(models.Model):
    """听证申请 (R-31)."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("已受理")
        REFUSED = "refused", _("不予受理")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Channel(models.TextChoices):
        WRITTEN = "written", _("书面申请")
        ORAL = "oral", _("口头申请（已记录）")
        POST = "post", _("邮寄（以邮戳日期为准）")
        ELECTRONIC = "electronic", _("电子方式")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="+"
    )
    notice = models.ForeignKey(
        "penalties.Notice",
        verbose_name=_("告知"),
        on_delete=models.PROTECT,
        related_name="hearing_requests",
    )
    received_on = models.DateField(_("提出日期"))
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)
    requested_by = models.CharField(_("申请人"), max_length=200)
    note = models.TextField(_("申请内容"), blank=True)
    in_window = models.BooleanField(_("在申请期限内"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    refusal_rule = models.CharField(_("不予受理依据"), max_length=10, blank=True)
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    # the hearing period stops the decision clock (cases.ExcludedPeriod).
    clock_period_id = models.PositiveBigIntegerField(_("不计入期限的期间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("听证申请")
        verbose_name_plural = _("听证申请")
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice"],
                condition=Q(status="accepted"),
                name="pen_hearing_request_one_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {_('听证申请')} {self.received_on}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class Hearing(models.Model):
    """听证 (R-32, R-33): who, where, when, and its notice (听证通知书)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("已安排")
        HELD = "held", _("已举行")
        WAIVED = "waived", _("视为放弃听证")
        CANCELLED = "cancelled", _("已撤回申请")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="+"
    )
    request = models.OneToOneField(
        HearingRequest, verbose_name=_("听证申请"), on_delete=models.PROTECT, related_name="hearing"
    )
    presiding_officer = models.ForeignKey(
        "officers.Officer",
        verbose_name=_("听证主持人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorder = models.ForeignKey(
        "officers.Officer", verbose_name=_("记录员"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("听证地点"), max_length=255)
    public = models.BooleanField(_("公开举行"), default=True)
    non_public_reason = models.CharField(_("不公开理由"), max_length=255, blank=True)
    hearing_at = models.DateTimeField(_("听证时间"))
    hearing_on = models.DateField(_("听证日期"))
    summons = models.ForeignKey(
        "documents.Document",
        verbose_name=_("听证通知书"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    summons_served_on = models.DateField(_("听证通知书送达日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("安排人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scheduled_at = models.DateTimeField(_("安排时间"))

    class Meta:
        verbose_name = _("听证")
        verbose_name_plural = _("听证")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case} · {_('听证')} {self.hearing_on}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class HearingPostponement(models.Model):
    """延期听证: the old and new date, why, at whose request, and the new notice."""

    class RequestedBy(models.TextChoices):
        PARTY = "party", _("当事人申请")
        AGENCY = "agency", _("行政机关决定")

    hearing = models.ForeignKey(
        Hearing, verbose_name=_("听证"), on_delete=models.PROTECT, related_name="postponements"
    )
    old_hearing_at = models.DateTimeField(_("原定听证时间"))
    new_hearing_at = models.DateTimeField(_("新定听证时间"))
    requested_by = models.CharField(_("提出方"), max_length=20, choices=RequestedBy.choices)
    reason = models.TextField(_("延期理由"))
    old_summons = models.ForeignKey(
        "documents.Document",
        verbose_name=_("原听证通知书"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("延期听证")
        verbose_name_plural = _("延期听证")
        ordering = ["hearing", "pk"]

    def __str__(self) -> str:
        return f"{self.hearing} → {self.new_hearing_at:%Y-%m-%d}"

    @property
    def audit_case_id(self) -> int:
        return self.hearing.case_id


class HearingRecusal(models.Model):
    """A party's recusal request against the presiding officer or recorder (R-33)."""

    class Role(models.TextChoices):
        PRESIDING = "presiding", _("听证主持人")
        RECORDER = "recorder", _("记录员")

    class Status(models.TextChoices):
        PENDING = "pending", _("待决定")
        GRANTED = "granted", _("准予回避")
        REFUSED = "refused", _("驳回")

    hearing = models.ForeignKey(
        Hearing, verbose_name=_("听证"), on_delete=models.PROTECT, related_name="recusals"
    )
    officer = models.ForeignKey(
        "officers.Officer",
        verbose_name=_("被申请回避人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("担任职责"), max_length=20, choices=Role.choices)
    applicant = models.CharField(_("申请人"), max_length=200)
    grounds = models.TextField(_("申请理由"))
    requested_on = models.DateField(_("申请日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("听证回避申请")
        verbose_name_plural = _("听证回避申请")
        ordering = ["hearing", "pk"]

    def __str__(self) -> str:
        return f"{self.hearing} · {self.get_role_display()} · {self.get_status_display()}"

    @property
    def audit_case_id(self) -> int:
        return self.hearing.case_id


class HearingRecord(models.Model):
    """听证笔录 (R-34): attendance, the investigators' case, the party's defence and
    cross-examination, signatures or the noted refusal; absence = waiver."""

    class Attendance(models.TextChoices):
        ATTENDED = "attended", _("当事人或其代理人出席")
        ABSENT = "absent", _("无正当理由拒不出席")
        LEFT = "left", _("未经许可中途退出")

    class Signature(models.TextChoices):
        SIGNED = "signed", _("当事人或代理人已签名")
        REFUSED = "refused", _("拒绝签名（已注明）")
        NOT_PRESENT = "not_present", _("当事人不在场")

    hearing = models.OneToOneField(
        Hearing, verbose_name=_("听证"), on_delete=models.PROTECT, related_name="record"
    )
    held_on = models.DateField(_("举行日期"))
    attendance = models.CharField(_("出席情况"), max_length=20, choices=Attendance.choices)
    participants = models.JSONField(_("参加人员"), default=list, blank=True)
    investigators_case = models.TextField(_("调查人员提出的事实、证据和处罚建议"), blank=True)
    defence = models.TextField(_("当事人的陈述和申辩"), blank=True)
    cross_examination = models.TextField(_("质证和辩论"), blank=True)
    final_statement = models.TextField(_("当事人最后陈述"), blank=True)
    signature = models.CharField(_("签名情况"), max_length=20, choices=Signature.choices)
    signature_note = models.TextField(_("签名情况说明"), blank=True)
    waived = models.BooleanField(_("视为放弃听证"), default=False)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("听证笔录"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("听证笔录")
        verbose_name_plural = _("听证笔录")

    def __str__(self) -> str:
        return f"{self.hearing} · {_('听证笔录')}"

    @property
    def audit_case_id(self) -> int:
        return self.hearing.case_id


__all__ = [
    "Hearing",
    "HearingPostponement",
    "HearingRecord",
    "HearingRecusal",
    "HearingRequest",
]
