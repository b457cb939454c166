"""Factories for the violation catalogue and benchmarks (penalties tests)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from core.roles import Role
from penalties.models import (
    BenchmarkTier,
    BenchmarkVersion,
    FineBasis,
    PenaltyType,
    Provision,
    Tier,
    ViolationType,
    ViolationVersion,
)
from tests.factories import AgencyFactory, DomainFactory, user_with_role

D = Decimal


class ProvisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provision
        django_get_or_create = ("law_name", "law_version", "article", "paragraph", "item")

    law_name = "中华人民共和国食品安全法"
    law_version = "2021年修正"
    article = factory.Sequence(lambda n: 200 + n)
    paragraph = 1
    item = 0
    text = "违反本法规定……"


class ViolationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ViolationType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T-{n:04d}")
    name = factory.Sequence(lambda n: f"测试违法行为{n}")
    domain = factory.SubFactory(DomainFactory)


class ViolationVersionFactory(factory.django.DjangoModelFactory):
    """A fixed-range statute: warning or 5,000–50,000 yuan (like 食品安全法 Art 126)."""

    class Meta:
        model = ViolationVersion

    violation = factory.SubFactory(ViolationTypeFactory)
    valid_from = date(2021, 4, 29)
    valid_to = None
    violated_provision = factory.SubFactory(ProvisionFactory)
    penalty_provision = factory.SubFactory(ProvisionFactory)
    penalty_types = factory.LazyFunction(
        lambda: [
            PenaltyType.WARNING,
            PenaltyType.FINE,
            PenaltyType.SUSPEND_BUSINESS,
            PenaltyType.REVOKE_LICENCE,
        ]
    )
    fine_basis = FineBasis.FIXED
    fine_min = D("5000")
    fine_max = D("50000")


def fixed_statute(**kwargs) -> ViolationVersion:
    return ViolationVersionFactory(**kwargs)


def goods_value_statute(**kwargs) -> ViolationVersion:
    """Like 食品安全法 Art 124: 10–20 × goods' value; 50,000–100,000 below 10,000 yuan."""
    defaults = dict(
        penalty_types=[
            PenaltyType.FINE,
            PenaltyType.CONFISCATE_GAINS,
            PenaltyType.CONFISCATE_PROPERTY,
            PenaltyType.REVOKE_LICENCE,
        ],
        fine_basis=FineBasis.GOODS_VALUE,
        multiple_min=D("10"),
        multiple_max=D("20"),
        fine_min=D("50000"),
        fine_max=D("100000"),
        alternative_condition="below_threshold",
        base_threshold=D("10000"),
    )
    defaults.update(kwargs)
    return ViolationVersionFactory(**defaults)


def admin_of(agency=None):
    """An agency administrator (with an officer profile in `agency`)."""
    return user_with_role(Role.AGENCY_ADMIN, agency=agency or AgencyFactory())


class BenchmarkVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenchmarkVersion

    agency = factory.SubFactory(AgencyFactory)
    violation = factory.SubFactory(ViolationTypeFactory)
    label = factory.Sequence(lambda n: f"第{n}版")
    status = BenchmarkVersion.Status.DRAFT


class BenchmarkTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenchmarkTier

    version = factory.SubFactory(BenchmarkVersionFactory)
    tier = Tier.ORDINARY
    conditions = "一般情形"
    penalty_types = factory.LazyFunction(lambda: [PenaltyType.FINE])


FIXED_TIERS = {
    Tier.LIGHTER: (D("5000"), D("18500")),
    Tier.ORDINARY: (D("18500"), D("36500")),
    Tier.HEAVIER: (D("36500"), D("50000")),
}


def published_version(
    *, agency, violation, effective_from, tiers=FIXED_TIERS, effective_to=None, label=None
):
    """A published fixed-range table written directly (services are tested elsewhere)."""
    version = BenchmarkVersionFactory(
        agency=agency,
        violation=violation,
        status=BenchmarkVersion.Status.PUBLISHED,
        effective_from=effective_from,
        effective_to=effective_to,
        label=label or f"{effective_from.year}年版",
        approved_by="局长办公会议",
    )
    for tier, (lo, hi) in tiers.items():
        BenchmarkTierFactory(version=version, tier=tier, fine_min=lo, fine_max=hi)
    return version
