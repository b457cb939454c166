"""The demo data: every state this app owns, for both demo agencies; idempotent."""

from __future__ import annotations

import io

import pytest

from cases import demo
from cases.models import Case
from documents import demo as documents_demo
from officers import demo as officers_demo

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_for_both_agencies_and_is_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    officers_demo.load(stdout=out)
    documents_demo.load(stdout=out)
    demo.load(stdout=out)
    assert "skipped" not in out.getvalue(), out.getvalue()
    for agency_name, *_rest in demo.TEAMS:
        states = set(
            Case.objects.filter(agency__name=agency_name)
            .exclude(source="referral")
            .values_list("state", flat=True)
        )
        assert states == {str(s) for s in demo.TITLES}, agency_name
    count = Case.objects.count()
    demo.load(stdout=io.StringIO())
    assert Case.objects.count() == count
