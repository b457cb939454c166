"""Legal aid referrals (法律援助, R-73): the case side records that a party who may qualify
was told where to apply, or referred, with the centre and date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from cases import guards
from cases.models import Case, CaseParty, Party
from core import clock
from core.errors import DomainError, RuleViolation, Verdict
from portal.models import LegalAidReferral
from portal.services.common import clean_text, is_legal_office_of


def referral_verdict(case: Case, user: Any) -> Verdict:
    """Who may record a referral: the case's officers and supervisors (as for any write)
    and the agency's legal office; never on a closed case (R-45)."""
    verdict = guards.not_closed(case)
    if not (guards.can_change(case, user) or is_legal_office_of(user, case.agency_id)):
        verdict += Verdict.refuse(
            "R-73",  # the case's own staff record referrals
            _("只有本案承办人员、本机关负责人或法制监督机构可以登记法律援助转介"),
        )
    return verdict


def case_parties(case: Case) -> list[Party]:
    return [
        cp.party
        for cp in CaseParty.objects.filter(case_id=case.pk).select_related("party").order_by("pk")
    ]


@transaction.atomic
def record_referral(
    case: Case,
    *,
    by: Any,
    party: Party | None,
    referred_on: date,
    centre: str,
    note: str = "",
) -> LegalAidReferral:
    """R-73: record that a party was referred to legal aid."""
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    referral_verdict(case, by).raise_if_refused()
    if party is not None and party.pk not in {p.pk for p in case_parties(case)}:
        raise DomainError(_("所选当事人不是本案当事人"))
    if referred_on > clock.today():
        raise DomainError(_("转介日期不得晚于今天"))
    if referred_on < case.registered_on:
        raise DomainError(_("转介日期不得早于线索登记日期"))
    centre = clean_text(centre, required=True, label=_("法律援助机构"))
    note = clean_text(note, label=_("备注"))
    name = party.name if party is not None else (case.party_name or "")
    if not name:
        raise RuleViolation("R-73", _("请选择被转介的当事人"))
    referral = LegalAidReferral.objects.create(  # the referral is recorded
        case=case,
        party=party,
        party_name=name,
        referred_on=referred_on,
        centre=centre,
        note=note,
        by=by,
    )
    audit.record(
        "portal.legal_aid.referred",
        referral,
        by=by,
        case_id=case.pk,
        agency_id=case.agency_id,
        data={
            "party_id": party.pk if party else None,
            "centre": centre,
            "referred_on": referred_on,
        },
    )
    return referral


def referrals_of(case: Case) -> list[LegalAidReferral]:
    return list(LegalAidReferral.objects.filter(case_id=case.pk).select_related("by"))
