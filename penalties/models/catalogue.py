"""The violation catalogue (违法行为目录): what a party can be punished for, and how much.

A `ViolationType` is the stable identity of a violation (its code, used by cases and by
the powers list). What the law says about it lives in `ViolationVersion` rows, one per
wording of the law: when a provision is revised, a new version starts on the day the
revision takes effect and the old one ends the day before. R-18 (Art 37) needs both the
version in force on the act date and the one in force at decision time, so nothing is
ever overwritten.

The fine spec models what real provisions say:
- a fixed range in yuan ("处五千元以上五万元以下罚款"; "五千元以下" has minimum 0);
- or multiples of a base amount (违法所得, 货值金额, 广告费用) with a minimum and maximum
  multiple, plus the absolute range that applies instead when there is no base amount,
  or the base is below a threshold ("货值金额不足一万元的，并处五万元以上十万元以下罚款"),
  or cannot be calculated ("广告费用无法计算或者明显偏低的").
"""

from __future__ import annotations

from datetime import date

import cn2an
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PenaltyType(models.TextChoices):
    """行政处罚的种类 (行政处罚法 Art 9). The codes are those of the discretion engine's
    `PenaltyType`, so stored lists convert one to one."""

    WARNING = "warning", _("警告")
    CRITICISM = "criticism", _("通报批评")
    FINE = "fine", _("罚款")
    CONFISCATE_GAINS = "confiscate_gains", _("没收违法所得")
    CONFISCATE_PROPERTY = "confiscate_property", _("没收非法财物")
    SUSPEND_LICENCE = "suspend_licence", _("暂扣许可证件")
    LOWER_QUALIFICATION = "lower_qualification", _("降低资质等级")
    REVOKE_LICENCE = "revoke_licence", _("吊销许可证件")
    RESTRICT_BUSINESS = "restrict_business", _("限制开展生产经营活动")
    SUSPEND_BUSINESS = "suspend_business", _("责令停产停业")
    CLOSE = "close", _("责令关闭")
    RESTRICT_EMPLOYMENT = "restrict_employment", _("限制从业")
    DETENTION = "detention", _("行政拘留")
    OTHER = "other", _("其他行政处罚")


PENALTY_TYPE_CODES: frozenset[str] = frozenset(PenaltyType.values)


def penalty_type_labels(codes: list[str] | tuple[str, ...]) -> list[str]:
    """Translated labels of penalty type codes, in the order of `PenaltyType`."""
    order = {code: i for i, code in enumerate(PenaltyType.values)}
    return [str(PenaltyType(c).label) for c in sorted(codes, key=lambda c: order.get(c, 99))]


class FineBasis(models.TextChoices):
    """How the statute sets the fine."""

    NONE = "none", _("无罚款")
    FIXED = "fixed", _("固定数额")
    ILLEGAL_GAINS = "illegal_gains", _("违法所得")
    GOODS_VALUE = "goods_value", _("货值金额")
    AD_FEES = "ad_fees", _("广告费用")
    TURNOVER = "turnover", _("违法经营额")


MULTIPLE_BASES: frozenset[str] = frozenset(
    {FineBasis.ILLEGAL_GAINS, FineBasis.GOODS_VALUE, FineBasis.AD_FEES, FineBasis.TURNOVER}
)


class AlternativeCondition(models.TextChoices):
    """When a multiple-based fine falls back to its absolute range."""

    NONE = "", _("不适用")
    NO_BASE = "no_base", _("没有违法所得（或基数）时")
    BELOW_THRESHOLD = "below_threshold", _("基数不足起算标准时")
    INCALCULABLE_OR_LOW = "incalculable_or_low", _("基数无法计算或者明显偏低时")


class Provision(models.Model):
    """A quoted legal provision: law, article, paragraph, item and its text.

    A revised law gets new Provision rows (another `law_version`); rows are never edited
    after a violation version refers to them, so old cases keep citing what applied.
    """

    law_name = models.CharField(_("法律法规名称"), max_length=100)
    law_version = models.CharField(
        _("版本"), max_length=60, blank=True, help_text=_("例如“2021年修正”")
    )
    article = models.PositiveSmallIntegerField(_("条"))
    paragraph = models.PositiveSmallIntegerField(_("款"), default=0, help_text=_("0 表示不分款"))
    item = models.PositiveSmallIntegerField(_("项"), default=0, help_text=_("0 表示不分项"))
    text = models.TextField(_("条文"))

    class Meta:
        verbose_name = _("法律条款")
        verbose_name_plural = _("法律条款")
        ordering = ["law_name", "article", "paragraph", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["law_name", "law_version", "article", "paragraph", "item"],
                name="penalties_provision_unique",
            )
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def article_ref(self) -> str:
        """第一百二十四条第一款第（五）项"""
        out = f"第{cn2an.an2cn(self.article)}条"
        if self.paragraph:
            out += f"第{cn2an.an2cn(self.paragraph)}款"
        if self.item:
            out += f"第（{cn2an.an2cn(self.item)}）项"
        return out

    @property
    def citation(self) -> str:
        """《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"""
        return f"《{self.law_name}》{self.article_ref}"


