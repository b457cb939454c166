"""Benchmark tables (裁量基准): validation against the statute (R-17, R-19), versioning,
publishing, and the first-offence list (R-13)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from core import clock
from core.errors import PermissionDenied, RuleViolation
from core.roles import Role
from penalties.models import BenchmarkTier, BenchmarkVersion, PenaltyType, Tier
from penalties.selectors import benchmark_in_force, first_offence_entry, on_first_offence_list
from penalties.services import benchmarks as svc
from penalties.services.tier_checks import TierSpec
from tests.factories import AgencyFactory, user_with_role
from tests.penalties.factories import (
    admin_of,
    fixed_statute,
    goods_value_statute,
    published_version,
)

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def admin(agency):
    return admin_of(agency)


@pytest.fixture
def statute():
    return fixed_statute()


@pytest.fixture
def draft(agency, admin, statute):
    return svc.create_draft(
        agency=agency, violation=statute.violation, by=admin, label="2026年版", prefill=False
    )


def fine(tier, lo, hi, **kw) -> TierSpec:
    return TierSpec(
        tier=tier, penalty_types=[PenaltyType.FINE], fine_min=D(lo), fine_max=D(hi), **kw
    )


def refusal(call) -> str:
    with pytest.raises(RuleViolation) as exc:
        call()
    return str(exc.value)


def full_table(version, by):
    svc.save_tier(version=version, spec=fine(Tier.LIGHTER, 5000, 18500), by=by)
    svc.save_tier(version=version, spec=fine(Tier.ORDINARY, 18500, 36500), by=by)
    svc.save_tier(version=version, spec=fine(Tier.HEAVIER, 36500, 50000), by=by)


# --- ranges against the statute -------------------------------------------


def test_r17_tier_range_below_statutory_minimum_refused(draft, admin):
    msg = refusal(
        lambda: svc.save_tier(version=draft, spec=fine(Tier.LIGHTER, 3000, 10000), by=admin)
    )
    assert msg == "R-17: 从轻档罚款下限 3000 元低于法定最低额 5000 元"
    assert not BenchmarkTier.objects.filter(version=draft).exists()


def test_r19_tier_above_statutory_maximum_refused(draft, admin):
    msg = refusal(
        lambda: svc.save_tier(version=draft, spec=fine(Tier.HEAVIER, 40000, 60000), by=admin)
    )
    assert msg == "R-19: 从重档罚款上限 60000 元超过法定最高额 50000 元"
    assert not BenchmarkTier.objects.filter(version=draft).exists()


def test_r19_multiple_above_statutory_maximum_multiple_refused(agency, admin):
    statute = goods_value_statute()
    draft = svc.create_draft(agency=agency, violation=statute.violation, by=admin, prefill=False)
    spec = TierSpec(
        tier=Tier.HEAVIER,
        penalty_types=[PenaltyType.FINE],
        multiple_min=D(15),
        multiple_max=D(25),
        fine_min=D(80000),
        fine_max=D(100000),
    )
    msg = refusal(lambda: svc.save_tier(version=draft, spec=spec, by=admin))
    assert msg == "R-19: 从重档倍数上限 25 倍超过法定最高倍数 20 倍"


def test_r17_multiple_statute_needs_both_multiples_and_absolute_range(agency, admin):
    statute = goods_value_statute()
    draft = svc.create_draft(agency=agency, violation=statute.violation, by=admin, prefill=False)
    msg = refusal(
        lambda: svc.save_tier(version=draft, spec=fine(Tier.ORDINARY, 60000, 80000), by=admin)
    )
    assert msg == "R-17: 一般档须设定货值金额的倍数幅度"
    ok = TierSpec(
        tier=Tier.ORDINARY,
        penalty_types=[PenaltyType.FINE],
        multiple_min=D(13),
        multiple_max=D(17),
        fine_min=D(65000),
        fine_max=D(85000),
    )
    assert svc.save_tier(version=draft, spec=ok, by=admin).multiple_max == D(17)


def test_r17_overlapping_tiers_refused_touching_boundaries_allowed(draft, admin):
    svc.save_tier(version=draft, spec=fine(Tier.LIGHTER, 5000, 20000), by=admin)
    msg = refusal(
        lambda: svc.save_tier(version=draft, spec=fine(Tier.ORDINARY, 15000, 30000), by=admin)
    )
    assert (
        msg == "R-17: 从轻档与一般档的罚款幅度重叠（从轻档 5000–20000 元，一般档 15000–30000 元）"
    )
    assert list(draft.tiers.values_list("tier", flat=True)) == [Tier.LIGHTER]
    svc.save_tier(version=draft, spec=fine(Tier.ORDINARY, 20000, 30000), by=admin)
    assert draft.tiers.count() == 2


def test_r17_heavier_below_ordinary_is_an_overlap(draft, admin):
    svc.save_tier(version=draft, spec=fine(Tier.ORDINARY, 20000, 30000), by=admin)
    msg = refusal(
        lambda: svc.save_tier(version=draft, spec=fine(Tier.HEAVIER, 10000, 15000), by=admin)
    )
    assert (
        msg == "R-17: 一般档与从重档的罚款幅度重叠（一般档 20000–30000 元，从重档 10000–15000 元）"
    )


def test_r17_mitigated_only_below_the_statutory_minimum(draft, admin):
    spec = fine(Tier.MITIGATED, 1000, 6000, flags=["mitigating"])
    msg = refusal(lambda: svc.save_tier(version=draft, spec=spec, by=admin))
    assert msg == (
        "R-17: 减轻档罚款上限 6000 元高于法定最低额 5000 元（减轻处罚只能在法定最低限以下）"
    )
    spec = fine(Tier.MITIGATED, 1000, 5000, flags=["mitigating"])
    assert svc.save_tier(version=draft, spec=spec, by=admin).fine_max == D(5000)


def test_r17_mitigated_needs_listed_conditions(draft, admin):
    spec = fine(Tier.MITIGATED, 1000, 4000)
    msg = refusal(lambda: svc.save_tier(version=draft, spec=spec, by=admin))
    assert msg == "R-17: 减轻档须设定结构化的适用条件（条件标识）"


def test_r17_mitigated_fine_impossible_when_statutory_minimum_is_zero(agency, admin):
    statute = fixed_statute(fine_min=D(0), fine_max=D(5000))
    draft = svc.create_draft(agency=agency, violation=statute.violation, by=admin, prefill=False)
    spec = fine(Tier.MITIGATED, 0, 100, flags=["mitigating"])
    msg = refusal(lambda: svc.save_tier(version=draft, spec=spec, by=admin))
    assert msg == "R-17: 法定罚款最低为 0 元，减轻档不得设定罚款幅度（可改为警告等较轻的处罚种类）"
    warning = TierSpec(
        tier=Tier.MITIGATED, penalty_types=[PenaltyType.WARNING], flags=["mitigating"]
    )
    assert svc.save_tier(version=draft, spec=warning, by=admin).penalty_types == ["warning"]


def test_r17_penalty_type_outside_the_statute_refused(draft, admin):
    spec = TierSpec(tier=Tier.HEAVIER, penalty_types=[PenaltyType.CLOSE])
    msg = refusal(lambda: svc.save_tier(version=draft, spec=spec, by=admin))
    assert msg == "R-17: 从重档的处罚种类“责令关闭”不在法定处罚种类之内"


def test_r17_no_penalty_tier_carries_no_penalty(draft, admin):
    spec = TierSpec(tier=Tier.NO_PENALTY, penalty_types=[PenaltyType.WARNING])
    msg = refusal(lambda: svc.save_tier(version=draft, spec=spec, by=admin))
    assert msg == "R-17: 不予处罚档不得设定处罚种类或罚款幅度"
    ok = TierSpec(
        tier=Tier.NO_PENALTY,
        conditions="首次违法、及时改正",
        flags=["first_offence", "promptly_corrected"],
    )
    assert svc.save_tier(version=draft, spec=ok, by=admin).flags == [
        "first_offence",
        "promptly_corrected",
    ]


def test_r17_fine_without_range_and_bad_numbers_refused(draft, admin):
    spec = TierSpec(tier=Tier.ORDINARY, penalty_types=[PenaltyType.FINE])
    assert refusal(lambda: svc.save_tier(version=draft, spec=spec, by=admin)) == (
        "R-17: 一般档包含罚款，但未设定罚款幅度"
    )
    spec = fine(Tier.ORDINARY, 30000, 20000)
    assert refusal(lambda: svc.save_tier(version=draft, spec=spec, by=admin)) == (
        "R-17: 一般档罚款下限 30000 元高于上限 20000 元"
    )


# --- Editing rights and immutability --------------------------------------------------


def test_only_own_agency_admin_edits(draft, statute):
    supervisor = user_with_role(Role.SUPERVISOR, agency=draft.agency)
    other_admin = admin_of()
    for user in (supervisor, other_admin):
        with pytest.raises(PermissionDenied):
            svc.save_tier(version=draft, spec=fine(Tier.ORDINARY, 18500, 36500), by=user)
    assert not draft.tiers.exists()


def test_r17_published_version_is_immutable(draft, admin):
    full_table(draft, admin)
    svc.publish(version=draft, effective_from=clock.today(), approved_by="局长办公会议", by=admin)
    msg = refusal(
        lambda: svc.save_tier(version=draft, spec=fine(Tier.ORDINARY, 20000, 30000), by=admin)
    )
    assert msg == "R-17: 裁量基准 2026年版 已发布，不得修改；请创建新版本"
    assert draft.tiers.get(tier=Tier.ORDINARY).fine_min == D(18500)


def test_new_version_copies_the_previous_tiers(draft, admin, agency, statute):
    full_table(draft, admin)
    svc.publish(version=draft, effective_from=clock.today(), approved_by="局长办公会议", by=admin)
    second = svc.create_draft(agency=agency, violation=statute.violation, by=admin, label="修订版")
    assert second.pk != draft.pk and second.based_on_id == draft.pk
    assert sorted(second.tiers.values_list("tier", "fine_min", "fine_max")) == sorted(
        draft.tiers.values_list("tier", "fine_min", "fine_max")
    )
    # asking again returns the open draft
    assert svc.create_draft(agency=agency, violation=statute.violation, by=admin).pk == second.pk


# --- Publishing and versioning --------------------------------------------------------


def test_r17_publish_needs_the_three_core_tiers(draft, admin):
    svc.save_tier(version=draft, spec=fine(Tier.ORDINARY, 18500, 36500), by=admin)
    msg = refusal(
        lambda: svc.publish(
            version=draft, effective_from=clock.today(), approved_by="局务会", by=admin
        )
    )
    assert msg == "R-17: 发布前须设定从轻、一般、从重三个档次（缺少：从轻、从重）"
    draft.refresh_from_db()
    assert draft.is_draft and draft.effective_from is None


def test_r17_publish_not_retroactive(draft, admin):
    full_table(draft, admin)
    yesterday = clock.today() - timedelta(days=1)
    msg = refusal(
        lambda: svc.publish(version=draft, effective_from=yesterday, approved_by="局务会", by=admin)
    )
    assert msg == (
        f"R-17: 施行日期 {yesterday.isoformat()} 早于今日 {clock.today().isoformat()}："
        "裁量基准应当公布后施行，不得溯及既往"
    )


def test_r17_versions_chain_and_benchmark_in_force_on_the_edges(agency, admin, statute):
    code = statute.violation.code
    d1, d2 = date(2026, 3, 1), date(2026, 9, 1)
    with clock.travel(date(2026, 2, 1)):
        v1 = svc.create_draft(
            agency=agency, violation=statute.violation, by=admin, label="v1", prefill=False
        )
        full_table(v1, admin)
        svc.publish(version=v1, effective_from=d1, approved_by="局务会", by=admin)
    with clock.travel(date(2026, 8, 1)):
        v2 = svc.create_draft(agency=agency, violation=statute.violation, by=admin, label="v2")
        svc.save_tier(version=v2, spec=fine(Tier.HEAVIER, 40000, 50000), by=admin)
        svc.save_tier(version=v2, spec=fine(Tier.ORDINARY, 18500, 40000), by=admin)
        msg = refusal(
            lambda: svc.publish(version=v2, effective_from=d1, approved_by="局务会", by=admin)
        )
        assert "R-17: 施行日期 2026-03-01 早于今日 2026-08-01" in msg
        assert "施行日期须晚于已发布版本 v1 的施行日期 2026-03-01" in msg
        svc.publish(version=v2, effective_from=d2, approved_by="局务会", by=admin)
    v1.refresh_from_db()
    assert v1.effective_to == date(2026, 8, 31)
    assert benchmark_in_force(agency, code, date(2026, 2, 28)) is None
    assert benchmark_in_force(agency, code, d1).pk == v1.pk
    assert benchmark_in_force(agency, code, date(2026, 8, 31)).pk == v1.pk
    in_force = benchmark_in_force(agency, code, d2)
    assert in_force.pk == v2.pk
    assert {t.tier: t.fine_min for t in in_force.tiers.all()}[Tier.HEAVIER] == D(40000)
    assert benchmark_in_force(AgencyFactory(), code, d2) is None
    events = AuditEvent.objects.filter(action="penalties.benchmark.published", object_id=str(v2.pk))
    assert events.get().data["ended"] == [{"label": "v1", "effective_to": "2026-08-31"}]


def test_r17_draft_is_never_in_force(agency, admin, draft, statute):
    full_table(draft, admin)
    assert benchmark_in_force(agency, statute.violation.code, clock.today()) is None


def test_discard_draft(draft, admin):
    full_table(draft, admin)
    svc.discard_draft(version=draft, by=admin)
    assert not BenchmarkVersion.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(action="penalties.benchmark.draft_discarded").count() == 1


def test_published_version_written_directly_is_found(agency, statute):
    v = published_version(
        agency=agency, violation=statute.violation, effective_from=date(2025, 1, 1)
    )
    assert benchmark_in_force(agency.pk, statute.violation.code, date(2025, 1, 1)).pk == v.pk


# --- First-offence list (R-13) --------------------------------------------------------


def test_r13_first_offence_list_periods(agency, admin, statute):
    vt = statute.violation
    entry = svc.add_first_offence_entry(
        agency=agency,
        violation=vt,
        conditions="首次违法、危害后果轻微并及时改正",
        effective_from=date(2026, 1, 1),
        by=admin,
    )
    assert not on_first_offence_list(agency, vt.code, date(2025, 12, 31))
    assert on_first_offence_list(agency, vt.code, date(2026, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        svc.add_first_offence_entry(
            agency=agency,
            violation=vt,
            conditions="重复",
            effective_from=date(2026, 6, 1),
            by=admin,
        )
    assert str(exc.value) == f"R-13: {vt.code} 已在首违不罚清单中（自 2026-01-01 起），期间不得重叠"
    with clock.travel(date(2026, 5, 1)):
        svc.end_first_offence_entry(entry=entry, effective_to=date(2026, 5, 31), by=admin)
    assert first_offence_entry(agency, vt.code, date(2026, 5, 31)).pk == entry.pk
    assert not on_first_offence_list(agency, vt.code, date(2026, 6, 1))
    assert not on_first_offence_list(AgencyFactory(), vt.code, date(2026, 3, 1))


def test_r17_first_draft_starts_from_the_default_split(agency, admin, statute):
    """R-17: without a previous version the draft holds the engine's default split
    (从轻 lowest 30%, 从重 highest 30%), which can be published as it is."""
    draft = svc.create_draft(agency=agency, violation=statute.violation, by=admin)
    tiers = {t.tier: (t.fine_min, t.fine_max) for t in draft.tiers.all()}
    assert tiers[Tier.LIGHTER] == (D("5000.00"), D("18500.00"))
    assert tiers[Tier.ORDINARY] == (D("18500.00"), D("36500.00"))
    assert tiers[Tier.HEAVIER] == (D("36500.00"), D("50000.00"))
    assert tiers[Tier.NO_PENALTY] == (None, None)
    svc.publish(version=draft, effective_from=clock.today(), approved_by="局务会", by=admin)
    assert benchmark_in_force(agency, statute.violation.code, clock.today()).pk == draft.pk
