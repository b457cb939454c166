"""How well an agency keeps its commitments (R-72), measured from its own records.

Three figures over the last 365 days, per agency, each in one grouped query for all
agencies at once:

- decisions in time: general-procedure cases decided in the window whose decision date is
  on or before their statutory time limit (R-35; `Case.decision_due_on` is the clock
  cached by every transition);
- complaints answered in time: complaints received in the window that are answered or
  already past their deadline, and of those the ones answered by the deadline (R-71);
- party evaluation score: the average of the three ratings of evaluations in the window
  (R-65).

The figures change slowly and the public pages are read often, so they are cached for ten
minutes (key includes the rules' today).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext as _

from cases.models import Case
from core import clock
from portal.models import Commitment, Complaint, Evaluation

WINDOW_DAYS = 365
CACHE_SECONDS = 600


@dataclass(frozen=True)
class Figure:
    metric: str
    numerator: int
    denominator: int
    value: float | None  # a share in [0, 1], or an average score
    since: date
    until: date

    @property
    def label(self) -> str:
        return str(Commitment.Metric(self.metric).label)

    @property
    def has_data(self) -> bool:
        return self.denominator > 0 and self.value is not None

    @property
    def display(self) -> str:
        if not self.has_data:
            return _("暂无数据")
        if self.metric == Commitment.Metric.EVALUATION_SCORE:
            return _("%(v).1f 分（%(n)s 份评议）") % {"v": self.value, "n": self.denominator}
        return _("%(p).1f%%（%(a)s/%(b)s）") % {
            "p": (self.value or 0) * 100,
            "a": self.numerator,
            "b": self.denominator,
        }


def window(today: date) -> tuple[date, date]:
    return today - timedelta(days=WINDOW_DAYS - 1), today


def _decisions(agency_ids: list[int], since: date, until: date) -> dict[int, tuple[int, int]]:
    rows = (
        Case.objects.filter(
            agency_id__in=agency_ids,
            procedure=Case.Procedure.GENERAL,
            filed_on__isnull=False,
            decision_due_on__isnull=False,
            decided_on__gte=since,
            decided_on__lte=until,
        )
        .values("agency_id")
        .annotate(
            total=Count("pk"),
            ok=Count("pk", filter=Q(decided_on__lte=F("decision_due_on"))),  # R-35 met
        )
    )
    return {r["agency_id"]: (r["ok"], r["total"]) for r in rows}


def _complaints(agency_ids: list[int], since: date, until: date) -> dict[int, tuple[int, int]]:
    rows = (
        Complaint.objects.filter(
            agency_id__in=agency_ids, received_on__gte=since, received_on__lte=until
        )
        .filter(Q(status=Complaint.Status.ANSWERED) | Q(due_on__lt=until))
        .values("agency_id")
        .annotate(
            total=Count("pk"),
            ok=Count(
                "pk",
                filter=Q(status=Complaint.Status.ANSWERED, responded_on__lte=F("due_on")),
            ),
        )
    )
    return {r["agency_id"]: (r["ok"], r["total"]) for r in rows}


def _evaluations(agency_ids: list[int], since: date, until: date) -> dict[int, tuple[float, int]]:
    rows = (
        Evaluation.objects.filter(
            agency_id__in=agency_ids, submitted_on__gte=since, submitted_on__lte=until
        )
        .values("agency_id")
        .annotate(
            n=Count("pk"),
            avg=Avg(F("courtesy") + F("lawfulness") + F("rights_explained")),
        )
    )
    return {r["agency_id"]: (float(r["avg"] or 0) / 3, r["n"]) for r in rows}


def compute(agency_ids: list[int], *, today: date | None = None) -> dict[int, dict[str, Figure]]:
    """Figures per agency id and metric code (uncached)."""
    # compliance measured from case data, complaints and evaluations.
    today = today or clock.today()
    since, until = window(today)
    decisions = _decisions(agency_ids, since, until)
    complaints = _complaints(agency_ids, since, until)
    evaluations = _evaluations(agency_ids, since, until)
    M = Commitment.Metric
    out: dict[int, dict[str, Figure]] = {}
    for aid in agency_ids:
        d_ok, d_all = decisions.get(aid, (0, 0))
        c_ok, c_all = complaints.get(aid, (0, 0))
        e_avg, e_n = evaluations.get(aid, (0.0, 0))
        out[aid] = {
            M.DECISIONS_IN_TIME: Figure(
                M.DECISIONS_IN_TIME,
                d_ok,
                d_all,
                d_ok / d_all if d_all else None,
                since,
                until,
            ),
            M.COMPLAINTS_IN_TIME: Figure(
                M.COMPLAINTS_IN_TIME,
                c_ok,
                c_all,
                c_ok / c_all if c_all else None,
                since,
                until,
            ),
            M.EVALUATION_SCORE: Figure(
                M.EVALUATION_SCORE,
                e_n,
                e_n,
                round(e_avg, 2) if e_n else None,
                since,
                until,
            ),
        }
    return out


def figures(agency_ids: list[int], *, today: date | None = None) -> dict[int, dict[str, Figure]]:
    """`compute`, cached for ten minutes."""
    today = today or clock.today()
    ids = sorted(set(agency_ids))
    digest = hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest()
    key = f"portal.compliance.{today.isoformat()}.{digest}"
    cached = cache.get(key)
    if cached is None:
        cached = compute(ids, today=today)
        cache.set(key, cached, CACHE_SECONDS)
    return cached
