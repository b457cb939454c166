"""Parties: identifiers validated (GB 11643, GB 32100), masked display, audited unmasking,
supervision tier (R-74)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from cases import selectors, services
from cases.models import Case, Party
from cases.states import State
from cases.validators import (
    make_credit_code,
    make_resident_id,
    mask,
    validate_credit_code,
    validate_resident_id,
)
from core import clock
from core.errors import DomainError, PermissionDenied
from tests.cases.factories import credit_code, filed, person, resident_id

pytestmark = pytest.mark.django_db


def test_resident_id_checksum_known_value():
    # The GB 11643 standard's own example.
    validate_resident_id("11010519491231002X")
    with pytest.raises(ValidationError) as exc:
        validate_resident_id("110105194912310021")
    assert exc.value.messages == ["身份证号码校验位错误"]


def test_resident_id_format_and_birth_date():
    with pytest.raises(ValidationError) as exc:
        validate_resident_id("12345")
    assert exc.value.messages == ["身份证号码应为18位（前17位为数字，末位为数字或X）"]
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(make_resident_id("11010119901332123"))
    assert exc.value.messages == ["身份证号码中的出生日期无效"]


def test_credit_code_checksum():
    code = make_credit_code("91350100M000100Y4")
    validate_credit_code(code)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(wrong)
    assert exc.value.messages == ["统一社会信用代码校验位错误"]
    with pytest.raises(ValidationError) as exc:
        validate_credit_code("91350100I000100Y4X")  # I is not in the alphabet
    assert "不含 I、O、Z、S、V" in exc.value.messages[0]


def test_register_person_derives_birth_date_and_reuses_existing(w):
    number = make_resident_id("11010120100615001")
    party, created = services.register_party(
        by=w.a,
        kind="person",
        name="王小明",
        id_type="resident_id",
        id_number=number.lower(),
        birth_date=date(1999, 1, 1),
    )
    assert created and party.birth_date == date(2010, 6, 15)  # from the number, not the form
    again, created = services.register_party(
        by=w.b, kind="person", name="别名", id_type="resident_id", id_number=number
    )
    assert not created and again.pk == party.pk and again.name == "王小明"


def test_register_refuses_bad_checksum_and_nothing_is_written(w):
    before = Party.objects.count()
    with pytest.raises(DomainError) as exc:
        services.register_party(
            by=w.a, kind="person", name="甲", id_type="resident_id", id_number="110105194912310021"
        )
    assert str(exc.value) == "身份证号码校验位错误"
    with pytest.raises(DomainError) as exc:
        services.register_party(
            by=w.a,
            kind="organisation",
            name="乙公司",
            id_type="resident_id",
            id_number=resident_id(),
        )
    assert str(exc.value) == "法人或其他组织应登记统一社会信用代码"
    with pytest.raises(DomainError):
        services.register_party(
            by=w.a, kind="person", name="丙\x00", id_type="passport", id_number="E123"
        )
    assert Party.objects.count() == before


def test_masked_display():
    assert mask("11010519491231002X") == "110***********002X"
    assert Party(id_number=make_credit_code("91350100M000100Y4")).masked_id_number.startswith("913")


def test_unmasked_view_is_audited_and_only_for_those_who_need_it(w):
    case = filed(w)
    party = case.primary_party
    n = AuditEvent.objects.filter(action="cases.party.id_revealed").count()
    assert services.reveal_id_number(party, by=w.a) == party.id_number  # assigned officer
    assert services.reveal_id_number(party, by=w.supervisor) == party.id_number
    assert AuditEvent.objects.filter(action="cases.party.id_revealed").count() == n + 2
    event = AuditEvent.objects.filter(action="cases.party.id_revealed").last()
    assert event.actor_id == w.supervisor.pk and event.data["masked"] == party.masked_id_number
    with pytest.raises(PermissionDenied):
        services.reveal_id_number(party, by=w.c)  # same agency, not assigned
    with pytest.raises(PermissionDenied):
        services.reveal_id_number(party, by=w.outsider)
    assert AuditEvent.objects.filter(action="cases.party.id_revealed").count() == n + 2


def test_reveal_view_posts_and_shows_once(client, w):
    case = filed(w)
    party = case.primary_party
    client.force_login(w.a)
    page = client.get(f"/cases/parties/{party.pk}/")
    assert party.masked_id_number in page.content.decode()
    assert party.id_number not in page.content.decode()
    r = client.post(f"/cases/parties/{party.pk}/reveal/")
    assert r.status_code == 302
    assert party.id_number in client.get(f"/cases/parties/{party.pk}/").content.decode()
    assert party.id_number not in client.get(f"/cases/parties/{party.pk}/").content.decode()
    client.force_login(w.outsider)
    assert client.post(f"/cases/parties/{party.pk}/reveal/").status_code == 404


def _sanctioned(w, party, on, **kwargs):
    case = filed(
        w, party=party, act_date=on.replace(day=1), discovered_on=on.replace(day=2), **kwargs
    )
    Case.objects.filter(pk=case.pk).update(state=State.DECIDED, decided_on=on)
    return case


def test_r74_tiers(w):
    party = person(w.a)
    with clock.travel(date(2026, 3, 2)):
        assert selectors.supervision_tier(party).code == "remote"
        assert selectors.supervision_tier(party).label == "远程监管"
    _sanctioned(w, party, date(2026, 2, 10))
    tier = selectors.supervision_tier(party, today=date(2026, 3, 2))
    assert (tier.code, tier.label, tier.explanation) == ("near", "一般监管", "近3年有1次违法记录")
    _sanctioned(w, party, date(2026, 2, 20), place="另一地点")
    tier = selectors.supervision_tier(party, today=date(2026, 3, 2))
    assert tier.code == "close" and tier.label == "重点监管"
    # Three years later the record has aged out.
    assert selectors.supervision_tier(party, today=date(2029, 2, 21)).code == "remote"


def test_r74_one_serious_violation_is_close(w):
    party = person(w.a)
    _sanctioned(w, party, date(2026, 2, 10), safety_related=True)
    assert selectors.supervision_tier(party, today=date(2026, 3, 2)).code == "close"


def test_r74_party_page_shows_tier_and_only_visible_history(client, w):
    party = person(w.a)
    mine = filed(w, party=party)
    # The same party in another agency's case.
    other = services.register_lead(
        by=w.outsider, domain=mine.domain, source="complaint", title="另案", party=party
    )
    client.force_login(w.a)
    page = client.get(f"/cases/parties/{party.pk}/").content.decode()
    assert "远程监管" in page and mine.number in page
    assert f"/cases/{other.pk}/" not in page


def test_credit_code_registration(w):
    code = credit_code()
    party, created = services.register_party(
        by=w.a,
        kind="organisation",
        name="某公司",
        id_type="credit_code",
        id_number=code,
        legal_representative="赵六",
    )
    assert created and party.birth_date is None and party.id_number == code
