"""Enumerations of the discretion engine: codes to store (values) and Chinese labels.

Values match the DB layer's choices (`penalties.models`: PenaltyType, FineBasis,
AlternativeCondition, Tier, ConditionFlag) so rows map to engine inputs one to one.
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_


class _Labelled(enum.StrEnum):
    """A str enum whose members carry a translatable Chinese label and a rank."""

    _labels: dict[str, str]
    _ranks: dict[str, int]

    @property
    def label(self) -> str:
        return gettext(type(self)._labels[self.value])

    @property
    def rank(self) -> int:
        return type(self)._ranks.get(self.value, 0)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs for Django model/form fields."""
        return [(member.value, member.label) for member in cls]


def _annotate(cls: type[_Labelled], table: dict[str, tuple[str, int]]) -> None:
    cls._labels = {key: label for key, (label, _rank) in table.items()}
    cls._ranks = {key: rank for key, (_label, rank) in table.items()}


class PenaltyType(_Labelled):
    """行政处罚种类 (Art 9). `rank` orders severity for R-26 comparisons."""

    WARNING = "warning"
    CRITICISM = "criticism"
    FINE = "fine"
    CONFISCATE_GAINS = "confiscate_gains"
    CONFISCATE_PROPERTY = "confiscate_property"
    SUSPEND_LICENCE = "suspend_licence"
    RESTRICT_BUSINESS = "restrict_business"
    OTHER = "other"
    LOWER_QUALIFICATION = "lower_qualification"
    SUSPEND_BUSINESS = "suspend_business"
    RESTRICT_EMPLOYMENT = "restrict_employment"
    REVOKE_LICENCE = "revoke_licence"
    CLOSE = "close"
    DETENTION = "detention"


_annotate(
    PenaltyType,
    {
        "warning": (N_("警告"), 1),
        "criticism": (N_("通报批评"), 1),
        "fine": (N_("罚款"), 2),
        "confiscate_gains": (N_("没收违法所得"), 2),
        "confiscate_property": (N_("没收非法财物"), 2),
        "suspend_licence": (N_("暂扣许可证件"), 3),
        "restrict_business": (N_("限制开展生产经营活动"), 3),
        "other": (N_("其他行政处罚"), 3),
        "lower_qualification": (N_("降低资质等级"), 4),
        "suspend_business": (N_("责令停产停业"), 4),
        "restrict_employment": (N_("限制从业"), 5),
        "revoke_licence": (N_("吊销许可证件"), 5),
        "close": (N_("责令关闭"), 5),
        "detention": (N_("行政拘留"), 6),
    },
)

#: Types that are light enough for the lighter and mitigated tiers of the default split.
LIGHT_TYPES = frozenset(t for t in PenaltyType if t.rank <= 2)
#: Art 63 (3)(4): these types always entitle the party to a hearing (R-30).
HEARING_TYPES = frozenset(
    {
        PenaltyType.LOWER_QUALIFICATION,
        PenaltyType.REVOKE_LICENCE,
        PenaltyType.SUSPEND_BUSINESS,
        PenaltyType.CLOSE,
        PenaltyType.RESTRICT_EMPLOYMENT,
    }
)
#: Art 51: the summary procedure is for a warning or a small fine only (R-20).
SUMMARY_TYPES = frozenset({PenaltyType.WARNING, PenaltyType.FINE})
#: A penalty type outside the statute that may replace it as 减轻处罚 (State Council 2022
#: guidance: 减轻 includes choosing a lighter type than the law provides).
MITIGATION_SUBSTITUTES = frozenset({PenaltyType.WARNING})


class Tier(_Labelled):
    """裁量档次 (R-17), ordered from lightest (rank 0) to heaviest (rank 4)."""

    NO_PENALTY = "no_penalty"
    MITIGATED = "mitigated"
    LIGHTER = "lighter"
    ORDINARY = "ordinary"
    HEAVIER = "heavier"


_annotate(
    Tier,
    {
        "no_penalty": (N_("不予处罚"), 0),
        "mitigated": (N_("减轻处罚"), 1),
        "lighter": (N_("从轻处罚"), 2),
        "ordinary": (N_("一般处罚"), 3),
        "heavier": (N_("从重处罚"), 4),
    },
)


class Outcome(_Labelled):
    NO_PENALTY = "no_penalty"
    WARNING = "warning"
    FINE = "fine"
    OTHER = "other"


_annotate(
    Outcome,
    {
        "no_penalty": (N_("不予处罚"), 0),
        "warning": (N_("警告"), 1),
        "fine": (N_("罚款"), 2),
        "other": (N_("其他处罚"), 2),
    },
)


