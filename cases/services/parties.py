"""Parties (当事人): registration with validated identifiers, and the audited unmasked
view of an identity number."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from cases import selectors
from cases.models import Case, CaseParty, Party, officer_of
from cases.services.common import check_version, clean_text, ensure_can_change, lock, save
from cases.validators import (
    birth_date_from_id,
    normalise_id,
    validate_credit_code,
    validate_resident_id,
)
from core import clock
from core.errors import DomainError, PermissionDenied

PARTY_FIELDS = ("name", "phone", "address", "legal_representative", "birth_date")


def validate_identity(kind: str, id_type: str, id_number: str) -> str:
    """The normalised number, or DomainError with the checksum problem."""
    number = normalise_id(id_number)
    if "\x00" in number:
        raise DomainError(_("证件号码含有非法字符（空字符）"))
    if kind not in Party.Kind.values:
        raise DomainError(_("当事人类型无效"))
    if id_type not in Party.IdType.values:
        raise DomainError(_("证件类型无效"))
    if kind == Party.Kind.ORGANISATION and id_type != Party.IdType.CREDIT_CODE:
        raise DomainError(_("法人或其他组织应登记统一社会信用代码"))
    if kind == Party.Kind.PERSON and id_type == Party.IdType.CREDIT_CODE:
        raise DomainError(_("自然人不能以统一社会信用代码登记"))
    if not number:
        raise DomainError(_("请填写证件号码"))
    try:
        if id_type == Party.IdType.RESIDENT_ID:
            validate_resident_id(number)
        elif id_type == Party.IdType.CREDIT_CODE:
            validate_credit_code(number)
        elif len(number) > 40:
            raise ValidationError(_("证件号码过长"))
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from None
    return number


@transaction.atomic
def register_party(
    *,
    by: Any,
    kind: str,
    name: str,
    id_type: str,
    id_number: str,
    birth_date: date | None = None,
    phone: str = "",
    address: str = "",
    legal_representative: str = "",
) -> tuple[Party, bool]:
    """Find the party by its identifier or register it; (party, created).

    One row per identifier across all agencies, so that R-11 and R-74 see the whole
    history. An existing party is returned unchanged (its details are edited apart)."""
    number = validate_identity(kind, id_type, id_number)
    name = clean_text(name, required=True, label=_("名称或姓名"))
    existing = Party.objects.filter(id_type=id_type, id_number=number).first()
    if existing is not None:
        return existing, False
    if id_type == Party.IdType.RESIDENT_ID:
        birth_date = birth_date_from_id(number)  # R-15 needs it; the number is authoritative
    if birth_date is not None and birth_date > clock.today():
        raise DomainError(_("出生日期不得晚于今天"))
    officer = officer_of(by)
    party = Party.objects.create(
        kind=kind,
        name=name,
        id_type=id_type,
        id_number=number,
        birth_date=birth_date if kind == Party.Kind.PERSON else None,
        phone=clean_text(phone, label=_("联系电话")),
        address=clean_text(address, label=_("地址")),
        legal_representative=clean_text(legal_representative, label=_("法定代表人")),
        registered_by=officer.agency if officer else None,
    )
    audit.record(
        "cases.party.registered",
        party,
        by=by,
        after={"kind": kind, "name": name, "id_type": id_type, "id_number": party.masked_id_number},
    )
    return party, True


@transaction.atomic
def update_party(party: Party, *, by: Any, **fields: Any) -> Party:
    """Edit contact details (not the identifier: a different number is another party)."""
    if not selectors.parties_visible_to(by).filter(pk=party.pk).exists():
        raise PermissionDenied(_("您无权修改该当事人信息"))
    party = Party.objects.select_for_update().get(pk=party.pk)
    before = audit.snapshot(party, [f for f in fields if f in PARTY_FIELDS])
    changed = []
    for name, value in fields.items():
        if name not in PARTY_FIELDS:
            continue
        if name == "birth_date":
            if party.id_type == Party.IdType.RESIDENT_ID:
                continue
            if value is not None and value > clock.today():
                raise DomainError(_("出生日期不得晚于今天"))
        else:
            value = clean_text(
                value, required=name == "name", label=str(Party._meta.get_field(name).verbose_name)
            )
        if getattr(party, name) != value:
            setattr(party, name, value)
            changed.append(name)
    if changed:
        party.save(update_fields=changed)
        audit.record(
            "cases.party.updated", party, by=by, before=before, after=audit.snapshot(party, changed)
        )
    return party


def reveal_id_number(party: Party, *, by: Any) -> str:
    """The full identity number, for those who need it; every call is an audit event."""
    if not selectors.may_reveal_identity(by, party):
        raise PermissionDenied(_("您无权查看该当事人的完整证件号码"))
    with transaction.atomic():
        audit.record(
            "cases.party.id_revealed",
            party,
            by=by,
            data={"id_type": party.id_type, "masked": party.masked_id_number},
        )
    return party.id_number


@transaction.atomic
def add_party_to_case(case: Case, *, by: Any, party: Party, primary: bool = True) -> CaseParty:
    case = lock(case)
    ensure_can_change(case, by)
    link, created = CaseParty.objects.get_or_create(
        case=case, party=party, defaults={"is_primary": primary}
    )
    if not created:
        raise DomainError(_("该当事人已是本案当事人"))
    if primary or case.primary_party_id is None:
        CaseParty.objects.filter(case=case).exclude(pk=link.pk).update(is_primary=False)
        link.is_primary = True
        link.save(update_fields=["is_primary"])
        case.primary_party = party
        case.party_name = party.name
        save(case, ["primary_party", "party_name"])
    audit.record(
        "cases.case.party_added", case, by=by, data={"party_id": party.pk, "name": party.name}
    )
    return link


@transaction.atomic
def remove_party_from_case(
    case: Case, *, by: Any, party: Party, expected_version: int | None = None
) -> None:
    case = lock(case)
    ensure_can_change(case, by)
    check_version(case, expected_version)
    if case.filed_on is not None:
        raise DomainError(_("已立案案件不能删除当事人"))
    CaseParty.objects.filter(case=case, party=party).delete()
    if case.primary_party_id == party.pk:
        nxt = CaseParty.objects.filter(case=case).select_related("party").first()
        case.primary_party = nxt.party if nxt else None
        case.party_name = nxt.party.name if nxt else ""
        if nxt:
            CaseParty.objects.filter(pk=nxt.pk).update(is_primary=True)
        save(case, ["primary_party", "party_name"])
    audit.record("cases.case.party_removed", case, by=by, data={"party_id": party.pk})
