"""Demo catalogue: real provisions with their statutory ranges, convertible for the engine;
the demo agency's benchmarks; running twice changes nothing."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from core.roles import Role
from penalties import demo
from penalties import discretion as d
from penalties.engine_inputs import (
    default_tier_specs,
    engine_versions,
    to_engine_benchmark,
    version_to_engine,
)
from penalties.models import (
    BenchmarkVersion,
    FirstOffenceEntry,
    Provision,
    ViolationType,
    ViolationVersion,
)
from penalties.selectors import benchmark_in_force, on_first_offence_list, violation_version_on
from penalties.services.tier_checks import check_table
from tests.factories import AgencyFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def _load():
    out = io.StringIO()
    demo.load(stdout=out)
    return out.getvalue()


def test_catalogue_has_real_provisions_from_several_laws():
    _load()
    assert ViolationType.objects.count() >= 15
    laws = set(Provision.objects.values_list("law_name", flat=True))
    assert len(laws - {"价格违法行为行政处罚规定"}) >= 3
    for version in ViolationVersion.objects.select_related(
        "violation", "violated_provision", "penalty_provision", "supplementary_provision"
    ):
        version.full_clean()
        violation = version_to_engine(version, number=1)
        assert (violation.fine is not None) == version.has_fine
        statute_today = version.violation.version_on(date(2026, 6, 1))
        if statute_today is not None and statute_today.pk == version.pk:
            assert check_table(version, default_tier_specs(version)) == []
    # a few statutory ranges, checked against the text
    food = violation_version_on("FOOD-124-5", date(2026, 1, 1))
    assert (
        food.multiple_min,
        food.multiple_max,
        food.fine_min,
        food.fine_max,
        food.base_threshold,
    ) == (
        Decimal("10.00"),
        Decimal("20.00"),
        Decimal("50000.00"),
        Decimal("100000.00"),
        Decimal("10000.00"),
    )
    assert "货值金额不足一万元的，并处五万元以上十万元以下罚款" in food.penalty_provision.text
    price = violation_version_on("PRICE-42", date(2026, 1, 1))
    assert (price.fine_min, price.fine_max) == (Decimal("0.00"), Decimal("5000.00"))
    assert "可以并处五千元以下的罚款" in price.penalty_provision.text


def test_r18_demo_false_advertising_has_its_1994_version():
    _load()
    old = violation_version_on("AD-55", date(2010, 1, 1))
    new = violation_version_on("AD-55", date(2016, 1, 1))
    assert old.penalty_provision.law_version == "1994年" and old.valid_to == date(2015, 8, 31)
    assert (old.multiple_min, old.multiple_max) == (Decimal("1.00"), Decimal("5.00"))
    assert (new.multiple_min, new.multiple_max) == (Decimal("3.00"), Decimal("5.00"))
    assert [v.version for v in engine_versions("AD-55")] == ["1", "2"]


def test_demo_benchmarks_for_the_demo_agency_and_idempotent():
    agency = AgencyFactory(name=demo.AGENCY)
    OfficerFactory(
        agency=agency, user__username=demo.ADMIN_USERNAME, user__roles=[Role.AGENCY_ADMIN]
    )
    _load()
    published = BenchmarkVersion.objects.filter(agency=agency, status="published")
    assert published.count() == 6
    assert BenchmarkVersion.objects.filter(agency=agency, status="draft").count() == 1
    old = benchmark_in_force(agency, "PRICE-42", date(2025, 6, 1))
    new = benchmark_in_force(agency, "PRICE-42", date(2026, 1, 1))
    assert (old.label, old.effective_to, new.label) == ("2024年版", date(2025, 12, 31), "2026年版")
    for version in published:
        statute = version.violation.version_on(version.effective_from)
        assert (
            d.validate_benchmark(version_to_engine(statute, number=1), to_engine_benchmark(version))
            == ()
        )
    assert FirstOffenceEntry.objects.filter(agency=agency).count() == 4
    assert on_first_offence_list(agency, "PRICE-42", date(2026, 3, 1))
    events = AuditEvent.objects.count()
    rows = (
        ViolationVersion.objects.count(),
        BenchmarkVersion.objects.count(),
        FirstOffenceEntry.objects.count(),
    )
    _load()
    assert AuditEvent.objects.count() == events
    assert rows == (
        ViolationVersion.objects.count(),
        BenchmarkVersion.objects.count(),
        FirstOffenceEntry.objects.count(),
    )


def test_demo_skips_benchmarks_without_the_agency():
    assert "not found: benchmarks skipped" in _load()
    assert not BenchmarkVersion.objects.exists()
