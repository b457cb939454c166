"""The checks a benchmark table must pass against the statute (R-17, R-19).

Plain functions over plain values, shared by the tier editor, publishing and the xlsx
import, so that each path refuses the same tables with the same words. Every message
names the tier it is about.

Ranges are inclusive ("五万元以上十万元以下" includes both ends, as 以上/以下 do in
Chinese law), so two neighbouring tiers may share a boundary (从轻 5万–6.5万, 一般
6.5万–8.5万) but may not overlap beyond it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.errors import RuleViolation
from penalties.models import (
    CONDITION_FLAG_CODES,
    PENALTY_TYPE_CODES,
    RANGE_TIERS,
    TIER_ORDER,
    FineBasis,
    PenaltyType,
    Tier,
    ViolationVersion,
)


def fmt_number(value: Decimal | None) -> str:
    """70000.00 → "70000", 0.50 → "0.5" (no exponent, no trailing zeros)."""
    if value is None:
        return "—"
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def tier_label(tier: str) -> str:
    return str(Tier(tier).label)


@dataclass
class TierSpec:
    """A tier as entered (form, spreadsheet row or stored row), before it is saved."""

    tier: str
    conditions: str = ""
    flags: list[str] = field(default_factory=list)
    flags_any: list[str] = field(default_factory=list)
    flags_none: list[str] = field(default_factory=list)
    amount_below: Decimal | None = None
    amount_at_least: Decimal | None = None
    penalty_types: list[str] = field(default_factory=list)
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    multiple_min: Decimal | None = None
    multiple_max: Decimal | None = None
    row: int | None = None  # spreadsheet row, for the import's error report

    @classmethod
    def from_model(cls, obj) -> TierSpec:
        return cls(
            tier=obj.tier,
            conditions=obj.conditions,
            flags=list(obj.flags or []),
            flags_any=list(obj.flags_any or []),
            flags_none=list(obj.flags_none or []),
            amount_below=obj.amount_below,
            amount_at_least=obj.amount_at_least,
            penalty_types=list(obj.penalty_types or []),
            fine_min=obj.fine_min,
            fine_max=obj.fine_max,
            multiple_min=obj.multiple_min,
            multiple_max=obj.multiple_max,
        )

    @property
    def has_structured_condition(self) -> bool:
        return bool(
            self.flags
            or self.flags_any
            or self.flags_none
            or self.amount_below is not None
            or self.amount_at_least is not None
        )

    @property
    def has_fine(self) -> bool:
        return PenaltyType.FINE in self.penalty_types

    @property
    def fine_range(self) -> tuple[Decimal, Decimal] | None:
        if self.fine_min is None or self.fine_max is None:
            return None
        return (self.fine_min, self.fine_max)

    @property
    def multiple_range(self) -> tuple[Decimal, Decimal] | None:
        if self.multiple_min is None or self.multiple_max is None:
            return None
        return (self.multiple_min, self.multiple_max)


@dataclass(frozen=True)
class TierProblem:
    """One reason a tier is refused."""

    tier: str
    rule: str
    message: str
    row: int | None = None

    def as_error(self) -> RuleViolation:
        return RuleViolation(self.rule, self.message)

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


def _basis_label(statute: ViolationVersion) -> str:
    return str(FineBasis(statute.fine_basis).label)


def _check_numbers(spec: TierSpec, name: str) -> list[str]:
    """Shape of the numbers alone: non-negative, both ends given, min ≤ max."""
    out: list[str] = []
    pairs = (
        (spec.fine_min, spec.fine_max, _("罚款"), _("元")),
        (spec.multiple_min, spec.multiple_max, _("倍数"), _("倍")),
    )
    for lo, hi, what, unit in pairs:
        if (lo is not None and lo < 0) or (hi is not None and hi < 0):
            out.append(_("%(tier)s档%(what)s不得为负数") % {"tier": name, "what": what})
        elif (lo is None) != (hi is None):
            out.append(_("%(tier)s档%(what)s下限与上限须同时填写") % {"tier": name, "what": what})
        elif lo is not None and hi is not None and lo > hi:
            out.append(
                _("%(tier)s档%(what)s下限 %(lo)s %(unit)s高于上限 %(hi)s %(unit)s")
                % {
                    "tier": name,
                    "what": what,
                    "lo": fmt_number(lo),
                    "hi": fmt_number(hi),
                    "unit": unit,
                }
            )
    return out


def check_tier(statute: ViolationVersion, spec: TierSpec) -> list[TierProblem]:
    """Every problem of one tier on its own (ranges against the statute)."""
    name = tier_label(spec.tier) if spec.tier in TIER_ORDER else spec.tier
    problems: list[TierProblem] = []

    def refuse(message: str, rule: str = "R-17") -> None:
        problems.append(TierProblem(spec.tier, rule, message, spec.row))

    if spec.tier not in TIER_ORDER:
        refuse(_("未知的裁量档次“%(tier)s”") % {"tier": spec.tier})
        return problems
    unknown_flags = [
        f for f in (*spec.flags, *spec.flags_any, *spec.flags_none) if f not in CONDITION_FLAG_CODES
    ]
    if unknown_flags:
        refuse(
            _("%(tier)s档的条件标识“%(flags)s”无法识别")
            % {"tier": name, "flags": "、".join(unknown_flags)}
        )
    for bound in (spec.amount_below, spec.amount_at_least):
        if bound is not None and bound < 0:
            refuse(_("%(tier)s档的计算基数条件不得为负数") % {"tier": name})
    if (
        spec.amount_below is not None or spec.amount_at_least is not None
    ) and not statute.is_multiple:
        refuse(_("%(tier)s档不得按计算基数设定条件：法定罚款不按倍数计算") % {"tier": name})
    if spec.tier == Tier.MITIGATED and not spec.has_structured_condition:
        # 减轻 applies only on listed conditions.
        refuse(_("减轻档须设定结构化的适用条件（条件标识）"))
    unknown_types = [t for t in spec.penalty_types if t not in PENALTY_TYPE_CODES]
    if unknown_types:
        refuse(
            _("%(tier)s档的处罚种类“%(types)s”无法识别")
            % {"tier": name, "types": "、".join(unknown_types)}
        )
        return problems
    has_amounts = any(
        v is not None for v in (spec.fine_min, spec.fine_max, spec.multiple_min, spec.multiple_max)
    )
    if spec.tier == Tier.NO_PENALTY:
        if spec.penalty_types or has_amounts:
            refuse(_("不予处罚档不得设定处罚种类或罚款幅度"))
        return problems
    if not spec.penalty_types:
        refuse(_("%(tier)s档须至少选择一种处罚种类") % {"tier": name})
    # A mitigated tier may step down to a warning even where the statute has none.
    allowed = set(statute.penalty_types)
    if spec.tier == Tier.MITIGATED:
        allowed.add(PenaltyType.WARNING)
    for code in spec.penalty_types:
        if code not in allowed:
            refuse(
                _("%(tier)s档的处罚种类“%(type)s”不在法定处罚种类之内")
                % {"tier": name, "type": PenaltyType(code).label}
            )
    number_problems = _check_numbers(spec, name)
    for message in number_problems:
        refuse(message)
    if number_problems:
        return problems
    if not spec.has_fine:
        if has_amounts:
            refuse(_("%(tier)s档未包含罚款种类，不得设定罚款幅度") % {"tier": name})
        return problems
    if not statute.has_fine:
        return problems  # already refused as a non-statutory penalty type

    if statute.fine_basis == FineBasis.FIXED:
        if spec.multiple_range is not None:
            refuse(_("%(tier)s档不得设定倍数：法定罚款为固定数额") % {"tier": name})
        if spec.fine_range is None:
            refuse(_("%(tier)s档包含罚款，但未设定罚款幅度") % {"tier": name})
    else:
        basis = _basis_label(statute)
        if spec.multiple_range is None:
            refuse(_("%(tier)s档须设定%(basis)s的倍数幅度") % {"tier": name, "basis": basis})
        if statute.has_absolute_range and spec.fine_range is None:
            refuse(
                _("%(tier)s档须设定不按倍数计算时（%(when)s）的罚款幅度")
                % {"tier": name, "when": statute.get_alternative_condition_display()}
            )
        if not statute.has_absolute_range and spec.fine_range is not None:
            refuse(
                _("%(tier)s档不得设定固定数额：法定罚款按%(basis)s的倍数计算")
                % {"tier": name, "basis": basis}
            )
    if problems:
        return problems

    ranges = []
    if spec.fine_range is not None and statute.has_absolute_range:
        ranges.append(
            (spec.fine_range, (statute.fine_min, statute.fine_max), _("罚款"), _("元"), _("额"))
        )
    if spec.multiple_range is not None and statute.is_multiple:
        ranges.append(
            (
                spec.multiple_range,
                (statute.multiple_min, statute.multiple_max),
                _("倍数"),
                _("倍"),
                _("倍数"),
            )
        )
    for (lo, hi), (s_lo, s_hi), what, unit, noun in ranges:
        values = {
            "tier": name,
            "what": what,
            "unit": unit,
            "noun": noun,
            "lo": fmt_number(lo),
            "hi": fmt_number(hi),
            "s_lo": fmt_number(s_lo),
            "s_hi": fmt_number(s_hi),
        }
        if spec.tier == Tier.MITIGATED:
            # 减轻 means below the statutory minimum, and nothing else (Art 32).
            if s_lo == 0:
                refuse(
                    _(
                        "法定%(what)s最低为 0 %(unit)s，减轻档不得设定%(what)s幅度（可改为警告等较轻的处罚种类）"
                    )
                    % values
                )
            elif hi > s_lo:
                refuse(
                    _(
                        "减轻档%(what)s上限 %(hi)s %(unit)s高于法定最低%(noun)s %(s_lo)s %(unit)s（减轻处罚只能在法定最低限以下）"
                    )
                    % values
                )
            continue
        if lo < s_lo:
            refuse(
                _("%(tier)s档%(what)s下限 %(lo)s %(unit)s低于法定最低%(noun)s %(s_lo)s %(unit)s")
                % values
            )
        if hi > s_hi:
            # never above the statutory maximum, whatever a table says.
            refuse(
                _("%(tier)s档%(what)s上限 %(hi)s %(unit)s超过法定最高%(noun)s %(s_hi)s %(unit)s")
                % values,
                "R-19",
            )
    return problems


def check_overlaps(specs: Iterable[TierSpec]) -> list[TierProblem]:
    """从轻 below 一般 below 从重, neighbours sharing at most a boundary (R-17).

    The problem is reported on the heavier tier of each overlapping pair (the later row).
    """
    ranged = sorted(
        (s for s in specs if s.tier in RANGE_TIERS and s.has_fine),
        key=lambda s: TIER_ORDER[s.tier],
    )
    problems: list[TierProblem] = []
    for i, low in enumerate(ranged):
        for high in ranged[i + 1 :]:
            for attr, what, unit in (
                ("fine_range", _("罚款"), _("元")),
                ("multiple_range", _("倍数"), _("倍")),
            ):
                a, b = getattr(low, attr), getattr(high, attr)
                if a is None or b is None:
                    continue
                if a[1] > b[0] or a[0] > b[0]:
                    problems.append(
                        TierProblem(
                            high.tier,
                            "R-17",
                            _(
                                "%(low)s档与%(high)s档的%(what)s幅度重叠（%(low)s档 %(a0)s–%(a1)s %(unit)s，"
                                "%(high)s档 %(b0)s–%(b1)s %(unit)s）"
                            )
                            % {
                                "low": tier_label(low.tier),
                                "high": tier_label(high.tier),
                                "what": what,
                                "unit": unit,
                                "a0": fmt_number(a[0]),
                                "a1": fmt_number(a[1]),
                                "b0": fmt_number(b[0]),
                                "b1": fmt_number(b[1]),
                            },
                            high.row,
                        )
                    )
    return problems


def check_table(statute: ViolationVersion, specs: list[TierSpec]) -> list[TierProblem]:
    """Every problem of a whole table: each tier, duplicates, overlaps."""
    problems: list[TierProblem] = []
    seen: dict[str, TierSpec] = {}
    for spec in specs:
        if spec.tier in seen:
            problems.append(
                TierProblem(
                    spec.tier,
                    "R-17",
                    _("%(tier)s档重复设定") % {"tier": tier_label(spec.tier)},
                    spec.row,
                )
            )
            continue
        if spec.tier in TIER_ORDER:
            seen[spec.tier] = spec
        problems.extend(check_tier(statute, spec))
    if not problems:
        problems.extend(check_overlaps(seen.values()))
    return problems


def missing_core_tiers(specs: Iterable[TierSpec]) -> list[str]:
    """The tiers 从轻 / 一般 / 从重 a publishable table still lacks."""
    present = {s.tier for s in specs}
    return [t for t in RANGE_TIERS if t not in present]
