"""Demo proposals: loaded through the same gate (propose_batch), idempotent, and the
first-minor-offence fine waits for the head (R-13)."""

from __future__ import annotations

import io

import pytest

from cases import demo as cases_demo
from core import clock
from officers import demo as officers_demo
from penalties import demo as penalties_demo
from penalties import demo_proposals
from penalties.models import Proposal
from penalties.services import proposals as svc
from tests.penalties.test_proposals_support import START

pytestmark = pytest.mark.django_db


def _load_all() -> str:
    out = io.StringIO()
    for module in (officers_demo, cases_demo, penalties_demo):
        module.load(stdout=out)
    return out.getvalue()


def test_r13_demo_brings_cases_to_proposed_and_the_fine_waits_for_approval():
    with clock.travel(START):
        _load_all()
        warning = Proposal.objects.get(case__title=demo_proposals.DEMO[0][0])
        pending = Proposal.objects.get(case__title=demo_proposals.DEMO[1][0])
        assert warning.status == Proposal.Status.ACCEPTED
        assert warning.penalty_types == ["warning"]
        assert warning.recommendation["first_minor_offence"] is True
        assert pending.status == Proposal.Status.DEPARTURE_PENDING
        assert [x.rule for x in svc.proposal_ready(pending.case).problems] == ["R-13"]
        assert svc.proposal_ready(warning.case).ok
        count = Proposal.objects.count()
        out = io.StringIO()
        demo_proposals.load(stdout=out)  # running again changes nothing
        assert Proposal.objects.count() == count


def test_demo_skips_without_the_demo_agency():
    out = io.StringIO()
    demo_proposals.load(stdout=out)
    assert "skipped" in out.getvalue()
    assert not Proposal.objects.exists()