class Harm(_Labelled):
    """危害后果."""

    NONE = "none"
    SMALL = "small"
    GENERAL = "general"
    SERIOUS = "serious"


_annotate(
    Harm,
    {
        "none": (N_("没有危害后果"), 0),
        "small": (N_("危害后果轻微"), 1),
        "general": (N_("一般危害后果"), 2),
        "serious": (N_("严重危害后果"), 3),
    },
)


class PartyKind(_Labelled):
    PERSON = "person"
    ORGANISATION = "organisation"


_annotate(PartyKind, {"person": (N_("自然人"), 0), "organisation": (N_("法人或者其他组织"), 0)})


class Capacity(_Labelled):
    """Art 31: ability to recognise or control one's conduct."""

    FULL = "full"
    PARTLY_IMPAIRED = "partly_impaired"
    NONE = "none"


_annotate(
    Capacity,
    {
        "full": (N_("完全辨认和控制能力"), 0),
        "partly_impaired": (N_("尚未完全丧失辨认或者控制能力"), 1),
        "none": (N_("不能辨认或者不能控制自己行为"), 2),
    },
)


class MitigatingGround(_Labelled):
    """Art 32 (R-16): grounds that make a lighter or mitigated penalty mandatory."""

    REMOVED_HARM = "removed_harm"
    COERCED = "coerced"
    CONFESSED = "confessed"
    MERITORIOUS = "meritorious"
    OTHER_STATUTORY = "other_statutory"


_annotate(
    MitigatingGround,
    {
        "removed_harm": (N_("主动消除或者减轻违法行为危害后果"), 1),
        "coerced": (N_("受他人胁迫或者诱骗实施违法行为"), 2),
        "confessed": (N_("主动供述行政机关尚未掌握的违法行为"), 3),
        "meritorious": (N_("配合查处违法行为有立功表现"), 4),
        "other_statutory": (N_("法律、法规、规章规定的其他从轻或者减轻情形"), 5),
    },
)


class Aggravating(_Labelled):
    """从重情节 commonly listed in benchmarks (State Council 2022 guidance)."""

    REPEAT = "repeat"
    OBSTRUCTED = "obstructed"
    SERIOUS_HARM = "serious_harm"
    VULNERABLE_VICTIMS = "vulnerable_victims"
    REFUSED_CORRECTION = "refused_correction"
    DESTROYED_EVIDENCE = "destroyed_evidence"
    EMERGENCY = "emergency"
    OTHER = "other"


_annotate(
    Aggravating,
    {
        "repeat": (N_("再次或者多次实施同一违法行为"), 1),
        "obstructed": (N_("阻碍、拒绝执法人员依法执行职务"), 2),
        "serious_harm": (N_("造成严重危害后果"), 3),
        "vulnerable_victims": (N_("侵害老年人、未成年人等特殊群体"), 4),
        "refused_correction": (N_("拒不改正违法行为"), 5),
        "destroyed_evidence": (N_("伪造、隐匿、毁灭证据"), 6),
        "emergency": (N_("在突发事件期间实施违法行为"), 7),
        "other": (N_("其他从重情节"), 8),
    },
)


class MultipleBasis(_Labelled):
    """What a multiple-based fine multiplies (倍数罚款的计算基数)."""

    ILLEGAL_GAINS = "illegal_gains"
    GOODS_VALUE = "goods_value"
    AD_FEES = "ad_fees"
    TURNOVER = "turnover"


_annotate(
    MultipleBasis,
    {
        "illegal_gains": (N_("违法所得"), 0),
        "goods_value": (N_("货值金额"), 0),
        "ad_fees": (N_("广告费用"), 0),
        "turnover": (N_("违法经营额"), 0),
    },
)


class Fallback(_Labelled):
    """When a multiple-based fine uses its fixed range instead (适用固定数额的情形)."""

    NONE = ""
    NO_BASE = "no_base"
    BELOW_THRESHOLD = "below_threshold"
    INCALCULABLE_OR_LOW = "incalculable_or_low"


_annotate(
    Fallback,
    {
        "": (N_("不适用"), 0),
        "no_base": (N_("没有违法所得（或基数）时"), 0),
        "below_threshold": (N_("基数不足起算标准时"), 0),
        "incalculable_or_low": (N_("基数无法计算或者明显偏低时"), 0),
    },
)


