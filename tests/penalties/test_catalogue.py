"""The violation catalogue: versions of the law in time (R-18), provider for cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from audit.actions import is_registered, label_for
from cases import violations
from core import clock
from core.errors import DomainError
from penalties.apps import ACTION_LABELS
from penalties.models import FineBasis, PenaltyType, ViolationVersion
from penalties.selectors import violation_version_on, violation_versions_for
from penalties.services import catalogue
from tests.factories import AgencyFactory, DomainFactory
from tests.penalties.factories import ProvisionFactory, ViolationTypeFactory

pytestmark = pytest.mark.django_db
D = Decimal


def _version(vt, valid_from, lo, hi, **kw):
    return catalogue.add_violation_version(
        violation=vt,
        valid_from=valid_from,
        violated_provision=ProvisionFactory(),
        penalty_provision=ProvisionFactory(),
        penalty_types=[PenaltyType.FINE],
        fine_basis=FineBasis.FIXED,
        fine_min=lo,
        fine_max=hi,
        actor_name="test",
        **kw,
    )


@pytest.fixture
def revised():
    """A provision revised on 2021-04-29: 2,000–20,000 before, 5,000–50,000 after."""
    vt = ViolationTypeFactory(code="FS-TEST")
    old = _version(vt, date(2015, 10, 1), D(2000), D(20000))
    new = _version(vt, date(2021, 4, 29), D(5000), D(50000), needs_legal_review=True)
    return vt, old, new


def test_r18_new_version_ends_the_previous_one_the_day_before(revised):
    _vt, old, new = revised
    old.refresh_from_db()
    assert old.valid_to == date(2021, 4, 28)
    assert new.valid_to is None


def test_r18_version_selected_by_act_date(revised):
    vt, old, new = revised
    assert violation_version_on("FS-TEST", date(2015, 9, 30)) is None
    assert violation_version_on("FS-TEST", date(2015, 10, 1)).pk == old.pk
    assert violation_version_on("FS-TEST", date(2021, 4, 28)).pk == old.pk
    assert violation_version_on("FS-TEST", date(2021, 4, 29)).pk == new.pk
    assert vt.version_on(date(2030, 1, 1)).pk == new.pk


def test_r18_both_versions_for_act_and_decision_dates(revised):
    _vt, old, new = revised
    law = violation_versions_for(
        "FS-TEST", act_date=date(2021, 3, 1), decision_date=date(2021, 6, 1)
    )
    assert (law.at_act.pk, law.at_decision.pk, law.revised) == (old.pk, new.pk, True)
    same = violation_versions_for(
        "FS-TEST", act_date=date(2022, 3, 1), decision_date=date(2022, 6, 1)
    )
    assert same.at_act.pk == same.at_decision.pk and not same.revised


def test_r18_history_is_appended_never_rewritten(revised):
    vt, _old, _new = revised
    with pytest.raises(DomainError) as exc:
        _version(vt, date(2020, 1, 1), D(1), D(2))
    assert str(exc.value) == "新版本施行日期 2020-01-01 须晚于现有版本的施行日期 2021-04-29"
    assert ViolationVersion.objects.filter(violation=vt).count() == 2


def test_fine_spec_shape_is_checked():
    vt = ViolationTypeFactory()
    with pytest.raises(Exception) as exc:
        _version(vt, date(2020, 1, 1), D(100), None)
    assert "下限与上限须同时填写" in str(exc.value)


def test_provision_citation():
    p = ProvisionFactory(law_name="中华人民共和国食品安全法", article=124, paragraph=1, item=5)
    assert p.citation == "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"


def test_provider_registered_for_cases(revised):
    vt, _old, _new = revised
    provider = violations.provider()
    assert provider is not None
    info = violations.get("FS-TEST")
    assert (info.code, info.domain_code, info.needs_legal_review) == (
        "FS-TEST",
        "food-safety",
        True,
    )
    assert violations.get("NOPE") is None
    agency = AgencyFactory()
    assert ("FS-TEST", f"FS-TEST {vt.name}") in violations.choices(agency)
    agency.domains.add(DomainFactory(code="advertising", name="广告监管"))
    assert violations.choices(agency) == []
    assert violations.choices(None, domain="food-safety") == [("FS-TEST", f"FS-TEST {vt.name}")]
    with clock.travel(date(2010, 1, 1)):
        assert violations.choices(None) == []


def test_audit_action_codes_are_registered():

    for code in ACTION_LABELS:
        assert is_registered(code)
    assert label_for("penalties.benchmark.published") == "发布裁量基准"
