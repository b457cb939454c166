"""Suspension and termination (R-46), transfer and assistance (R-47), closing and the
read-only closed case (R-45)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from cases import closing, services, workflow
from cases.models import Approval, AssistanceRequest, Case, Correction, Evidence, Transfer
from cases.states import State
from core import clock
from core.errors import DomainError, RuleViolation, Verdict
from tests.cases.factories import filed, in_state, investigating

pytestmark = pytest.mark.django_db


def decided(w) -> Case:
    case = in_state(w, State.INVESTIGATION_CLOSED)
    for state in (State.PROPOSED, State.NOTIFIED, State.APPROVAL, State.DECIDED):
        case = workflow.transition(case, state, by=w.supervisor)
    return case


# --- R-46 ---------------------------------------------------------------------------------
def test_r46_only_a_case_under_investigation_can_be_suspended(w):
    case = filed(w)
    with pytest.raises(RuleViolation) as exc:
        services.request_suspension(case, by=w.a, ground="party_missing", reasons="下落不明")
    assert str(exc.value) == "R-46: 只有调查中的案件可以中止调查（当前状态：已立案）"
    assert not Approval.objects.filter(case=case, kind="suspension").exists()


def test_r46_suspension_needs_a_legal_ground_and_head_approval(w):
    case = investigating(w)
    with pytest.raises(RuleViolation) as exc:
        services.request_suspension(case, by=w.a, ground="whim", reasons="x")
    assert str(exc.value) == "R-46: 须选择法定事由"
    approval = services.request_suspension(case, by=w.a, ground="party_missing", reasons="下落不明")
    with pytest.raises(RuleViolation) as exc:
        services.decide_suspension(approval, by=w.a, approve=True)
    assert str(exc.value) == "R-46: 中止调查须经本机关负责人批准，您不是本机关负责人"
    assert Case.objects.get(pk=case.pk).state == State.INVESTIGATING
    services.decide_suspension(approval, by=w.supervisor, approve=True)
    case.refresh_from_db()
    assert case.state == State.SUSPENDED
    assert case.excluded_periods.get().kind == "suspension"
    event = AuditEvent.objects.filter(case_id=case.pk, action="cases.case.suspended").get()
    assert event.data["ground"] == "party_missing"


def test_r46_termination_with_approval_and_never_after_a_decision(w):
    case = investigating(w)
    approval = services.request_termination(
        case, by=w.a, ground="person_died", reasons="当事人死亡"
    )
    services.decide_termination(approval, by=w.supervisor, approve=True)
    assert Case.objects.get(pk=case.pk).state == State.TERMINATED
    done = decided(w)
    with pytest.raises(RuleViolation) as exc:
        services.request_termination(done, by=w.a, ground="person_died", reasons="x")
    assert str(exc.value) == "R-46: 案件已作出决定，不得终止调查"
    assert Case.objects.get(pk=done.pk).state == State.DECIDED


def test_r46_decision_taken_while_termination_pending_blocks_it(w):
    case = investigating(w)
    approval = services.request_termination(
        case, by=w.a, ground="person_died", reasons="当事人死亡"
    )
    Case.objects.filter(pk=case.pk).update(decided_on=clock.today())
    with pytest.raises(RuleViolation) as exc:
        services.decide_termination(approval, by=w.supervisor, approve=True)
    assert str(exc.value) == "R-46: 案件已作出决定，不得终止调查"
    assert Approval.objects.get(pk=approval.pk).status == "pending"  # nothing half-written


# --- R-47 ---------------------------------------------------------------------------------
def test_r47_transfer_to_another_agency_with_reasons_and_receipt(w):
    case = investigating(w)
    with pytest.raises(RuleViolation) as exc:
        services.transfer_case(
            case, by=w.supervisor, kind="agency", reasons=" ", to_agency=w.other_agency
        )
    assert str(exc.value) == "R-47: 移送须说明理由"
    with pytest.raises(RuleViolation) as exc:
        services.transfer_case(
            case, by=w.a, kind="agency", reasons="不属本机关管辖", to_agency=w.other_agency
        )
    assert str(exc.value) == "R-47: 移送须经本机关负责人批准，您不是本机关负责人"
    transfer = services.transfer_case(
        case, by=w.supervisor, kind="agency", reasons="不属本机关管辖", to_agency=w.other_agency
    )
    assert Case.objects.get(pk=case.pk).state == State.TRANSFERRED
    # The receiving agency gets a referred lead it can see; we cannot see theirs.
    received = Case.objects.get(agency=w.other_agency, source="referral")
    assert received.state == State.LEAD and received.referring_body == w.agency.name
    assert Case.objects.visible_to(w.outsider).filter(pk=received.pk).exists()
    assert not Case.objects.visible_to(w.a).filter(pk=received.pk).exists()
    with pytest.raises(DomainError) as exc:
        services.record_transfer_receipt(
            transfer, by=w.a, receipt_on=clock.today() + timedelta(days=1), receipt_by="王五"
        )
    assert str(exc.value) == "回执日期不得晚于今天"
    services.record_transfer_receipt(
        transfer, by=w.a, receipt_on=clock.today(), receipt_by="王五", note="已签收"
    )
    transfer.refresh_from_db()
    assert transfer.receipt_by == "王五" and transfer.receipt_on == clock.today()


def test_r47_transfer_of_a_lead_to_judicial_organs(w):
    case = in_state(w, State.LEAD)
    with pytest.raises(RuleViolation) as exc:
        services.transfer_case(case, by=w.supervisor, kind="judicial", reasons="涉嫌犯罪")
    assert str(exc.value) == "R-47: 移送司法机关须填写接收的司法机关"
    services.transfer_case(
        case,
        by=w.supervisor,
        kind="judicial",
        reasons="涉嫌生产销售伪劣产品罪",
        to_body="测试市公安局",
    )
    assert Transfer.objects.get(case=case).to_body == "测试市公安局"


def test_r47_assistance_requests_and_refusal_with_reasons(w):
    case = investigating(w)
    with pytest.raises(RuleViolation) as exc:
        services.request_assistance(case, by=w.a, to_agency=w.other_agency, matter="")
    assert str(exc.value) == "R-47: 协助请求须写明协助事项"
    req = services.request_assistance(
        case, by=w.a, to_agency=w.other_agency, matter="协查当事人在贵辖区的进货记录"
    )
    with pytest.raises(DomainError) as exc:
        services.respond_assistance(req, by=w.supervisor, status="refused", response="")
    assert str(exc.value) == "只有被请求机关的人员可以答复协助请求"
    with pytest.raises(RuleViolation) as exc:
        services.respond_assistance(req, by=w.outsider_supervisor, status="refused", response="")
    assert str(exc.value) == "R-47: 拒绝协助须向请求机关说明理由"
    services.respond_assistance(
        req, by=w.outsider_supervisor, status="refused", response="该事项不属本机关职责"
    )
    req.refresh_from_db()
    assert req.status == "refused" and req.response == "该事项不属本机关职责"
    # The requesting agency sees the reasons on its case page.
    assert AssistanceRequest.objects.filter(case=case, response="该事项不属本机关职责").exists()


def test_r47_assistance_inbox_pages(client, w):
    case = investigating(w)
    req = services.request_assistance(case, by=w.a, to_agency=w.other_agency, matter="协查")
    client.force_login(w.outsider)
    assert "协查" in client.get("/cases/assistance/").content.decode()
    assert client.get(f"/cases/{case.pk}/").status_code == 404  # the case itself stays hidden
    r = client.post(
        f"/cases/assistance/{req.pk}/respond/", {"status": "accepted", "response": "同意"}
    )
    assert r.status_code == 302 and AssistanceRequest.objects.get(pk=req.pk).status == "accepted"
    client.force_login(w.a)
    assert (
        client.post(f"/cases/assistance/{req.pk}/respond/", {"status": "completed"}).status_code
        == 404
    )


# --- R-45 ---------------------------------------------------------------------------------
def test_r45_closing_refused_unless_closable(w):
    case = investigating(w)
    with pytest.raises(RuleViolation) as exc:
        services.request_closing(case, by=w.a, summary="结案")
    assert str(exc.value) == "R-45: 案件处于“调查取证”状态，不能结案"
    done = decided(w)
    with pytest.raises(RuleViolation) as exc:
        services.request_closing(done, by=w.a, summary="结案")
    assert str(exc.value) == "R-45: 案件处于“已决定”状态，不能结案"


def test_r45_closing_report_approved_by_the_head(w):
    case = in_state(w, State.TERMINATED)
    with pytest.raises(RuleViolation) as exc:
        services.request_closing(case, by=w.a, summary="")
    assert str(exc.value) == "R-45: 结案须提交结案报告"
    report = services.request_closing(case, by=w.a, summary="当事人死亡，终止调查，报请结案")
    assert report.outcome == "终止调查"
    with pytest.raises(RuleViolation) as exc:
        services.decide_closing(report.approval, by=w.a, approve=True)
    assert str(exc.value) == "R-45: 结案须经本机关负责人批准，您不是本机关负责人"
    services.decide_closing(report.approval, by=w.supervisor, approve=True)
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.closed_on == clock.today()


def test_r45_closing_hook_can_refuse(w):
    case = in_state(w, State.TERMINATED)

    def complete_file(c):
        return Verdict.refuse("R-48", "案卷缺少：结案审批表")

    closing.register_closing_check(complete_file)
    try:
        with pytest.raises(RuleViolation) as exc:
            services.request_closing(case, by=w.a, summary="报请结案")
        assert str(exc.value) == "R-48: 案卷缺少：结案审批表"
    finally:
        closing.unregister_closing_check(complete_file)


def test_r45_closed_case_is_read_only_for_every_service(w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = investigating(w)
    ev = services.add_evidence(
        case,
        by=w.a,
        type="documentary",
        title="进货单",
        collected_on=clock.today(),
        collectors=[w.a.officer, w.b.officer],
        method="复印",
        source="当事人",
    )
    approval = services.request_termination(case, by=w.a, ground="person_died", reasons="死亡")
    services.decide_termination(approval, by=w.supervisor, approve=True)
    report = services.request_closing(case, by=w.a, summary="结案")
    services.decide_closing(report.approval, by=w.supervisor, approve=True)
    case.refresh_from_db()
    version = case.version
    message = "R-45: 案件已结案，案卷只读，不得修改（法制监督机构可登记更正）"
    attempts = [
        lambda: services.update_case(case, by=w.a, expected_version=version, title="改"),
        lambda: services.add_evidence(
            case,
            by=w.a,
            type="physical",
            title="x",
            collected_on=clock.today(),
            collectors=[w.a.officer, w.b.officer],
            method="m",
            source="s",
        ),
        lambda: services.verify_evidence(ev, by=w.a),
        lambda: services.attach_file(ev, by=w.a, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4")),
        lambda: services.assign_officer(case, by=w.supervisor, officer=w.c.officer),
        lambda: services.end_assignment(case, by=w.supervisor, officer=w.a.officer, reason="x"),
        lambda: services.request_recusal(
            case, by=w.a, officer=w.b.officer, applicant="x", grounds="y"
        ),
        lambda: services.add_excluded_period(case, by=w.a, kind="hearing", start=clock.today()),
        lambda: services.request_time_extension(case, by=w.a, reasons="x"),
        lambda: services.create_record(
            case,
            by=w.a,
            kind="inquiry",
            held_on=clock.today(),
            place="p",
            subject_name="s",
            officers=[w.a.officer, w.b.officer],
            signature="signed",
            qa=[("q", "a")],
        ),
        lambda: services.transfer_case(
            case, by=w.supervisor, kind="judicial", reasons="x", to_body="公安"
        ),
        lambda: services.request_assistance(case, by=w.a, to_agency=w.other_agency, matter="x"),
        lambda: services.request_closing(case, by=w.a, summary="again"),
    ]
    for attempt in attempts:
        with pytest.raises(RuleViolation) as exc:
            attempt()
        assert str(exc.value) == message
    case.refresh_from_db()
    assert case.version == version and case.title == "销售过期食品"
    assert Evidence.objects.get(pk=ev.pk).state == "collected"


def test_r45_legal_office_records_corrections(w):
    case = in_state(w, State.CLOSED)
    with pytest.raises(RuleViolation) as exc:
        services.correct_closed_case(
            case, by=w.supervisor, field="place", new_value="人民路3号", reasons="笔误"
        )
    assert str(exc.value) == "R-45: 已结案案件只能由本机关法制监督机构登记更正"
    correction = services.correct_closed_case(
        case, by=w.legal, field="place", new_value="人民路3号", reasons="笔误"
    )
    case.refresh_from_db()
    assert case.place == "人民路3号" and correction.old_value == "测试市人民路2号"
    assert Correction.objects.count() == 1
    event = AuditEvent.objects.get(action="cases.case.corrected")
    assert event.before == {"place": "测试市人民路2号"} and event.after == {"place": "人民路3号"}


def test_withdraw_by_supervisor(w):
    case = filed(w)
    with pytest.raises(RuleViolation):
        services.withdraw_case(case, by=w.a, reasons="误立案")
    services.withdraw_case(case, by=w.supervisor, reasons="误立案")
    assert Case.objects.get(pk=case.pk).state == State.WITHDRAWN
