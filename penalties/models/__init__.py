"""Models of the penalties app, split by sub-domain: the violation catalogue and the
discretion benchmarks. (Proposals through decisions come with their own modules.)"""

from penalties.models.benchmark import (
    CONDITION_FLAG_CODES,
    RANGE_TIERS,
    TIER_ORDER,
    BenchmarkTier,
    BenchmarkVersion,
    ConditionFlag,
    FirstOffenceEntry,
    Tier,
    flag_labels,
)
from penalties.models.catalogue import (
    MULTIPLE_BASES,
    PENALTY_TYPE_CODES,
    AlternativeCondition,
    FineBasis,
    PenaltyType,
    Provision,
    ViolationType,
    ViolationVersion,
    penalty_type_labels,
)

__all__ = [
    "CONDITION_FLAG_CODES",
    "MULTIPLE_BASES",
    "PENALTY_TYPE_CODES",
    "RANGE_TIERS",
    "TIER_ORDER",
    "AlternativeCondition",
    "BenchmarkTier",
    "BenchmarkVersion",
    "ConditionFlag",
    "FineBasis",
    "FirstOffenceEntry",
    "PenaltyType",
    "Provision",
    "Tier",
    "flag_labels",
    "ViolationType",
    "ViolationVersion",
    "penalty_type_labels",
]

from penalties.models.proposal import *  # noqa: E402,F403
from penalties.models.proposal import __all__ as _proposal_all  # noqa: E402

__all__ += _proposal_all

from penalties.models.review import *  # noqa: E402,F403
from penalties.models.review import __all__ as _review_all  # noqa: E402
from penalties.models.decision import *  # noqa: E402,F403
from penalties.models.decision import __all__ as _decision_all  # noqa: E402
from penalties.models.summary import *  # noqa: E402,F403
from penalties.models.summary import __all__ as _summary_all  # noqa: E402

__all__ += _review_all + _decision_all + _summary_all

from penalties.models.hearing import *  # noqa: E402,F403
from penalties.models.hearing import __all__ as _hearing_all  # noqa: E402
from penalties.models.notice import *  # noqa: E402,F403
from penalties.models.notice import __all__ as _notice_all  # noqa: E402

__all__ += _notice_all + _hearing_all

from penalties.models.execution import *  # noqa: E402,F403
from penalties.models.execution import __all__ as _execution_all  # noqa: E402

__all__ += _execution_all
