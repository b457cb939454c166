"""The case workflow: one declarative table of states and allowed edges.

Every state change of a case goes through `transition()`, which checks this table, so
the table is the single truth about the procedure. The same table is rendered as the
public procedure flowchart (R-70, `flowchart()`), so the picture cannot drift from the
code. Later stages (penalties: proposal, notice, hearing, review, approval, decision,
service, execution) take their edges by calling `transition()` from their own services.

`transition()` is the one function that changes `Case.state`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction as db_transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from audit import services as audit
from cases import deadlines
from cases.models import Case
from cases.recusal import recusal
from cases.states import State
from core import clock
from core.errors import InvalidTransition

S = State


@dataclass(frozen=True)
class Edge:
    """One allowed step: from `source` to `target`, taken by the service named `action`."""

    source: str
    target: str
    action: str
    label: str


def _e(source: State, target: State, action: str, label) -> Edge:
    return Edge(source.value, target.value, action, label)


# The table. Owner of each edge's service in brackets: [cases] this app, [penalties] above.
EDGES: tuple[Edge, ...] = (
    # Lead verification and filing (R-21) [cases]
    _e(S.LEAD, S.FILING_REVIEW, "request_filing", _("提请立案")),
    _e(S.FILING_REVIEW, S.FILED, "approve_filing", _("批准立案")),
    _e(S.FILING_REVIEW, S.LEAD, "reject_filing", _("退回核查")),
    _e(S.LEAD, S.NOT_FILED, "not_file", _("不予立案")),
    _e(S.LEAD, S.TRANSFERRED, "transfer", _("移送")),
    # Investigation [cases]
    _e(S.FILED, S.INVESTIGATING, "start_investigation", _("开始调查")),
    _e(S.FILED, S.TRANSFERRED, "transfer", _("移送")),
    _e(S.FILED, S.WITHDRAWN, "withdraw", _("撤销立案")),
    _e(S.INVESTIGATING, S.INVESTIGATION_CLOSED, "close_investigation", _("调查终结")),
    _e(S.INVESTIGATING, S.SUSPENDED, "suspend", _("中止调查")),
    _e(S.SUSPENDED, S.INVESTIGATING, "resume", _("恢复调查")),
    _e(S.INVESTIGATING, S.TERMINATED, "terminate", _("终止调查")),
    _e(S.INVESTIGATING, S.TRANSFERRED, "transfer", _("移送")),
    _e(S.INVESTIGATING, S.WITHDRAWN, "withdraw", _("撤销立案")),
    _e(S.INVESTIGATION_CLOSED, S.INVESTIGATING, "reopen_investigation", _("补充调查")),
    _e(S.INVESTIGATION_CLOSED, S.TRANSFERRED, "transfer", _("移送")),
    # Proposal and notice (R-24–R-26) [penalties]
    _e(S.INVESTIGATION_CLOSED, S.PROPOSED, "propose", _("拟作出处罚")),
    _e(S.INVESTIGATION_CLOSED, S.NO_PENALTY, "decide_no_penalty", _("不予处罚")),
    _e(S.INVESTIGATION_CLOSED, S.NOT_ESTABLISHED, "decide_not_established", _("违法事实不成立")),
    _e(S.PROPOSED, S.NOTIFIED, "serve_notice", _("送达告知书")),
    _e(S.PROPOSED, S.INVESTIGATION_CLOSED, "withdraw_proposal", _("撤回拟处罚意见")),
    _e(S.NOTIFIED, S.PROPOSED, "renotify", _("重新告知")),
    _e(S.NOTIFIED, S.HEARING_REQUESTED, "request_hearing", _("申请听证")),
    _e(S.NOTIFIED, S.COLLECTIVE_DISCUSSION, "to_collective_discussion", _("提交集体讨论")),
    _e(S.NOTIFIED, S.LEGAL_REVIEW, "to_legal_review", _("提交法制审核")),
    _e(S.NOTIFIED, S.APPROVAL, "to_approval", _("提交负责人审批")),
    # Hearing (R-30–R-34) [penalties]
    _e(S.HEARING_REQUESTED, S.HEARING_SCHEDULED, "schedule_hearing", _("安排听证")),
    _e(S.HEARING_REQUESTED, S.NOTIFIED, "withdraw_hearing_request", _("撤回听证申请")),
    _e(S.HEARING_SCHEDULED, S.HEARING_HELD, "hold_hearing", _("举行听证")),
    _e(S.HEARING_SCHEDULED, S.NOTIFIED, "hearing_waived", _("视为放弃听证")),
    _e(S.HEARING_HELD, S.COLLECTIVE_DISCUSSION, "to_collective_discussion", _("提交集体讨论")),
    _e(S.HEARING_HELD, S.LEGAL_REVIEW, "to_legal_review", _("提交法制审核")),
    _e(S.HEARING_HELD, S.APPROVAL, "to_approval", _("提交负责人审批")),
    _e(S.HEARING_HELD, S.PROPOSED, "renotify", _("重新告知")),
    # Collective discussion, legal review, approval (R-29) [penalties]
    _e(S.COLLECTIVE_DISCUSSION, S.LEGAL_REVIEW, "to_legal_review", _("提交法制审核")),
    _e(S.COLLECTIVE_DISCUSSION, S.APPROVAL, "to_approval", _("提交负责人审批")),
    _e(S.COLLECTIVE_DISCUSSION, S.PROPOSED, "renotify", _("重新告知")),
    _e(S.LEGAL_REVIEW, S.COLLECTIVE_DISCUSSION, "to_collective_discussion", _("提交集体讨论")),
    _e(S.LEGAL_REVIEW, S.APPROVAL, "to_approval", _("提交负责人审批")),
    _e(S.LEGAL_REVIEW, S.INVESTIGATING, "return_for_investigation", _("退回补充调查")),
    _e(S.APPROVAL, S.DECIDED, "decide", _("作出处罚决定")),
    _e(S.APPROVAL, S.NO_PENALTY, "decide_no_penalty", _("不予处罚")),
    _e(S.APPROVAL, S.NOT_ESTABLISHED, "decide_not_established", _("违法事实不成立")),
    _e(S.APPROVAL, S.INVESTIGATING, "return_for_investigation", _("退回补充调查")),
    _e(S.APPROVAL, S.PROPOSED, "renotify", _("重新告知")),
    # Service and execution (R-38, R-40–R-44) [penalties]
    _e(S.DECIDED, S.SERVED, "serve_decision", _("送达决定书")),
    _e(S.SERVED, S.EXECUTING, "start_execution", _("执行")),
    # Summary procedure (R-20) [penalties]: a case is created directly in SUMMARY_DECIDED.
    _e(S.SUMMARY_DECIDED, S.EXECUTING, "start_execution", _("执行")),
    # Closing (R-45) [cases]
    _e(S.EXECUTING, S.CLOSED, "close", _("结案")),
    _e(S.SERVED, S.CLOSED, "close", _("结案")),
    _e(S.SUMMARY_DECIDED, S.CLOSED, "close", _("结案")),
    _e(S.NO_PENALTY, S.CLOSED, "close", _("结案")),
    _e(S.NOT_ESTABLISHED, S.CLOSED, "close", _("结案")),
    _e(S.TRANSFERRED, S.CLOSED, "close", _("结案")),
    _e(S.TERMINATED, S.CLOSED, "close", _("结案")),
    _e(S.WITHDRAWN, S.CLOSED, "close", _("结案")),
)

# States a new case may start in: a lead or an on-the-spot decision.
INITIAL: frozenset[str] = frozenset({S.LEAD, S.SUMMARY_DECIDED})
# No edge leaves these.
TERMINAL: frozenset[str] = frozenset({S.CLOSED, S.NOT_FILED})
# Read-only: every service refuses changes except legal-office corrections.
READ_ONLY: frozenset[str] = frozenset({S.CLOSED})
# Before filing approval: no case number yet, the R-35 clock has not started.
PRE_FILING: frozenset[str] = frozenset({S.LEAD, S.FILING_REVIEW, S.NOT_FILED})
# A decision has been taken (R-46: a decided case cannot be terminated).
DECIDED_STATES: frozenset[str] = frozenset(
    {S.DECIDED, S.SERVED, S.EXECUTING, S.SUMMARY_DECIDED, S.NO_PENALTY, S.NOT_ESTABLISHED}
)
# The R-35 clock runs in these states (filed until decided): see cases.deadlines.
CLOCK_RUNNING: frozenset[str] = deadlines.CLOCK_STATES
# Open investigative states: evidence, records and inspections may be added.
INVESTIGATIVE: frozenset[str] = frozenset(
    {S.LEAD, S.FILING_REVIEW, S.FILED, S.INVESTIGATING, S.INVESTIGATION_CLOSED}
)


def closable_states() -> frozenset[str]:
    """R-45: the states with an edge to CLOSED."""
    return frozenset(e.source for e in EDGES if e.target == S.CLOSED)


CLOSABLE: frozenset[str] = closable_states()


def edge(source: str, target: str) -> Edge | None:
    """The edge from `source` to `target`, or None when the table has none."""
    for e in EDGES:
        if e.source == source and e.target == target:
            return e
    return None


def is_allowed(source: str, target: str) -> bool:
    return edge(source, target) is not None


def targets(source: str) -> list[str]:
    return [e.target for e in EDGES if e.source == source]


def label(state: str) -> str:
    try:
        return str(State(state).label)
    except ValueError:
        return state


def flowchart() -> dict:
    """Nodes and edges with Chinese labels, for the public procedure flowchart (R-70).

    `kind` lets the renderer style the main path, the exits and the summary path.
    """
    main = [
        S.LEAD, S.FILING_REVIEW, S.FILED, S.INVESTIGATING, S.INVESTIGATION_CLOSED,
        S.PROPOSED, S.NOTIFIED, S.HEARING_REQUESTED, S.HEARING_SCHEDULED, S.HEARING_HELD,
        S.COLLECTIVE_DISCUSSION, S.LEGAL_REVIEW, S.APPROVAL, S.DECIDED, S.SERVED,
        S.EXECUTING, S.CLOSED,
    ]  # fmt: skip
    nodes = []
    for state in State:
        if state in main:
            kind = "main"
        elif state == S.SUMMARY_DECIDED:
            kind = "summary"
        else:
            kind = "exit"
        nodes.append(
            {
                "id": state.value,
                "label": str(state.label),
                "kind": kind,
                "initial": state.value in INITIAL,
                "terminal": state.value in TERMINAL,
            }
        )
    edges = [
        {"from": e.source, "to": e.target, "action": e.action, "label": str(e.label)} for e in EDGES
    ]
    return {"nodes": nodes, "edges": edges}


def transition(
    case: Case,
    to_state: str,
    *,
    by: Any,
    data: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    actor_name: str | None = None,
) -> Case:
    """Move `case` to `to_state` along the table; the one writer of `Case.state`.

    Locks the case row, checks the edge (InvalidTransition otherwise) and that the acting
    officer has no undecided or granted recusal on the case (R-04), sets the state and any
    `changes` (other fields written in the same save), bumps the version, saves with
    update_fields and records `cases.case.<to_state>` in the same transaction. Callers'
    own guards run before they call this. Returns the locked, updated row; the passed
    instance is updated too.
    """
    to_state = str(to_state)
    with db_transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        source = locked.state
        if edge(source, to_state) is None:
            raise InvalidTransition(
                _g("案件当前状态为“%(from)s”，不能转为“%(to)s”")
                % {"from": label(source), "to": label(to_state)}
            )
        recusal(locked, by).raise_if_refused()
        changes = dict(changes or {})
        today = clock.today()
        if to_state in DECIDED_STATES and not locked.decided_on and "decided_on" not in changes:
            changes["decided_on"] = today
        if to_state == State.CLOSED and "closed_on" not in changes:
            changes["closed_on"] = today
        before = {"state": source, **{k: getattr(locked, k) for k in changes}}
        locked.state = to_state
        locked.state_changed_at = clock.now()
        locked.version += 1
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=["state", "state_changed_at", "version", *changes])
        deadlines.refresh(locked, today=today)  # the clock stops or starts with the state
        after = {"state": to_state, **changes}
        audit.record(
            f"cases.case.{to_state}",
            locked,
            by=by,
            data=data or {},
            before=before,
            after=after,
            actor_name=actor_name,
        )
        for name in (
            "state",
            "state_changed_at",
            "version",
            "decision_due_on",
            "is_overdue",
            *changes,
        ):
            setattr(case, name, getattr(locked, name))
    return locked


__all__ = [
    "CLOSABLE",
    "CLOCK_RUNNING",
    "DECIDED_STATES",
    "EDGES",
    "INITIAL",
    "INVESTIGATIVE",
    "PRE_FILING",
    "READ_ONLY",
    "TERMINAL",
    "Edge",
    "State",
    "edge",
    "flowchart",
    "is_allowed",
    "label",
    "targets",
    "transition",
]
