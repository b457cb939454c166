"""The states of a case (see `cases.workflow` for the edges between them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    # Before filing
    LEAD = "lead", _("线索核查")
    FILING_REVIEW = "filing_review", _("立案审批")
    # General procedure
    FILED = "filed", _("已立案")
    INVESTIGATING = "investigating", _("调查取证")
    INVESTIGATION_CLOSED = "investigation_closed", _("调查终结")
    PROPOSED = "proposed", _("拟处罚")
    NOTIFIED = "notified", _("已告知")
    HEARING_REQUESTED = "hearing_requested", _("已申请听证")
    HEARING_SCHEDULED = "hearing_scheduled", _("听证已安排")
    HEARING_HELD = "hearing_held", _("听证已举行")
    COLLECTIVE_DISCUSSION = "collective_discussion", _("集体讨论")
    LEGAL_REVIEW = "legal_review", _("法制审核")
    APPROVAL = "approval", _("负责人审批")
    DECIDED = "decided", _("已决定")
    SERVED = "served", _("已送达")
    EXECUTING = "executing", _("执行中")
    CLOSED = "closed", _("已结案")
    # Summary procedure (当场处罚, R-20)
    SUMMARY_DECIDED = "summary_decided", _("当场处罚")
    # Exits
    NOT_FILED = "not_filed", _("不予立案")
    TRANSFERRED = "transferred", _("已移送")
    NO_PENALTY = "no_penalty", _("不予处罚")
    NOT_ESTABLISHED = "not_established", _("违法事实不成立")
    WITHDRAWN = "withdrawn", _("撤销立案")
    SUSPENDED = "suspended", _("中止调查")
    TERMINATED = "terminated", _("终止调查")
