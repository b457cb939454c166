"""Reads of the legal office's oversight pages: the oversight dashboard, a case's
full-process record (全过程记录), outside changes. Every read is scoped to the user's
agency (oversight.access)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Max, Min, Prefetch, QuerySet

from audit.selectors import events_for_case
from cases.models import Case, Evidence, EvidenceFile
from documents.models import Document, DocumentVersion
from oversight.models import FaultReview, OutsideChange

try:  # penalties is built alongside: degrade gracefully if a model is not there yet
    from penalties.models import Decision, Proposal
except ImportError:  # pragma: no cover
    Decision = Proposal = None
try:
    from penalties.models import Publication
except ImportError:  # pragma: no cover
    Publication = None

LIST_LIMIT = 20
TIMELINE_PAGE = 200


# --- Full-process record ------------------------------------------------------------------
def timeline(case: Case, *, after_seq: int | None = None) -> tuple[list, bool]:
    """The case's events oldest first, TIMELINE_PAGE at a time (keyset on seq)."""
    qs = events_for_case(case.pk)
    if after_seq is not None:
        qs = qs.filter(seq__gt=after_seq)
    rows = list(qs[: TIMELINE_PAGE + 1])
    return rows[:TIMELINE_PAGE], len(rows) > TIMELINE_PAGE


def actors(case: Case) -> list[dict[str, Any]]:
    """Who did what on the case: each actor's number of events, first and last time."""
    return list(
        events_for_case(case.pk)
        .order_by()
        .values("actor_name", "role")
        .annotate(n=Count("id"), first=Min("at"), last=Max("at"))
        .order_by("first")
    )


def documents(case: Case) -> list[Document]:
    return list(
        Document.objects.filter(case_id=case.pk)
        .prefetch_related(Prefetch("versions", queryset=DocumentVersion.objects.order_by("n")))
        .select_related("issued_by")
        .order_by("created_at", "pk")
    )


def evidence(case: Case) -> list[Evidence]:
    return list(
        Evidence.objects.filter(case=case)
        .prefetch_related(
            Prefetch(
                "files", queryset=EvidenceFile.objects.select_related("uploaded_by").order_by("pk")
            ),
            "collected_by",
        )
        .order_by("seq")
    )


# --- Outside changes ------------------------------------------------------------------------
def outside_changes(agency_ids: list[int], *, before_id: int | None = None, size: int = 50):
    qs = OutsideChange.objects.filter(agency_id__in=agency_ids)
    if before_id is not None:
        qs = qs.filter(pk__lt=before_id)
    rows = list(qs.order_by("-pk")[: size + 1])
    return rows[:size], len(rows) > size


# --- Dashboard ------------------------------------------------------------------------------
def statutory_max(recommendation: Any) -> Decimal | None:
    """The statutory maximum fine a recommendation snapshot names: the high end of the
    statutory range, or the basis amount times the highest multiple."""
    if not isinstance(recommendation, dict):
        return None
    try:
        fixed = recommendation.get("statutory_fine")
        if fixed:
            return Decimal(str(fixed[1]))
        multiples, basis = (
            recommendation.get("fine_multiples"),
            recommendation.get("fine_basis_amount"),
        )
        if multiples and basis is not None:
            return Decimal(str(basis)) * Decimal(str(multiples[1]))
    except (InvalidOperation, IndexError, TypeError, ValueError):
        return None
    return None


@dataclass
class MaxRow:
    key: str
    label: str
    fines: int = 0
    at_max: int = 0
    cases: list = field(default_factory=list)

    @property
    def share(self) -> int:
        return round(self.at_max * 100 / self.fines) if self.fines else 0


