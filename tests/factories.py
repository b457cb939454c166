"""Factories shared by every app's tests: users with roles, agencies, officers with
valid certificates. App-specific factories live beside their tests."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import clock
from core.roles import Role, ensure_groups
from officers.models import Agency, AgencySettings, Certificate, EnforcementDomain, Officer

User = get_user_model()


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnforcementDomain
        django_get_or_create = ("code",)

    code = "food-safety"
    name = "食品安全"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试市市场监督管理局{n}")
    short_name = factory.Sequence(lambda n: f"测监{n}")
    credit_code = factory.Sequence(lambda n: f"11{n:016d}")
    kind = Agency.Kind.STATUTORY
    region = "测试市"
    doc_prefix = factory.Sequence(lambda n: f"测{n}市监")
    address = "测试市人民路1号"
    hotline = "12315"

    @factory.post_generation
    def with_settings(obj, create, extracted, **kwargs):
        if create:
            AgencySettings.objects.get_or_create(agency=obj)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = ""
    password = factory.PostGenerationMethodCall("set_password", "demo-Pass-2026")

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create:
            obj.save()  # keep the password set above
        if not create or not extracted:
            return
        groups = ensure_groups()
        obj.groups.add(*[groups[str(r)] for r in extracted])
        obj.save()


class OfficerFactory(factory.django.DjangoModelFactory):
    """An officer on post with a valid certificate for the food-safety domain."""

    class Meta:
        model = Officer
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=[Role.OFFICER])
    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"执法员{n}")
    post = "执法岗"
    status = Officer.Status.ON_POST

    @factory.post_generation
    def certified(obj, create, extracted, **kwargs):
        """certified=False makes an officer without a certificate."""
        if not create or extracted is False:
            return
        domain = DomainFactory()
        obj.domains.add(domain)
        CertificateFactory(officer=obj, domains=[domain])


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate
        skip_postgeneration_save = True

    officer = factory.SubFactory(OfficerFactory, certified=False)
    number = factory.Sequence(lambda n: f"ZF{n:08d}")
    issuer = "测试市人民政府"
    issued_on = factory.LazyFunction(lambda: clock.today() - timedelta(days=365))
    expires_on = factory.LazyFunction(lambda: clock.today() + timedelta(days=3 * 365))
    review_due_on = factory.LazyFunction(lambda: clock.today() + timedelta(days=180))
    state = Certificate.State.VALID

    @factory.post_generation
    def domains(obj, create, extracted, **kwargs):
        if create:
            obj.domains.set(extracted if extracted is not None else [DomainFactory()])


def user_with_role(role: str, *, agency: Agency | None = None, certified: bool = True) -> User:
    """A user holding `role`, with an officer profile in `agency` (new agency if None)."""
    officer = OfficerFactory(
        agency=agency or AgencyFactory(), user__roles=[role], certified=certified
    )
    return officer.user


__all__ = [
    "AgencyFactory",
    "CertificateFactory",
    "DomainFactory",
    "Group",
    "OfficerFactory",
    "UserFactory",
    "user_with_role",
]
