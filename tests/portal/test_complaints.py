"""R-71 complaints and reports: tracking numbers, deadlines in working days, lookup by
number and code, the staff queue (other agencies' complaints are 404), responses, and the
conversion of a report to a lead (once). Every change audited."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from cases.models import Case
from core import clock, workdays
from core.errors import DomainError, RuleViolation
from core.roles import Role
from portal.models import Complaint, ComplaintAttachment, PortalSettings
from portal.services import complaints as svc
from tests.portal.factories import AgencyFactory, DomainFactory, officer

pytestmark = pytest.mark.django_db

START = date(2026, 9, 1)  # a Tuesday; 15 WD later, counting the National Day holiday
NEW = "/public/complaints/new/"
LOOKUP = "/public/complaints/lookup/"


@pytest.fixture(autouse=True)
def _today():
    with clock.travel(START):
        yield


@pytest.fixture
def agency():
    a = AgencyFactory()
    a.domains.add(DomainFactory())
    return a


def _submit(agency, **kwargs):
    fields = {"kind": Complaint.Kind.REPORT, "agency": agency, "description": "无证经营"}
    fields.update(kwargs)
    return svc.submit_complaint(**fields)


def _form(agency_, **kwargs):
    data = {
        "kind": "enforcement",
        "agency": str(agency_.pk),
        "description": "执法人员态度粗暴",
        "contact_name": "王先生",
        "contact_phone": "13800001111",
    }
    data.update(kwargs)
    return data


# --- Numbers and deadlines -------------------------------------------------------------------


def test_r71_tracking_numbers_are_unique_and_gap_free_per_year(agency):
    numbers = [_submit(agency).complaint.number for _ in range(3)]
    assert numbers == ["TS2026-000001", "TS2026-000002", "TS2026-000003"]
    with clock.travel(date(2027, 1, 4)):
        assert _submit(agency).complaint.number == "TS2027-000001"


def test_r71_a_refused_submission_uses_no_number(agency):
    _submit(agency)
    with pytest.raises(DomainError):
        _submit(agency, description="   ")
    with pytest.raises(DomainError):
        _submit(agency, attachments=[SimpleUploadedFile("x.exe", b"MZ\x90\x00binary")])
    assert _submit(agency).complaint.number == "TS2026-000002"


def test_r71_deadline_is_15_working_days_by_default(agency):
    complaint = _submit(agency).complaint
    assert complaint.received_on == START
    assert complaint.due_on == workdays.add_workdays(START, 15)
    # Across the National Day holiday (2026-10-01..08), 15 WD is well past 15 CD.
    with clock.travel(date(2026, 9, 28)):
        late = _submit(agency).complaint
    assert late.due_on == workdays.add_workdays(date(2026, 9, 28), 15)
    assert (late.due_on - date(2026, 9, 28)).days > 21


def test_r71_deadline_follows_the_agency_setting(agency):
    PortalSettings.objects.create(agency=agency, complaint_handling_wd=5)
    assert _submit(agency).complaint.due_on == workdays.add_workdays(START, 5)


def test_r71_submission_is_audited_as_the_public_without_contact_details(agency):
    complaint = _submit(agency, contact_name="王先生", contact_phone="13800001111").complaint
    event = AuditEvent.objects.get(action="portal.complaint.submitted")
    assert event.actor_name == "public" and event.agency_id == agency.pk
    assert event.data["number"] == complaint.number
    assert "13800001111" not in str(event.data) and "王先生" not in str(event.data)


def test_r71_officer_named_by_certificate_number_is_matched(agency):
    o = officer(agency)
    complaint = _submit(
        agency, kind=Complaint.Kind.OFFICER, officer_ref=o.certificates.first().number
    ).complaint
    assert complaint.officer == o


# --- Public form, receipt and lookup -------------------------------------------------------------


def test_r71_form_gives_number_and_code_once(client, agency):
    resp = client.post(NEW, _form(agency))
    assert resp.status_code == 302 and resp["Location"] == "/public/complaints/submitted/"
    page = client.get("/public/complaints/submitted/").content.decode()
    number = re.search(r"TS2026-\d{6}", page).group(0)
    code = re.search(r"查询码：<strong>([A-Z0-9]{8})</strong>", page).group(1)
    complaint = Complaint.objects.get(number=number)
    assert complaint.due_on.strftime("%Y-%m-%d") in page
    assert code not in complaint.verify_digest
    # Shown once: the receipt is gone from the session.
    again = client.get("/public/complaints/submitted/")
    assert again.status_code == 302
    # And the lookup works with it.
    found = client.post(LOOKUP, {"number": number.lower(), "code": code.lower()})
    assert "执法人员态度粗暴" not in found.content.decode()  # the page shows status, not text
    assert complaint.get_status_display() in found.content.decode()


def test_r71_lookup_needs_the_code(client, agency):
    submitted = _submit(agency)
    number = submitted.complaint.number
    wrong = client.post(LOOKUP, {"number": number, "code": "AAAAAAAA"})
    assert "受理编号或查询码不正确" in wrong.content.decode()
    assert submitted.complaint.agency.name not in wrong.content.decode()
    unknown = client.post(LOOKUP, {"number": "TS2026-999999", "code": submitted.code})
    assert "受理编号或查询码不正确" in unknown.content.decode()
    assert svc.lookup(number, submitted.code) == submitted.complaint
    assert svc.lookup(number, "") is None


def test_r71_lookup_shows_the_response_once_answered(client, agency):
    legal = officer(agency, role=Role.LEGAL_OFFICE).user
    submitted = _submit(agency)
    svc.respond(submitted.complaint, by=legal, response="经核查，已立案调查。")
    html = client.post(
        LOOKUP, {"number": submitted.complaint.number, "code": submitted.code}
    ).content.decode()
    assert "已答复" in html and "经核查，已立案调查。" in html


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"kind": ""}, "请选择投诉举报类别"),
        ({"kind": "other"}, "选择一个有效的选项"),
        ({"agency": "abc"}, "请选择列表中的执法机关"),
        ({"agency": "99999999999999999999999"}, "请选择列表中的执法机关"),
        ({"description": ""}, "请描述投诉或举报的事项"),
        ({"description": "有\x00空字符"}, "空字符"),
        ({"contact_phone": "call me"}, "请填写有效的电话号码"),
        ({"kind": "officer", "officer_ref": ""}, "请填写执法人员姓名或执法证号"),
        ({"description": "长" * 5001}, "5000"),
    ],
)
def test_r71_bad_input_translated_errors_nothing_saved(client, agency, bad, message):
    resp = client.post(NEW, _form(agency, **bad))
    assert resp.status_code == 200
    assert message in resp.content.decode()
    assert not Complaint.objects.exists()


def test_r71_attachment_checked_by_content(client, agency):
    fake_pdf = SimpleUploadedFile(
        "scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    resp = client.post(NEW, {**_form(agency), "attachments": fake_pdf})
    assert "附件类型不在允许范围内" in resp.content.decode()
    assert not Complaint.objects.exists()
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    resp = client.post(NEW, {**_form(agency), "attachments": png})
    assert resp.status_code == 302
    att = ComplaintAttachment.objects.get()
    assert att.content_type == "image/png" and att.original_name == "photo.png"


def test_r71_attachment_size_limit(client, agency, settings):
    settings.PORTAL_ATTACHMENT_MAX_BYTES = 50
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 100)
    resp = client.post(NEW, {**_form(agency), "attachments": big})
    assert "附件超过大小上限" in resp.content.decode()
    assert not Complaint.objects.exists()


def test_r71_submissions_and_lookups_are_rate_limited(client, agency, settings):
    settings.PORTAL_RATE_LIMITS = {"complaint_submit": (2, 3600), "complaint_lookup": (2, 600)}
    assert client.post(NEW, _form(agency)).status_code == 302
    assert client.post(NEW, _form(agency)).status_code == 302
    resp = client.post(NEW, _form(agency))
    assert resp.status_code == 429 and "操作过于频繁" in resp.content.decode()
    assert Complaint.objects.count() == 2
    for _ in range(2):
        client.post(LOOKUP, {"number": "TS2026-000001", "code": "AAAAAAAA"})
    assert client.post(LOOKUP, {"number": "TS2026-000001", "code": "AAAAAAAA"}).status_code == 429


# --- Staff side ------------------------------------------------------------------------------


@pytest.fixture
def staff(agency):
    return {
        "legal": officer(agency, role=Role.LEGAL_OFFICE).user,
        "handler": officer(agency).user,
        "other": officer(agency).user,
        "outsider_legal": officer(AgencyFactory(), role=Role.LEGAL_OFFICE).user,
    }


def test_r71_queue_shows_own_agency_only_other_agency_complaint_is_404(client, agency, staff):
    mine = _submit(agency).complaint
    theirs = _submit(AgencyFactory()).complaint
    client.force_login(staff["legal"])
    html = client.get("/public/staff/complaints/").content.decode()
    assert mine.number in html and theirs.number not in html
    assert client.get(f"/public/staff/complaints/{mine.pk}/").status_code == 200
    assert client.get(f"/public/staff/complaints/{theirs.pk}/").status_code == 404
    assert (
        client.post(f"/public/staff/complaints/{theirs.pk}/respond/", {"response": "x"}).status_code
        == 404
    )
    client.force_login(staff["other"])  # an officer not assigned
    assert client.get(f"/public/staff/complaints/{mine.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/public/staff/complaints/{mine.pk}/").status_code == 302  # to login


def test_r71_staff_reading_a_complaint_is_audited(client, agency, staff):
    mine = _submit(agency).complaint
    client.force_login(staff["legal"])
    html = client.get(f"/public/staff/complaints/{mine.pk}/").content.decode()
    assert "无证经营" in html
    assert AuditEvent.objects.filter(
        action="portal.complaint.viewed", actor_id=staff["legal"].pk
    ).exists()


def test_r71_assign_and_respond_audited_and_overdue_flagged(client, agency, staff):
    complaint = _submit(agency).complaint
    handler = staff["handler"].officer
    client.force_login(staff["legal"])
    resp = client.post(f"/public/staff/complaints/{complaint.pk}/assign/", {"assignee": handler.pk})
    assert resp.status_code == 302
    complaint.refresh_from_db()
    assert (
        complaint.status == Complaint.Status.ASSIGNED and complaint.assigned_to == staff["handler"]
    )
    # The handler sees it, and it is overdue after the deadline.
    with clock.travel(workdays.add_workdays(START, 16)):
        client.force_login(staff["handler"])
        html = client.get("/public/staff/complaints/").content.decode()
        assert complaint.number in html and "已超期" in html
        assert complaint in svc.queue(staff["legal"], overdue=True)
        resp = client.post(
            f"/public/staff/complaints/{complaint.pk}/respond/", {"response": "已核实并整改。"}
        )
        assert resp.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.ANSWERED and not complaint.answered_in_time
    actions = list(
        AuditEvent.objects.filter(action__startswith="portal.complaint.").values_list(
            "action", flat=True
        )
    )
    assert "portal.complaint.assigned" in actions and "portal.complaint.answered" in actions
    answered = AuditEvent.objects.get(action="portal.complaint.answered")
    assert answered.data["late"] is True
    with pytest.raises(RuleViolation, match="已答复办结"):
        svc.respond(complaint, by=staff["legal"], response="again")


def test_r71_complaint_about_an_officer_is_never_assigned_to_that_officer(agency, staff):
    target = staff["handler"].officer
    complaint = _submit(
        agency, kind=Complaint.Kind.OFFICER, officer_ref=target.certificates.first().number
    ).complaint
    assert target not in svc.assignable(complaint)
    with pytest.raises(RuleViolation) as exc:
        svc.assign(complaint, by=staff["legal"], assignee=target)
    assert str(exc.value) == "R-71: 不得将投诉交由被投诉的执法人员本人办理"
    complaint.refresh_from_db()
    assert complaint.assigned_to is None


def test_r71_only_the_legal_office_assigns(agency, staff):
    complaint = _submit(agency).complaint
    with pytest.raises(RuleViolation, match="法制监督机构分派"):
        svc.assign(complaint, by=staff["other"], assignee=staff["handler"].officer)
    with pytest.raises(RuleViolation):
        svc.assign(complaint, by=staff["outsider_legal"], assignee=staff["handler"].officer)


def test_r71_report_becomes_a_lead_once(client, agency, staff):
    complaint = _submit(agency, description="某超市销售过期食品").complaint
    domain = agency.domains.first()
    client.force_login(staff["legal"])
    resp = client.post(
        f"/public/staff/complaints/{complaint.pk}/convert/",
        {"domain": domain.pk, "title": "涉嫌销售过期食品", "violation_code": ""},
    )
    assert resp.status_code == 302
    complaint.refresh_from_db()
    lead = complaint.lead
    assert lead is not None and lead.source == Case.Source.COMPLAINT
    assert complaint.number in lead.source_detail and lead.facts == "某超市销售过期食品"
    assert resp["Location"] == f"/cases/{lead.pk}/"
    event = AuditEvent.objects.get(action="portal.complaint.converted")
    assert event.case_id == lead.pk
    # Once only.
    resp = client.post(
        f"/public/staff/complaints/{complaint.pk}/convert/",
        {"domain": domain.pk, "title": "再次转立"},
        follow=True,
    )
    assert "不得重复转为线索" in resp.content.decode()
    assert Case.objects.filter(source=Case.Source.COMPLAINT).count() == 1


def test_r71_only_reports_become_leads(agency, staff):
    complaint = _submit(agency, kind=Complaint.Kind.ENFORCEMENT).complaint
    verdict = svc.convert_verdict(complaint, staff["legal"])
    assert verdict.reasons == ["R-71: 只有违法行为举报可以转为线索"]
    with pytest.raises(RuleViolation):
        svc.convert_to_lead(complaint, by=staff["legal"], domain=agency.domains.first(), title="x")
    assert not Case.objects.exists()


def test_r71_staff_bad_input_translated_nothing_changed(client, agency, staff):
    complaint = _submit(agency).complaint
    client.force_login(staff["legal"])
    resp = client.post(f"/public/staff/complaints/{complaint.pk}/respond/", {"response": "a\x00b"})
    assert resp.status_code == 400 and "空字符" in resp.content.decode()
    resp = client.post(f"/public/staff/complaints/{complaint.pk}/assign/", {"assignee": "zz"})
    assert resp.status_code == 400
    resp = client.post(
        f"/public/staff/complaints/{complaint.pk}/assign/",
        {"assignee": staff["outsider_legal"].officer.pk},
    )
    assert resp.status_code == 400
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED and complaint.response == ""
    assert client.get("/public/staff/complaints/?status=%00&overdue=maybe").status_code == 200
    assert client.get("/public/staff/complaints/99999999999999999999/").status_code == 404


def test_r71_attachment_download_checked_and_audited(client, agency, staff):
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"1" * 64)
    complaint = _submit(agency, attachments=[png]).complaint
    att = complaint.attachments.get()
    url = f"/public/staff/complaints/{complaint.pk}/attachments/{att.pk}/"
    client.force_login(staff["outsider_legal"])
    assert client.get(url).status_code == 404
    client.force_login(staff["legal"])
    resp = client.get(url)
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content).startswith(b"\x89PNG")
    assert AuditEvent.objects.filter(action="portal.complaint.attachment_downloaded").exists()


def test_r71_home_panel_counts_open_and_overdue(client, agency, staff):
    _submit(agency)
    client.force_login(staff["legal"])
    with clock.travel(workdays.add_workdays(START, 20)):
        html = client.get("/").content.decode()
    assert "投诉举报" in html and "已超期 1 件" in html