class Circumstance(_Labelled):
    """Codes that structured benchmark conditions test. The first fourteen are the
    DB layer's `ConditionFlag` codes; the rest name single Art 32 grounds and factors."""

    FIRST_OFFENCE = "first_offence"
    MINOR = "minor"
    PROMPTLY_CORRECTED = "promptly_corrected"
    HARM_NONE = "no_harm"
    HARM_SMALL = "harm_small"
    HARM_GENERAL = "harm_general"
    HARM_SERIOUS = "harm_serious"
    NO_FAULT = "no_fault"
    MANDATORY_MITIGATION = "mitigating"
    JUVENILE = "minor_age"
    PARTLY_IMPAIRED = "impaired_capacity"
    ANY_AGGRAVATING = "aggravating"
    REPEAT = "repeat"
    REFUSED_CORRECTION = "refused_correction"
    REMOVED_HARM = "mitigating.removed_harm"
    COERCED = "mitigating.coerced"
    CONFESSED = "mitigating.confessed"
    MERITORIOUS = "mitigating.meritorious"
    OTHER_STATUTORY = "mitigating.other_statutory"
    OBSTRUCTED = "aggravating.obstructed"
    SERIOUS_HARM = "aggravating.serious_harm"
    VULNERABLE_VICTIMS = "aggravating.vulnerable_victims"
    DESTROYED_EVIDENCE = "aggravating.destroyed_evidence"
    EMERGENCY = "aggravating.emergency"
    OTHER_AGGRAVATING = "aggravating.other"


_annotate(
    Circumstance,
    {
        "first_offence": (N_("初次违法"), 0),
        "minor": (N_("违法行为轻微"), 0),
        "promptly_corrected": (N_("及时改正"), 0),
        "no_harm": (N_("没有造成危害后果"), 0),
        "harm_small": (N_("危害后果较小"), 0),
        "harm_general": (N_("危害后果一般"), 0),
        "harm_serious": (N_("危害后果严重"), 0),
        "no_fault": (N_("有证据足以证明没有主观过错"), 0),
        "mitigating": (N_("有法定从轻、减轻情节"), 0),
        "minor_age": (N_("已满十四周岁不满十八周岁"), 0),
        "impaired_capacity": (N_("尚未完全丧失辨认或者控制能力"), 0),
        "aggravating": (N_("有从重情节"), 0),
        "repeat": (N_("多次违法或者屡查屡犯"), 0),
        "refused_correction": (N_("拒不改正"), 0),
        "mitigating.removed_harm": (N_("主动消除或者减轻违法行为危害后果"), 0),
        "mitigating.coerced": (N_("受他人胁迫或者诱骗实施违法行为"), 0),
        "mitigating.confessed": (N_("主动供述行政机关尚未掌握的违法行为"), 0),
        "mitigating.meritorious": (N_("配合查处违法行为有立功表现"), 0),
        "mitigating.other_statutory": (N_("法律、法规、规章规定的其他从轻或者减轻情形"), 0),
        "aggravating.obstructed": (N_("阻碍、拒绝执法人员依法执行职务"), 0),
        "aggravating.serious_harm": (N_("造成严重危害后果"), 0),
        "aggravating.vulnerable_victims": (N_("侵害老年人、未成年人等特殊群体"), 0),
        "aggravating.destroyed_evidence": (N_("伪造、隐匿、毁灭证据"), 0),
        "aggravating.emergency": (N_("在突发事件期间实施违法行为"), 0),
        "aggravating.other": (N_("其他从重情节"), 0),
    },
)

_HARM_CIRCUMSTANCE = {
    Harm.NONE: Circumstance.HARM_NONE,
    Harm.SMALL: Circumstance.HARM_SMALL,
    Harm.GENERAL: Circumstance.HARM_GENERAL,
    Harm.SERIOUS: Circumstance.HARM_SERIOUS,
}
_GROUND_CIRCUMSTANCE = {g: Circumstance("mitigating." + g.value) for g in MitigatingGround}
_FACTOR_CIRCUMSTANCE = {
    Aggravating.REPEAT: Circumstance.REPEAT,
    Aggravating.REFUSED_CORRECTION: Circumstance.REFUSED_CORRECTION,
    Aggravating.OBSTRUCTED: Circumstance.OBSTRUCTED,
    Aggravating.SERIOUS_HARM: Circumstance.SERIOUS_HARM,
    Aggravating.VULNERABLE_VICTIMS: Circumstance.VULNERABLE_VICTIMS,
    Aggravating.DESTROYED_EVIDENCE: Circumstance.DESTROYED_EVIDENCE,
    Aggravating.EMERGENCY: Circumstance.EMERGENCY,
    Aggravating.OTHER: Circumstance.OTHER_AGGRAVATING,
}
