"""Discretion benchmarks (裁量基准, R-17) and the first-offence list (首违不罚清单, R-13).

An agency's benchmark for a violation is a series of versions. A version is a draft
until it is published with an effective date; a published version never changes (a
change is a new version), so a decision can always show the table it applied. Publishing
a version ends the previous one the day before the new one takes effect. When an agency
has no published version in force for a violation, the engine's default split applies.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from penalties.models.catalogue import ViolationType, _num, penalty_type_labels


class Tier(models.TextChoices):
    """裁量档次, from the lightest to the heaviest."""

    NO_PENALTY = "no_penalty", _("不予处罚")
    MITIGATED = "mitigated", _("减轻")
    LIGHTER = "lighter", _("从轻")
    ORDINARY = "ordinary", _("一般")
    HEAVIER = "heavier", _("从重")


TIER_ORDER: dict[str, int] = {code: i for i, code in enumerate(Tier.values)}
# The tiers inside the statutory range, which must not overlap.
RANGE_TIERS: tuple[str, ...] = (Tier.LIGHTER, Tier.ORDINARY, Tier.HEAVIER)


class ConditionFlag(models.TextChoices):
    """Structured conditions of a tier, matched against the facts of a case. The codes
    are the discretion engine's `Circumstance` values (tests keep the two lists equal)."""

    FIRST_OFFENCE = "first_offence", _("初次违法")
    MINOR = "minor", _("违法行为轻微")
    PROMPTLY_CORRECTED = "promptly_corrected", _("及时改正")
    NO_HARM = "no_harm", _("没有造成危害后果")
    HARM_SMALL = "harm_small", _("危害后果较小")
    HARM_GENERAL = "harm_general", _("危害后果一般")
    HARM_SERIOUS = "harm_serious", _("危害后果严重")
    NO_FAULT = "no_fault", _("有证据足以证明没有主观过错")
    MITIGATING = "mitigating", _("有法定从轻、减轻情节")
    MINOR_AGE = "minor_age", _("已满十四周岁不满十八周岁")
    IMPAIRED_CAPACITY = "impaired_capacity", _("尚未完全丧失辨认或者控制能力")
    AGGRAVATING = "aggravating", _("有从重情节")
    REPEAT = "repeat", _("多次违法或者屡查屡犯")
    REFUSED_CORRECTION = "refused_correction", _("拒不改正")
    REMOVED_HARM = "mitigating.removed_harm", _("主动消除或者减轻违法行为危害后果")
    COERCED = "mitigating.coerced", _("受他人胁迫或者诱骗实施违法行为")
    CONFESSED = "mitigating.confessed", _("主动供述行政机关尚未掌握的违法行为")
    MERITORIOUS = "mitigating.meritorious", _("配合查处违法行为有立功表现")
    OTHER_STATUTORY = "mitigating.other_statutory", _("法律、法规、规章规定的其他从轻或者减轻情形")
    OBSTRUCTED = "aggravating.obstructed", _("阻碍、拒绝执法人员依法执行职务")
    SERIOUS_HARM = "aggravating.serious_harm", _("造成严重危害后果")
    VULNERABLE_VICTIMS = "aggravating.vulnerable_victims", _("侵害老年人、未成年人等特殊群体")
    DESTROYED_EVIDENCE = "aggravating.destroyed_evidence", _("伪造、隐匿、毁灭证据")
    EMERGENCY = "aggravating.emergency", _("在突发事件期间实施违法行为")
    OTHER_AGGRAVATING = "aggravating.other", _("其他从重情节")


CONDITION_FLAG_CODES: frozenset[str] = frozenset(ConditionFlag.values)


def flag_labels(codes) -> list[str]:
    return [str(ConditionFlag(f).label) for f in codes or [] if f in CONDITION_FLAG_CODES]


class BenchmarkVersionQuerySet(models.QuerySet):
    def published(self) -> BenchmarkVersionQuerySet:
        return self.filter(status=BenchmarkVersion.Status.PUBLISHED)

    def in_force(self, on) -> BenchmarkVersionQuerySet:
        return self.published().filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on), effective_from__lte=on
        )


