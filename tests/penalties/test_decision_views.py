"""Pages of the review, approval, decision, publication and summary procedure: who sees
what (outsiders 404), the disabled action with the guard's reasons, the UI paths of the
rules (R-25 via the gate, R-28, R-29, R-38, R-39, R-20), bad input without a 500."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.states import State
from core import clock
from core.roles import Role
from penalties.models import Decision, DecisionApproval, LegalReview, Publication, SummaryProcedure
from penalties.services import reviews
from penalties.services import summary as summary_svc
from tests.cases.factories import person, resident_id
from tests.factories import OfficerFactory
from tests.penalties.decision_support import (
    AFTER_PERIOD,
    START,
    approved,
    at_approval,
    decided,
    dworld,
    notified,
    pdf,
    reload,
    served,
)
from tests.penalties.factories import ViolationTypeFactory, fixed_statute

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dw():
    with clock.travel(AFTER_PERIOD):
        return dworld()


@pytest.fixture
def dw_review():
    with clock.travel(AFTER_PERIOD):
        return dworld(needs_review=True)


def _client(client, user):
    client.force_login(user)
    return client


def test_decision_page_shows_gate_reasons_beside_disabled_issue_button(dw, client):
    """R-25 on the UI path: the button is disabled with the gate's message, and a POST
    is refused with the same message, nothing issued."""
    case = notified(dw)
    day = START + timedelta(days=2)
    with clock.travel(day):
        reviews.submit_for_decision(case, by=dw.a)
        reviews.decide_approval(
            reviews.pending_approval(case), by=dw.supervisor, approve=True, reasons="同意"
        )
        c = _client(client, dw.a)
        url = reverse("penalties:decision_page", args=[case.pk])
        html = c.get(url).content.decode()
        assert "R-25: 陈述申辩期至 2026-09-08 届满，届满前不得作出处罚决定" in html
        assert '<button type="button" disabled>作出处罚决定</button>' in html
        action = reverse("penalties:decision_action", args=[case.pk, "issue"])
        resp = c.post(action, {}, follow=True)
    assert resp.status_code == 200
    assert "R-25: 陈述申辩期至 2026-09-08 届满，届满前不得作出处罚决定" in resp.content.decode()
    assert not Decision.objects.filter(case=case).exists()
    assert reload(case).state == State.APPROVAL


def test_issue_and_serve_through_the_pages(dw, client):
    case = approved(dw)
    c = _client(client, dw.a)
    with clock.travel(AFTER_PERIOD):
        resp = c.post(reverse("penalties:decision_action", args=[case.pk, "issue"]), {})
        assert resp.status_code == 302
        assert reload(case).state == State.DECIDED
        serve = reverse("penalties:decision_action", args=[case.pk, "serve"])
        assert c.get(serve).status_code == 200
        bad = c.post(serve, {"method": "direct", "served_on": "not-a-date", "recipient": "张三"})
        assert bad.status_code == 200 and "送达日期" in bad.content.decode()
        resp = c.post(
            serve,
            {
                "method": "direct",
                "served_on": AFTER_PERIOD.isoformat(),
                "recipient": "张三",
                "proof": pdf(),
            },
        )
        assert resp.status_code == 302
    assert reload(case).state == State.SERVED
    html = c.get(reverse("penalties:decision_page", args=[case.pk])).content.decode()
    assert "缴款期限" in html


def test_case_page_shows_decision_card(dw, client):
    case, decision = decided(dw)
    html = _client(client, dw.a).get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "审核、审批与决定" in html
    assert decision.document.number in html


def test_outsiders_get_404(dw, client):
    case, decision = decided(dw)
    c = _client(client, dw.outsider)
    assert c.get(reverse("penalties:decision_page", args=[case.pk])).status_code == 404
    assert c.get(reverse("penalties:decision_action", args=[case.pk, "serve"])).status_code == 404
    assert c.get(reverse("penalties:decision_page", args=[2**63])).status_code == 404
    assert c.get(reverse("penalties:decision_action", args=[case.pk, "nope"])).status_code == 404
    c = _client(client, dw.outsider_supervisor)
    assert c.get(reverse("penalties:approval_queue")).status_code == 200
    assert c.get(reverse("penalties:approval_page", args=[decision.approval.pk])).status_code == 404
    c = _client(client, dw.a)
    assert c.get(reverse("penalties:approval_queue")).status_code == 404
    assert c.get(reverse("penalties:review_queue")).status_code == 404
    assert c.get(reverse("penalties:publication_queue")).status_code == 404


def test_r28_review_through_the_checklist_page(dw_review, client):
    dw = dw_review
    case = notified(dw)
    with clock.travel(AFTER_PERIOD):
        reviews.submit_for_decision(case, by=dw.a)
    review = reviews.pending_review(case)
    c = _client(client, dw.reviewer)
    with clock.travel(AFTER_PERIOD):
        queue = c.get(reverse("penalties:review_queue")).content.decode()
        assert case.display_number in queue and "违法行为须经法制审核" in queue
        url = reverse("penalties:review_page", args=[review.pk])
        page = c.get(url).content.decode()
        assert "执法主体是否合法、是否具有管辖权" in page and "是否涉嫌犯罪需要移送司法机关" in page
        data = {f"item_{i.value}": "ok" for i in LegalReview.Item}
        data.pop("item_evidence")
        data.update({"opinion": "同意", "result": "passed"})
        resp = c.post(url, data)
        assert resp.status_code == 200  # a missing item: form error, nothing written
        assert reload(review).status == LegalReview.Status.PENDING
        data["item_evidence"] = "ok"
        resp = c.post(url, data)
        assert resp.status_code == 302
    assert reload(review).status == LegalReview.Status.PASSED
    assert reload(case).state == State.APPROVAL
    # another legal reviewer without a qualification: shown why he cannot review
    assert _client(client, dw.reviewer_unqualified).get(url).status_code == 404  # no longer queued


def test_r29_approval_page_shows_what_the_approver_needs_and_approves(dw, client):
    case = at_approval(dw)
    approval = reviews.pending_approval(case)
    c = _client(client, dw.supervisor)
    with clock.travel(AFTER_PERIOD):
        queue = c.get(reverse("penalties:approval_queue")).content.decode()
        assert case.display_number in queue and "符合裁量建议" in queue
        url = reverse("penalties:approval_page", args=[approval.pk])
        page = c.get(url).content.decode()
        for text in (
            "拟处罚意见",
            "裁量建议",
            "适用规则及理由",
            "告知、陈述申辩与复核",
            "听证",
            "可以作出处罚决定",
        ):
            assert text in page, text
        resp = c.post(url, {"decision": "approve", "outcome": "penalty", "reasons": "同意"})
        assert resp.status_code == 302
        again = _client(client, dw.supervisor2).post(
            url, {"decision": "approve", "outcome": "penalty", "reasons": "同意"}, follow=True
        )
    assert "该审批已办结，无需重复审批" in again.content.decode()
    assert reload(approval).status == DecisionApproval.Status.APPROVED


def test_r29_investigator_supervisor_sees_why_he_may_not_approve(dw, client):
    case = at_approval(dw)
    proposal = case.proposals.get()
    type(proposal).objects.filter(pk=proposal.pk).update(proposed_by=dw.supervisor)
    url = reverse("penalties:approval_page", args=[reviews.pending_approval(case).pk])
    with clock.travel(AFTER_PERIOD):
        c = _client(client, dw.supervisor)
        html = c.get(url).content.decode()
        assert "R-29: 您是本案拟处罚意见的提出人，不得审批本案处罚决定" in html
        c.post(url, {"decision": "approve", "outcome": "penalty", "reasons": "同意"})
    assert reviews.pending_approval(case) is not None


def test_r39_publication_queue_and_publish(dw, client):
    office = OfficerFactory(agency=dw.agency, user__roles=[Role.LEGAL_OFFICE]).user
    case, decision = decided(dw)
    c = _client(client, office)
    pub = decision.publication
    with clock.travel(AFTER_PERIOD):
        html = c.get(reverse("penalties:publication_queue")).content.decode()
        assert "R-39: 处罚决定书尚未送达当事人，不得公示" in html
        resp = c.post(reverse("penalties:publication_publish", args=[pub.pk]), {"masked_text": "x"})
        assert resp.status_code == 200
    assert reload(pub).status == Publication.Status.WAITING_SERVICE
    case, decision = served(dw)
    pub = reload(decision.publication)
    with clock.travel(AFTER_PERIOD):
        resp = c.post(
            reverse("penalties:publication_publish", args=[pub.pk]),
            {"masked_text": pub.masked_text},
        )
    assert resp.status_code == 302
    assert reload(pub).status == Publication.Status.PUBLISHED
    outsider_office = OfficerFactory(agency=dw.other_agency, user__roles=[Role.LEGAL_OFFICE]).user
    resp = _client(client, outsider_office).get(
        reverse("penalties:publication_publish", args=[pub.pk])
    )
    assert resp.status_code == 404


def test_r20_summary_form(dw, client):
    day = date(2026, 9, 9)
    with clock.travel(day):
        vt = ViolationTypeFactory(code="SUM-500", name="测试违法行为", domain=dw.domain)
        fixed_statute(
            violation=vt,
            penalty_types=["warning", "fine"],
            fine_min=Decimal(0),
            fine_max=Decimal(500),
        )
        party = person(dw.a, id_number=resident_id(date(1980, 1, 1)))
        c = _client(client, dw.a)
        page = c.get(reverse("penalties:summary_new")).content.decode()
        assert "R-37：没有可用的预留决定书编号" in page
        resp = c.post(reverse("penalties:summary_list"), {"count": "2"})
        assert resp.status_code == 302
        first = summary_svc.reserved_numbers(dw.agency)[0].number
        data = {
            "partner": dw.b.officer.pk,
            "party": party.pk,
            "domain": dw.domain.pk,
            "violation_code": "SUM-500",
            "acted_at": f"{day.isoformat()}T09:30",
            "place": "测试市人民路2号门前",
            "facts_text": "占道经营",
            "facts_certain": "on",
            "harm": "general",
            "penalty_types": ["fine"],
            "fine": "200.01",
            "rights_notice": "已口头告知",
            "statement_waived": "on",
            "reserved_number": first,
        }
        resp = c.post(reverse("penalties:summary_new"), data)
        assert resp.status_code == 200
        assert "对公民罚款不得超过200元（拟罚款 200.01 元）" in resp.content.decode()
        data["fine"] = "200"
        with clock.travel(day):
            resp = c.post(reverse("penalties:summary_new"), data)
        assert resp.status_code == 302, resp.content.decode()[:3000]
    proc = SummaryProcedure.objects.get()
    assert proc.reserved_number == first and proc.fine == Decimal("200.00")
    detail = c.get(reverse("penalties:summary_detail", args=[proc.pk])).content.decode()
    assert first in detail and "备案期限" in detail
    assert (
        _client(client, dw.outsider)
        .get(reverse("penalties:summary_detail", args=[proc.pk]))
        .status_code
        == 404
    )
    with clock.travel(day):
        resp = _client(client, dw.supervisor).post(
            reverse("penalties:summary_file", args=[proc.pk]), {"note": "予以备案"}
        )
    assert resp.status_code == 302
    assert reload(proc).filed_on == day


def test_nul_bytes_are_a_form_error(dw, client):
    case = at_approval(dw)
    url = reverse("penalties:approval_page", args=[reviews.pending_approval(case).pk])
    with clock.travel(AFTER_PERIOD):
        resp = _client(client, dw.supervisor).post(
            url, {"decision": "return", "return_to": "investigation", "reasons": "a\x00b"}
        )
    assert resp.status_code == 200
    assert reviews.pending_approval(case) is not None


def test_home_panel_shows_the_work_of_each_role(dw, client):
    case = at_approval(dw)
    html = _client(client, dw.supervisor).get("/").content.decode()
    assert "审批、决定与当场处罚" in html and "待审批的处罚决定" in html
    assert reverse("penalties:approval_queue") in html
    html = _client(client, dw.a).get("/").content.decode()
    assert reverse("penalties:summary_new") in html
    assert case.pk
