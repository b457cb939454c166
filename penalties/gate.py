"""The gate: may a penalty decision be issued on this case now? (general procedure)

One function answers, listing EVERY missing piece at once, so that the decision service
(DECISION calls it before it issues) and the case page agree word for word:

- R-24: no notice of rights served (none issued, or issued and not yet served);
- R-25: the statement period is still running (until its last day inclusive), unless the
  party waived it in writing;
- R-31: the hearing request window of a notice that offered a hearing is still running,
  unless the party waived the hearing in writing;
- R-25: a statement without its re-check (复核);
- R-31/R-34: a hearing was requested and is not concluded (not scheduled, or scheduled
  and neither held nor waived);
- R-26: the penalty to be decided is heavier than the notified one (a new notice is due).

The summary procedure (当场处罚, R-20) records its oral notice on its own path (DECISION's
`SummaryProcedure`); this gate is the single truth for the general procedure.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core import clock
from core.errors import RuleViolation, Verdict
from penalties import discretion
from penalties.models import Hearing, HearingRequest, Notice, Statement
from penalties.services import proposals


def notified_penalty(notice: Notice) -> discretion.Proposal:
    """The penalty the notice stated, as the engine compares it (R-26)."""
    data = notice.penalty or {}
    types = []
    for code in data.get("types") or []:
        try:
            types.append(discretion.PenaltyType(code))
        except ValueError:
            continue
    return discretion.Proposal.of(
        *types,
        fine=data.get("fine") or 0,
        gains=data.get("gains") or 0,
        property_value=data.get("property") or 0,
    )


def current_notice(case) -> Notice | None:
    """The notice in force (issued or served; not superseded), or None."""
    return (
        Notice.objects.filter(case_id=case.pk)
        .exclude(status=Notice.Status.SUPERSEDED)
        .select_related("document")
        .order_by("-seq")
        .first()
    )


def _current_penalty(case) -> discretion.Proposal | None:
    """The penalty of the case's proposal in force (what a decision would impose)."""
    proposal = proposals.current_proposal(case)
    if proposal is None:
        return None
    return proposals.proposal_as_engine(proposal)


def decision_gate(
    case, *, penalty: discretion.Proposal | None = None, on: date | None = None
) -> Verdict:
    """Everything that stands between this case and a penalty decision on `on` (today).

    `penalty` is the penalty the decision would impose; None means the case's proposal
    in force. Returns an empty Verdict when a decision may be issued.
    """
    on = on or clock.today()
    problems: list[RuleViolation] = []
    notice = current_notice(case)
    if notice is None:
        problems.append(
            RuleViolation("R-24", _("尚未向当事人送达行政处罚告知书，不得作出处罚决定"))
        )
        return Verdict.of(problems)
    if not notice.is_served:
        problems.append(
            RuleViolation(
                "R-24",
                _("行政处罚告知书（%(number)s）尚未送达当事人，不得作出处罚决定")
                % {"number": notice.document.number},
            )
        )
    waivers = list(notice.waivers.all())
    statement_waived = any(w.covers_statement for w in waivers)
    hearing_waived = any(w.covers_hearing for w in waivers)
    if notice.is_served and not statement_waived and on <= notice.statement_deadline:
        problems.append(  # the whole last day belongs to the party
            RuleViolation(
                "R-25",
                _("陈述申辩期至 %(date)s 届满，届满前不得作出处罚决定")
                % {"date": notice.statement_deadline.isoformat()},
            )
        )
    requests = list(HearingRequest.objects.filter(notice=notice).order_by("pk"))
    accepted = [r for r in requests if r.status == HearingRequest.Status.ACCEPTED]
    if (
        notice.is_served
        and notice.hearing_offered
        and not hearing_waived
        and not accepted
        and on <= notice.hearing_request_deadline
    ):
        problems.append(  # a timely request must still be possible
            RuleViolation(
                "R-31",
                _("听证申请期至 %(date)s 届满，届满前不得作出处罚决定")
                % {"date": notice.hearing_request_deadline.isoformat()},
            )
        )
    for statement in Statement.objects.filter(case_id=case.pk, recheck__isnull=True).order_by(
        "seq"
    ):
        problems.append(  # every statement gets a recorded re-check
            RuleViolation(
                "R-25",
                _("当事人 %(date)s 提出的陈述申辩（第%(seq)s号）尚未复核，不得作出处罚决定")
                % {"date": statement.received_on.isoformat(), "seq": statement.seq},
            )
        )
    for request in accepted:
        hearing = Hearing.objects.filter(request=request).first()
        if hearing is None:
            problems.append(
                RuleViolation(
                    "R-31",
                    _("当事人已于 %(date)s 申请听证，尚未安排听证，不得作出处罚决定")
                    % {"date": request.received_on.isoformat()},
                )
            )
        elif hearing.status == Hearing.Status.SCHEDULED:
            problems.append(  # the decision is based on the hearing record
                RuleViolation(
                    "R-34",
                    _("听证定于 %(date)s 举行，尚未制作听证笔录，不得作出处罚决定")
                    % {"date": hearing.hearing_on.isoformat()},
                )
            )
    decided = penalty if penalty is not None else _current_penalty(case)
    if decided is not None:
        for reason in discretion.heavier_reasons(decided, notified_penalty(notice)):
            problems.append(  # heavier than notified needs a new notice
                RuleViolation(
                    "R-26",
                    _("%(reason)s须重新告知当事人，不得作出重于告知内容的处罚决定")
                    % {"reason": reason.message},
                )
            )
    return Verdict.of(problems)


__all__ = ["current_notice", "decision_gate", "notified_penalty"]
