"""拟处罚: the penalty an officer proposes for a case, with what the engine said.

A proposal stores the facts the officer recorded (the engine's `Facts` as JSON), the
engine's recommendation exactly as the officer saw it (`discretion.snapshot`), and the
check of the proposed penalty against it (accepted / departure / refused). A proposal
outside the recommendation is a departure (R-17): it carries written reasons and waits
for the agency head's decision or a collective discussion, both recorded here.

Proposals are versioned per case: a new proposal supersedes the previous one, which is
kept (the legal office reads the whole history). Only the services in
`penalties.services.proposals` write these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProposalQuerySet(models.QuerySet):
    def in_force(self) -> ProposalQuerySet:
        """Proposals a case may move on with (accepted, or departure approved)."""
        return self.filter(status__in=Proposal.IN_FORCE)

    def live(self) -> ProposalQuerySet:
        """Not superseded and not withdrawn: the case's current proposal (at most one)."""
        return self.exclude(status__in=[Proposal.Status.SUPERSEDED, Proposal.Status.WITHDRAWN])


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ACCEPTED = "accepted", _("符合裁量建议")
        DEPARTURE_PENDING = "departure_pending", _("偏离裁量基准，待审批")
        DEPARTURE_APPROVED = "departure_approved", _("偏离裁量基准，已批准")
        DEPARTURE_REFUSED = "departure_refused", _("偏离裁量基准，未获批准")
        SUPERSEDED = "superseded", _("已被新拟处罚取代")
        WITHDRAWN = "withdrawn", _("已撤回")

    class DepartureVia(models.TextChoices):
        HEAD = "head", _("行政机关负责人审批")
        COLLECTIVE = "collective", _("集体讨论决定")

    IN_FORCE = (Status.ACCEPTED, Status.DEPARTURE_APPROVED)

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("案件"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    version = models.PositiveIntegerField(_("版本"))
    status = models.CharField(
        _("状态"), max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    # What is proposed (R-11 identity of the act: the case's party, violation, date, place).
    violation_code = models.CharField(_("违法行为代码"), max_length=40, db_index=True)
    party = models.ForeignKey(
        "cases.Party",
        verbose_name=_("当事人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    act_date = models.DateField(_("违法行为发生日期"), null=True, blank=True)
    place = models.CharField(_("违法行为地点"), max_length=255, blank=True)
    penalty_types = models.JSONField(_("处罚种类"), default=list)
    fine = models.DecimalField(
        _("罚款金额"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    confiscated_gains = models.DecimalField(
        _("没收违法所得"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    confiscated_property_value = models.DecimalField(
        _("没收非法财物价值"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    tier = models.CharField(_("裁量档次"), max_length=20, blank=True)

    # What the officer saw (R-17: the legal office sees exactly this later).
    facts = models.JSONField(_("认定情节"), default=dict)
    recommendation = models.JSONField(_("裁量建议快照"), default=dict)
    # Named `check_result`: a field called `check` would hide Model.check() (models.E020).
    check_result = models.JSONField(_("拟处罚校验结果"), default=dict)

    # R-17 departure: reasons, and the head's decision or a collective discussion.
    departure_reasons = models.TextField(_("偏离裁量基准的理由"), blank=True)
    departure_via = models.CharField(
        _("偏离审批方式"), max_length=20, choices=DepartureVia.choices, blank=True
    )
    departure_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("偏离审批人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    departure_decided_at = models.DateTimeField(_("偏离审批时间"), null=True, blank=True)
    departure_decision_reasons = models.TextField(_("审批意见"), blank=True)
    # Minimal record of a collective discussion (attendees' names, conclusion text).
    departure_attendees = models.JSONField(_("集体讨论参加人员"), default=list, blank=True)
    departure_conclusion = models.TextField(_("集体讨论结论"), blank=True)
    discussion_id = models.PositiveBigIntegerField(_("集体讨论记录编号"), null=True, blank=True)

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟处罚人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("拟处罚时间"))
    ended_at = models.DateTimeField(_("取代或撤回时间"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("拟处罚")
        verbose_name_plural = _("拟处罚")
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="penalties_proposal_version"),
            # At most one live proposal per case (a new one supersedes the previous).
            models.UniqueConstraint(
                fields=["case"],
                condition=~Q(status__in=["superseded", "withdrawn"]),
                name="penalties_proposal_one_live",
            ),
        ]
        indexes = [
            models.Index(fields=["party", "violation_code", "act_date"], name="penalties_prop_act"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {_('拟处罚')} v{self.version}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def audit_agency_id(self) -> int | None:
        case = getattr(self, "case", None)
        return case.agency_id if case is not None else None

    @property
    def in_force(self) -> bool:
        return self.status in self.IN_FORCE

    @property
    def is_departure(self) -> bool:
        data = self.check_result
        return bool(data.get("departures")) if isinstance(data, dict) else False

    @property
    def has_fine(self) -> bool:
        return "fine" in (self.penalty_types or [])


__all__ = ["Proposal", "ProposalQuerySet"]
