"""Proposals (拟处罚): the officer's facts, the engine's recommendation, the proposed penalty.

This package is the single gate for proposals: the web form, the API, the demo loader and
any bulk path call `propose()` (`writes`), which refuses what the law forbids (R-19, R-11, a binding
"no penalty") and turns anything outside the recommendation into a departure (R-17) that
needs written reasons and the head's approval or a collective discussion before the case
may move on. The headline rule R-13 (a first minor offence gets a warning, not a fine)
holds because a fine in that situation is always such a departure, and `proposal_ready()`
(called by the notice service) re-checks it from the stored snapshot.

The engine is pure; `case_inputs()` loads everything it needs from the database (R-18
versions, the agency's benchmark versions and thresholds, the first-offence list, the
party's kind, age (R-15) and history (R-13)) and the engine runs on plain values.
"""

from __future__ import annotations

from penalties.services.proposals.gates import *  # noqa: F403
from penalties.services.proposals.gates import __all__ as _gates
from penalties.services.proposals.inputs import *  # noqa: F403
from penalties.services.proposals.inputs import __all__ as _inputs
from penalties.services.proposals.writes import *  # noqa: F403
from penalties.services.proposals.writes import __all__ as _writes

__all__ = [*_inputs, *_gates, *_writes]  # noqa: PLE0604