class ViolationType(models.Model):
    """违法行为: the stable identity that cases and powers refer to by `code`."""

    code = models.CharField(_("违法行为代码"), max_length=40, unique=True)
    name = models.CharField(_("违法行为名称"), max_length=200)
    domain = models.ForeignKey(
        "officers.EnforcementDomain",
        verbose_name=_("执法领域"),
        on_delete=models.PROTECT,
        related_name="violation_types",
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("违法行为")
        verbose_name_plural = _("违法行为目录")
        ordering = ["domain__code", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def version_on(self, on: date) -> ViolationVersion | None:
        """The version of the law in force on `on` (R-18), or None."""
        return (
            self.versions.in_force(on)
            .select_related("violated_provision", "penalty_provision", "supplementary_provision")
            .first()
        )


class ViolationVersionQuerySet(models.QuerySet):
    def in_force(self, on: date) -> ViolationVersionQuerySet:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)


class ViolationVersion(models.Model):
    """What the law said about a violation type from `valid_from` to `valid_to`
    (inclusive; open-ended when empty)."""

    violation = models.ForeignKey(
        ViolationType, on_delete=models.PROTECT, related_name="versions", verbose_name=_("违法行为")
    )
    valid_from = models.DateField(_("施行日期"))
    valid_to = models.DateField(
        _("失效日期"), null=True, blank=True, help_text=_("含当日；留空表示现行有效")
    )
    description = models.TextField(_("违法情形"), blank=True)
    violated_provision = models.ForeignKey(
        Provision, on_delete=models.PROTECT, related_name="+", verbose_name=_("违反条款")
    )
    penalty_provision = models.ForeignKey(
        Provision, on_delete=models.PROTECT, related_name="+", verbose_name=_("处罚依据")
    )
    supplementary_provision = models.ForeignKey(
        Provision,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("细化处罚的法规规章条款"),
        help_text=_("法律只规定“可以处罚款”而由行政法规、规章规定数额时填写"),
    )
    penalty_types = models.JSONField(_("法定处罚种类"), default=list)
    fine_basis = models.CharField(
        _("罚款计算方式"), max_length=20, choices=FineBasis.choices, default=FineBasis.NONE
    )
    mandatory_types = models.JSONField(
        _("应当给予的处罚种类"),
        default=list,
        blank=True,
        help_text=_("条文为“没收……并处……”时列入；“可以并处”“可以处”的不列入"),
    )
    fine_condition = models.CharField(
        _("罚款适用条件"), max_length=200, blank=True, help_text=_("例如“拒不改正的”")
    )
    fine_min = models.DecimalField(
        _("罚款下限（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("固定数额的下限；按倍数计算时为不按倍数计算时适用的下限"),
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
    alternative_condition = models.CharField(
        _("适用固定数额的情形"),
        max_length=30,
        choices=AlternativeCondition.choices,
        default=AlternativeCondition.NONE,
        blank=True,
    )
    base_threshold = models.DecimalField(
        _("基数起算标准（元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("例如货值金额不足一万元时适用固定数额：填 10000"),
    )
    needs_legal_review = models.BooleanField(
        _("须法制审核"), default=False, help_text=_("R-28：作出处罚决定前须经法制审核")
    )
    safety_related = models.BooleanField(
        _("涉及生命健康安全、金融安全"),
        default=False,
        help_text=_("R-10：有危害后果的追责期限延长至五年"),
    )
    notes = models.TextField(_("备注"), blank=True)

    objects = ViolationVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("违法行为法律依据版本")
        verbose_name_plural = _("违法行为法律依据版本")
        ordering = ["violation", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["violation", "valid_from"], name="penalties_violationversion_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="penalties_violationversion_period",
            ),
        ]

    def __str__(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else _("至今")
        return f"{self.violation.code} {self.valid_from.isoformat()}—{end}"

    @property
    def code(self) -> str:
        return self.violation.code

    @property
    def has_fine(self) -> bool:
        return PenaltyType.FINE in self.penalty_types

    @property
    def is_multiple(self) -> bool:
        return self.fine_basis in MULTIPLE_BASES

    @property
    def has_absolute_range(self) -> bool:
        return self.fine_max is not None

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def penalty_type_labels(self) -> list[str]:
        return penalty_type_labels(self.penalty_types)

    def clean(self) -> None:
        """The fine spec must be one of the shapes real provisions have."""
        errors: dict[str, str] = {}
        unknown = [t for t in self.penalty_types or [] if t not in PENALTY_TYPE_CODES]
        if unknown:
            errors["penalty_types"] = _("未知的处罚种类：%(codes)s") % {"codes": "、".join(unknown)}
        if not set(self.mandatory_types or []) <= set(self.penalty_types or []):
            errors["mandatory_types"] = _("应当给予的处罚种类须在法定处罚种类之内")
        has_fine = PenaltyType.FINE in (self.penalty_types or [])
        if has_fine and self.fine_basis == FineBasis.NONE:
            errors["fine_basis"] = _("处罚种类含罚款时须选择罚款计算方式")
        if not has_fine and self.fine_basis != FineBasis.NONE:
            errors["fine_basis"] = _("处罚种类不含罚款时罚款计算方式应为“无罚款”")
        if self.fine_basis == FineBasis.FIXED and self.fine_max is None:
            errors["fine_max"] = _("固定数额罚款须填写上限")
        if self.fine_basis in MULTIPLE_BASES and self.multiple_max is None:
            errors["multiple_max"] = _("按倍数计算的罚款须填写倍数上限")
        if self.fine_basis == FineBasis.FIXED and (
            self.multiple_min is not None or self.multiple_max is not None
        ):
            errors["multiple_max"] = _("固定数额罚款不得填写倍数")
        for lo, hi in (("fine_min", "fine_max"), ("multiple_min", "multiple_max")):
            a, b = getattr(self, lo), getattr(self, hi)
            if (a is not None and a < 0) or (b is not None and b < 0):
                errors[lo] = _("数额不得为负数")
            elif (a is None) != (b is None):
                errors[lo] = _("下限与上限须同时填写（“以下”的下限填 0）")
            elif a is not None and b is not None and a > b:
                errors[lo] = _("下限不得高于上限")
        if self.fine_basis in MULTIPLE_BASES and (self.fine_max is not None) != bool(
            self.alternative_condition
        ):
            errors["alternative_condition"] = _(
                "按倍数计算的罚款另有固定数额时，须同时填写固定数额和适用固定数额的情形"
            )
        if self.fine_max is not None and self.fine_max <= 0:
            errors["fine_max"] = _("罚款上限须大于 0")
        if self.multiple_max is not None and self.multiple_max <= 0:
            errors["multiple_max"] = _("倍数上限须大于 0")
        if (
            self.alternative_condition == AlternativeCondition.BELOW_THRESHOLD
            and self.base_threshold is None
        ):
            errors["base_threshold"] = _("“基数不足起算标准时”须填写起算标准")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            errors["valid_to"] = _("失效日期不得早于施行日期")
        if errors:
            raise ValidationError(errors)

    @property
    def fine_summary(self) -> str:
        """The statutory fine in one line, e.g. "货值金额 10–20 倍；基数不足起算标准时
        （10000 元）：50000–100000 元"."""
        return fine_summary(self)


def _num(value) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fine_summary(v: ViolationVersion) -> str:
    if v.fine_basis == FineBasis.NONE:
        return str(_("无罚款"))
    fixed = (
        _("%(lo)s–%(hi)s 元") % {"lo": _num(v.fine_min), "hi": _num(v.fine_max)}
        if v.fine_max is not None
        else ""
    )
    if v.fine_basis == FineBasis.FIXED:
        out = str(fixed)
    else:
        out = str(
            _("%(basis)s %(lo)s–%(hi)s 倍")
            % {
                "basis": FineBasis(v.fine_basis).label,
                "lo": _num(v.multiple_min),
                "hi": _num(v.multiple_max),
            }
        )
        if fixed:
            when = str(AlternativeCondition(v.alternative_condition).label)
            if v.base_threshold is not None:
                when += _("（%(n)s 元）") % {"n": _num(v.base_threshold)}
            out += f"；{when}：{fixed}"
    if v.fine_condition:
        out = f"{v.fine_condition}：{out}"
    return out