class BenchmarkVersion(models.Model):
    """One version of an agency's benchmark table for one violation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    agency = models.ForeignKey(
        "officers.Agency",
        on_delete=models.PROTECT,
        related_name="benchmark_versions",
        verbose_name=_("执法机关"),
    )
    violation = models.ForeignKey(
        ViolationType,
        on_delete=models.PROTECT,
        related_name="benchmark_versions",
        verbose_name=_("违法行为"),
    )
    label = models.CharField(_("版本号"), max_length=60, help_text=_("例如“2026年版”"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    effective_to = models.DateField(
        _("失效日期"),
        null=True,
        blank=True,
        help_text=_("含当日；发布新版本时自动设为新版本施行日前一日"),
    )
    approved_by = models.CharField(
        _("审定机构"),
        max_length=200,
        blank=True,
        help_text=_("例如“局长办公会议 2026-03-01 审议通过”"),
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("复制自"),
    )
    notes = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )

    objects = BenchmarkVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("裁量基准版本")
        verbose_name_plural = _("裁量基准版本")
        ordering = ["agency", "violation", "-effective_from", "-pk"]
        constraints = [
            # One draft at a time per agency and violation: "new version" reopens it.
            models.UniqueConstraint(
                fields=["agency", "violation"],
                condition=Q(status="draft"),
                name="penalties_benchmark_one_draft",
            ),
            models.UniqueConstraint(
                fields=["agency", "violation", "effective_from"],
                condition=Q(status="published"),
                name="penalties_benchmark_unique_start",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(effective_from__isnull=False),
                name="penalties_benchmark_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["agency", "violation", "status", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.violation.code} {self.label}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def in_force(self, on) -> bool:
        return (
            self.is_published
            and self.effective_from is not None
            and self.effective_from <= on
            and (self.effective_to is None or on <= self.effective_to)
        )


class BenchmarkTier(models.Model):
    """One tier of a benchmark version: its conditions and its penalty range."""

    version = models.ForeignKey(
        BenchmarkVersion,
        on_delete=models.CASCADE,
        related_name="tiers",
        verbose_name=_("裁量基准版本"),
    )
    tier = models.CharField(_("裁量档次"), max_length=20, choices=Tier.choices)
    conditions = models.TextField(_("适用条件"), blank=True)
    # Structured conditions: every `flags`, at least one of `flags_any` (when given), none
    # of `flags_none`, and the base amount within the optional bounds.
    flags = models.JSONField(_("须同时具备"), default=list, blank=True)
    flags_any = models.JSONField(_("具备其一即可"), default=list, blank=True)
    flags_none = models.JSONField(_("不得具备"), default=list, blank=True)
    amount_below = models.DecimalField(
        _("基数低于（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("货值金额、违法所得等计算基数低于该数额时适用"),
    )
    amount_at_least = models.DecimalField(
        _("基数不低于（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    penalty_types = models.JSONField(_("处罚种类"), default=list, blank=True)
    fine_min = models.DecimalField(
        _("罚款下限（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        _("罚款上限（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    multiple_min = models.DecimalField(
        _("倍数下限"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    multiple_max = models.DecimalField(
        _("倍数上限"), max_digits=8, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("裁量档次")
        verbose_name_plural = _("裁量档次")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "tier"], name="penalties_benchmarktier_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.get_tier_display()}"

    @property
    def audit_agency_id(self) -> int:
        return self.version.agency_id

    @property
    def rank(self) -> int:
        return TIER_ORDER[self.tier]

    @property
    def flag_labels(self) -> list[str]:
        return flag_labels(self.flags)

    @property
    def penalty_type_labels(self) -> list[str]:
        return penalty_type_labels(self.penalty_types)

    @property
    def fine_range_display(self) -> str:
        if self.fine_min is None or self.fine_max is None:
            return ""
        return str(_("%(lo)s–%(hi)s 元") % {"lo": _num(self.fine_min), "hi": _num(self.fine_max)})

    @property
    def multiple_range_display(self) -> str:
        if self.multiple_min is None or self.multiple_max is None:
            return ""
        return str(
            _("%(lo)s–%(hi)s 倍") % {"lo": _num(self.multiple_min), "hi": _num(self.multiple_max)}
        )

    @property
    def flags_any_labels(self) -> list[str]:
        return flag_labels(self.flags_any)

    @property
    def flags_none_labels(self) -> list[str]:
        return flag_labels(self.flags_none)

    @property
    def has_structured_condition(self) -> bool:
        return bool(
            self.flags
            or self.flags_any
            or self.flags_none
            or self.amount_below is not None
            or self.amount_at_least is not None
        )


class FirstOffenceEntry(models.Model):
    """首违不罚清单 entry (R-13): a first minor offence of this violation, corrected
    promptly, gets no penalty at this agency while the entry is in force."""

    agency = models.ForeignKey(
        "officers.Agency",
        on_delete=models.PROTECT,
        related_name="first_offence_entries",
        verbose_name=_("执法机关"),
    )
    violation = models.ForeignKey(
        ViolationType,
        on_delete=models.PROTECT,
        related_name="first_offence_entries",
        verbose_name=_("违法行为"),
    )
    conditions = models.TextField(_("适用条件"))
    effective_from = models.DateField(_("施行日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("含当日"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = _("首违不罚清单事项")
        verbose_name_plural = _("首违不罚清单")
        ordering = ["agency", "violation__code", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="penalties_firstoffence_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.violation.code}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    def in_force(self, on) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)