def fines_at_maximum(agency_ids: list[int], since: date) -> dict[str, Any]:
    """Decisions in force with a fine since `since`, and those at the statutory maximum,
    by officer (the case's lead officer) and by violation. The notice forbids fining
    everyone at the upper limit: a high share is a finding for the legal office."""
    if Decision is None:
        return {"available": False}
    decisions = list(
        Decision.objects.filter(
            case__agency_id__in=agency_ids,
            status__in=["issued", "served"],
            fine__isnull=False,
            decided_on__gte=since,
        )
        .select_related("case", "case__lead_officer", "proposal")
        .order_by("-decided_on", "-pk")
    )
    by_officer: dict[Any, MaxRow] = {}
    by_violation: dict[str, MaxRow] = {}
    unknown = 0
    at_max_total = 0
    for decision in decisions:
        maximum = statutory_max(decision.proposal.recommendation if decision.proposal else None)
        officer = decision.case.lead_officer
        okey = officer.pk if officer else 0
        orow = by_officer.setdefault(okey, MaxRow(str(okey), officer.name if officer else "—"))
        vcode = decision.violation_code or decision.case.violation_code or "—"
        vrow = by_violation.setdefault(vcode, MaxRow(vcode, decision.case.violation_name or vcode))
        if maximum is None:
            unknown += 1
            continue
        for row in (orow, vrow):
            row.fines += 1
        if decision.fine >= maximum:
            at_max_total += 1
            for row in (orow, vrow):
                row.at_max += 1
                if len(row.cases) < 5:
                    row.cases.append(decision.case)

    def ordered(rows):
        return sorted((r for r in rows if r.fines), key=lambda r: (-r.at_max, -r.share, r.label))

    return {
        "available": True,
        "decisions": len(decisions),
        "unknown": unknown,
        "at_max": at_max_total,
        "by_officer": ordered(by_officer.values()),
        "by_violation": ordered(by_violation.values()),
    }


def _limited(qs: QuerySet) -> dict[str, Any]:
    return {"count": qs.count(), "rows": list(qs[:LIST_LIMIT])}


def dashboard(agency_ids: list[int], today: date, since: date) -> dict[str, Any]:
    cases = Case.objects.filter(agency_id__in=agency_ids)
    data: dict[str, Any] = {
        "overdue": _limited(
            cases.filter(is_overdue=True)
            .select_related("lead_officer")
            .order_by("decision_due_on", "pk")
        ),
        "open_reviews": _limited(
            FaultReview.objects.filter(
                case__agency_id__in=agency_ids, status=FaultReview.Status.OPEN
            )
            .select_related("case")
            .order_by("opened_on", "pk")
        ),
        "outside": OutsideChange.objects.filter(
            agency_id__in=agency_ids, changed_at__date__gte=since
        ).count(),
        "penalties": Decision is not None,
        "publication_model": Publication is not None,
    }
    if Decision is not None:
        data["service_late"] = _limited(
            Decision.objects.filter(
                case__agency_id__in=agency_ids,
                status="issued",
                served_on__isnull=True,
                service_due_on__lt=today,
            )
            .select_related("case", "document")
            .order_by("service_due_on", "pk")
        )
        data["departures_pending"] = _limited(
            Proposal.objects.filter(case__agency_id__in=agency_ids, status="departure_pending")
            .select_related("case", "proposed_by")
            .order_by("proposed_at", "pk")
        )
        data["departures_granted"] = _limited(
            Proposal.objects.filter(
                case__agency_id__in=agency_ids,
                status="departure_approved",
                departure_decided_at__date__gte=since,
            )
            .select_related("case", "departure_decided_by")
            .order_by("-departure_decided_at", "-pk")
        )
        data["fines"] = fines_at_maximum(agency_ids, since)
    if Publication is not None:
        late = Publication.objects.filter(
            agency_id__in=agency_ids, status="pending", due_on__lt=today
        )
        withdraw_late = Publication.objects.filter(
            agency_id__in=agency_ids, status="withdrawal_pending", withdraw_due_on__lt=today
        )
        data["publication_late"] = _limited(
            late.select_related("decision", "decision__case").order_by("due_on", "pk")
        )
        data["withdrawal_late"] = _limited(
            withdraw_late.select_related("decision", "decision__case").order_by(
                "withdraw_due_on", "pk"
            )
        )
    return data
