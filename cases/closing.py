"""The closing hook (R-45 / R-48).

A closing report is approved only when every registered check passes. `penalties`
registers the complete-file check of R-48 (一案一卷: every document the path taken
requires) in its AppConfig.ready():

    from cases.closing import register_closing_check
    register_closing_check(lambda case: complete_file_verdict(case))

A check is `fn(case) -> core.errors.Verdict`.
"""

from __future__ import annotations

from collections.abc import Callable

from cases.models import Case
from core.errors import Verdict

ClosingCheck = Callable[[Case], Verdict]
_checks: list[ClosingCheck] = []


def register_closing_check(fn: ClosingCheck) -> ClosingCheck:
    if fn not in _checks:
        _checks.append(fn)
    return fn


def unregister_closing_check(fn: ClosingCheck) -> None:
    if fn in _checks:
        _checks.remove(fn)


def run_checks(case: Case) -> Verdict:
    verdict = Verdict()
    for fn in _checks:
        verdict += fn(case)
    return verdict
