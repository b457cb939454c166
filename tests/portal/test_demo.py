"""The portal demo: commitments and legal aid text for 滨江, complaints in every state
(one overdue, one registered as a lead); running it twice changes nothing."""

from __future__ import annotations

import io

import pytest

from core import clock
from officers import demo as officers_demo
from portal import demo
from portal.models import Commitment, Complaint, PortalSettings
from portal.services import complaints as complaint_svc

pytestmark = pytest.mark.django_db


def test_demo_has_commitments_complaints_in_every_state_and_is_idempotent():
    officers_demo.load(stdout=io.StringIO())
    out = io.StringIO()
    demo.load(stdout=out)
    assert "跳过" not in out.getvalue(), out.getvalue()
    agency = PortalSettings.objects.get().agency
    assert agency.name == demo.AGENCY
    assert Commitment.objects.filter(agency=agency).count() == len(demo.COMMITMENTS)
    complaints = list(Complaint.objects.filter(agency=agency))
    assert len(complaints) == len(demo.COMPLAINTS)
    assert {c.status for c in complaints} == set(Complaint.Status.values)
    assert any(c.is_overdue(clock.today()) for c in complaints)
    assert any(c.lead_id for c in complaints)
    numbers = sorted(c.number for c in complaints)
    assert len(set(numbers)) == len(numbers)
    assert (
        complaint_svc.open_counts(next(c for c in complaints if c.assigned_to).assigned_to)[0] >= 1
    )
    counts = (Commitment.objects.count(), Complaint.objects.count())
    demo.load(stdout=io.StringIO())
    assert (Commitment.objects.count(), Complaint.objects.count()) == counts


def test_demo_skips_quietly_without_the_demo_agency():
    out = io.StringIO()
    demo.load(stdout=out)
    assert "跳过" in out.getvalue()
    assert not Complaint.objects.exists()
