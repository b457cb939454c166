"""Inspections (监督检查, R-21): done by at least two qualified officers (R-01); one that
finds a violation becomes a lead, once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Inspection(models.Model):
    agency = models.ForeignKey(
        "officers.Agency", verbose_name=_("检查机关"), on_delete=models.PROTECT, related_name="+"
    )
    domain = models.ForeignKey(
        "officers.EnforcementDomain",
        verbose_name=_("执法领域"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    party = models.ForeignKey(
        "cases.Party",
        verbose_name=_("被检查对象"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspected_on = models.DateField(_("检查日期"))
    place = models.CharField(_("检查地点"), max_length=255)
    officers = models.ManyToManyField(
        "officers.Officer", verbose_name=_("检查人员"), related_name="+"
    )
    findings = models.TextField(_("检查情况"))
    found_violation = models.BooleanField(_("发现违法行为"), default=False)
    # the lead it became — one-to-one, so an inspection becomes a lead only once.
    lead = models.OneToOneField(
        "cases.Case",
        verbose_name=_("转为线索"),
        on_delete=models.PROTECT,
        related_name="source_inspection",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("监督检查")
        verbose_name_plural = _("监督检查")
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.inspected_on} {self.party} {self.place}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def audit_case_id(self) -> int | None:
        return self.lead_id
