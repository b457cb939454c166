"""Domain errors that services raise and views turn into messages.

A `RuleViolation` names the rule of RULES.md it enforces (`R-25`) and says, in a translated
sentence, what is missing; the UI shows the same text beside the disabled action and the
API returns it as problem+json. Nothing is written when one is raised: services raise
before they write, inside the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


class DomainError(Exception):
    """A refusal a user can understand; `message` is already translated."""

    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        if code:
            self.code = code

    def __str__(self) -> str:
        return self.message


class RuleViolation(DomainError):
    """The action would break a numbered legal rule (R-nn)."""

    code = "rule_violation"

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


class InvalidTransition(DomainError):
    """The case is not in a state from which this action may be taken."""

    code = "invalid_transition"


class PermissionDenied(DomainError):
    """The acting user may not take this action (views answer 404 for unseen objects)."""

    code = "permission_denied"


@dataclass(frozen=True)
class Verdict:
    """The answer of a guard: allowed, or refused with every reason at once.

    Guards return a Verdict instead of raising so that the UI can ask the very same
    function why an action is unavailable.
    """

    problems: tuple[RuleViolation, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __bool__(self) -> bool:
        return self.ok

    @classmethod
    def of(cls, problems: Iterable[RuleViolation]) -> Verdict:
        return cls(tuple(problems))

    @classmethod
    def refuse(cls, rule: str, message: str) -> Verdict:
        return cls((RuleViolation(rule, message),))

    def __add__(self, other: Verdict) -> Verdict:
        return Verdict(self.problems + other.problems)

    @property
    def reasons(self) -> list[str]:
        return [str(p) for p in self.problems]

    def raise_if_refused(self) -> None:
        """Raise the first problem (all are listed in its message when several)."""
        if not self.problems:
            return
        if len(self.problems) == 1:
            raise self.problems[0]
        first, rest = self.problems[0], self.problems[1:]
        # "R-25: …；R-31: …": the first rule prefixes the whole, the others their own part.
        raise RuleViolation(first.rule, "；".join([first.message, *(str(p) for p in rest)]))
