"""Assignment (R-01 at assignment, guardian object permissions), reassignment recorded,
recusal (R-04) decided by a supervisor before the officer acts again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from audit.models import AuditEvent
from cases import services
from cases.models import CaseOfficer, Evidence, Recusal
from core import clock
from core.errors import DomainError, RuleViolation
from tests.cases.factories import filed, investigating, lead
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def test_r01_assignment_checks_may_act_on_that_date(w):
    case = lead(w)
    off_post = OfficerFactory(agency=w.agency, status="study")
    with pytest.raises(RuleViolation) as exc:
        services.assign_officer(case, by=w.supervisor, officer=off_post)
    assert str(exc.value) == f"R-60: {off_post.name}离岗培训中，不得从事执法活动"
    expired = OfficerFactory(agency=w.agency)
    expired.certificates.update(expires_on=clock.today() - timedelta(days=1))
    with pytest.raises(RuleViolation) as exc:
        services.assign_officer(case, by=w.supervisor, officer=expired)
    assert exc.value.rule == "R-01" and "已于" in str(exc.value) and "过期" in str(exc.value)
    assert not CaseOfficer.objects.filter(case=case, officer__in=[off_post, expired]).exists()


def test_assignment_only_by_a_supervisor_of_the_agency_and_only_own_officers(w):
    case = lead(w)
    with pytest.raises(DomainError) as exc:
        services.assign_officer(case, by=w.a, officer=w.c.officer)
    assert "分派承办人员须由本机关负责人办理" in str(exc.value)
    with pytest.raises(DomainError) as exc:
        services.assign_officer(case, by=w.supervisor, officer=w.outsider.officer)
    assert str(exc.value) == "只能分派本机关执法人员"


def test_guardian_permissions_follow_assignment(w):
    case = lead(w)
    assert w.b.has_perm("cases.change_case", case)
    assert not w.c.has_perm("cases.change_case", case)
    services.reassign(
        case, by=w.supervisor, from_officer=w.b.officer, to_officer=w.c.officer, reason="工作调整"
    )
    # Fresh user objects: guardian caches per instance.
    from django.contrib.auth import get_user_model

    User = get_user_model()
    assert not User.objects.get(pk=w.b.pk).has_perm("cases.change_case", case)
    assert User.objects.get(pk=w.c.pk).has_perm("cases.change_case", case)
    ended = CaseOfficer.objects.get(case=case, officer=w.b.officer)
    assert not ended.active and ended.end_reason == "工作调整" and ended.ended_on == clock.today()
    assert AuditEvent.objects.filter(case_id=case.pk, action="cases.assignment.reassigned").exists()


def test_an_unassigned_officer_cannot_change_the_case(w):
    case = investigating(w)
    with pytest.raises(DomainError) as exc:
        services.close_investigation(case, by=w.c, summary="x")
    assert str(exc.value) == "权限: 您不是本案承办人员或本机关负责人，不能办理本案事项"


def test_lead_officer_changes(w):
    case = lead(w)
    assert case.lead_officer_id == w.a.officer.pk
    services.set_lead_officer(case, by=w.supervisor, officer=w.b.officer)
    case.refresh_from_db()
    assert case.lead_officer_id == w.b.officer.pk
    assert list(
        CaseOfficer.objects.filter(case=case, is_lead=True).values_list("officer_id", flat=True)
    ) == [w.b.officer.pk]


def _add_evidence(case, by, officers):
    return services.add_evidence(
        case,
        by=by,
        type="documentary",
        title="进货单",
        collected_on=clock.today(),
        collectors=officers,
        method="复印",
        source="当事人提供",
    )


def test_r04_recusal_blocks_the_officer_until_decided(w):
    case = investigating(w)
    recusal = services.request_recusal(
        case, by=w.b, officer=w.a.officer, applicant="张三", grounds="系当事人近亲属"
    )
    # The officer may neither record nor take part in any act.
    with pytest.raises(RuleViolation) as exc:
        _add_evidence(case, w.a, [w.a.officer, w.b.officer])
    assert (
        str(exc.value) == f"R-04: {w.a.officer.name}的回避申请尚未决定，决定前不得参与本案执法活动"
    )
    with pytest.raises(RuleViolation) as exc:
        _add_evidence(case, w.b, [w.a.officer, w.b.officer])
    assert exc.value.rule == "R-04"
    assert not Evidence.objects.filter(case=case).exists()
    # Only a supervisor decides.
    with pytest.raises(RuleViolation) as exc:
        services.decide_recusal(recusal, by=w.b, grant=False, reasons="x")
    assert str(exc.value) == "R-04: 回避申请须经本机关负责人批准，您不是本机关负责人"
    services.decide_recusal(recusal, by=w.supervisor, grant=False, reasons="理由不成立")
    _add_evidence(case, w.a, [w.a.officer, w.b.officer])  # acts again


def test_r04_granted_recusal_takes_the_officer_off_the_case(w):
    case = investigating(w)
    recusal = services.request_recusal(
        case, by=w.supervisor, officer=w.b.officer, applicant="张三", grounds="利害关系"
    )
    services.decide_recusal(recusal, by=w.supervisor, grant=True, reasons="理由成立")
    assert Recusal.objects.get(pk=recusal.pk).status == "granted"
    assert not CaseOfficer.objects.get(case=case, officer=w.b.officer).active
    with pytest.raises(RuleViolation) as exc:
        services.assign_officer(case, by=w.supervisor, officer=w.b.officer)
    assert str(exc.value) == f"R-04: {w.b.officer.name}已准予回避，不得分派本案"


def test_r04_recusal_request_is_recorded(w):
    case = filed(w)
    services.request_recusal(
        case, by=w.a, officer=w.b.officer, applicant="张三", grounds="利害关系"
    )
    event = AuditEvent.objects.filter(case_id=case.pk, action="cases.recusal.requested").get()
    assert event.data["grounds"] == "利害关系"
    with pytest.raises(DomainError) as exc:
        services.request_recusal(
            case, by=w.a, officer=w.b.officer, applicant="张三", grounds="再次"
        )
    assert str(exc.value) == f"对{w.b.officer.name}的回避申请尚未决定"
