"""The head's (负责人) journey in a real browser: the approval queue, a proposal with the
engine's reasons, an approval; and a case he proposed himself, which he may not approve
(R-29, four eyes)."""

from __future__ import annotations

import re

import pytest

from cases.states import State
from core import clock
from penalties.models import DecisionApproval
from tests.browser import support as s
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWN_PROPOSAL = "您是本案拟处罚意见的提出人，不得审批本案处罚决定"


def test_supervisor_journey_approves_and_r29_refuses_own_proposal(open_session):
    """R-29: the head approves the officer's proposal; his own proposal he cannot."""
    from playwright.sync_api import expect

    clock.set_today(s.START)
    w = s.build_agency()
    theirs = s.at_approval(w, title="安排未取得健康证明的人员从事分装", place="滨江市江滨路88号")
    own = s.at_approval(
        w,
        title="安排未取得健康证明的人员从事销售",
        place="滨江市江滨路90号",
        proposer=w.supervisor,
    )
    clock.set_today(s.AFTER_PERIOD)

    head = open_session("supervisor")
    page = head.page
    head.login("wangqiang", s.PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="审批").click()
    expect(page.get_by_role("heading", name=re.compile("处罚决定审批"))).to_be_visible()
    row_theirs = page.get_by_role("row").filter(has_text=theirs.display_number)
    row_own = page.get_by_role("row").filter(has_text=own.display_number)
    for row in (row_theirs, row_own):
        expect(row).to_contain_text(s.PARTY_NAME)
        expect(row).to_contain_text("警告")
        expect(row).to_contain_text("符合裁量建议")
        expect(row).to_contain_text("告知程序已完成")
    expect(row_own).to_contain_text("您须回避审批")
    expect(row_theirs).not_to_contain_text("您须回避审批")
    shot(page, "06-approval-queue")

    # The officer's proposal, with the engine's recommendation and its reasons.
    row_theirs.get_by_role("link", name="审批").click()
    expect(page.get_by_role("heading", name=re.compile(theirs.display_number))).to_be_visible()
    summary = page.locator("section").filter(
        has=page.get_by_role("heading", name="拟处罚意见", exact=True)
    )
    expect(summary).to_contain_text("警告")
    expect(summary).to_contain_text(w.a.officer.name)  # the proposer
    expect(summary.locator('[data-outcome="warning"]')).to_be_visible()
    expect(summary.get_by_role("cell", name="R-13", exact=True)).to_be_visible()
    expect(summary).to_contain_text("《行政处罚法》第三十三条第一款")
    expect(page.locator(".gate")).to_contain_text("可以作出处罚决定")
    page.locator('input[name="decision"][value="approve"]').check()
    page.get_by_label("审批意见").fill("同意给予警告")
    page.get_by_role("button", name="提交审批意见").click()
    expect(page.locator("ul.messages")).to_contain_text("已批准")
    expect(page.get_by_role("heading", name=re.compile("审核、审批与决定"))).to_be_visible()
    expect(page.get_by_text("可以作出决定", exact=True)).to_be_visible()
    approval = DecisionApproval.objects.get(case=theirs)
    assert approval.status == DecisionApproval.Status.APPROVED
    assert approval.approver_id == w.supervisor.pk

    # His own proposal: the approval page says why, and offers no form.
    page.get_by_role("navigation").get_by_role("link", name="审批").click()
    expect(page.get_by_role("row").filter(has_text=theirs.display_number)).to_have_count(0)
    page.get_by_role("row").filter(has_text=own.display_number).get_by_role(
        "link", name="审批"
    ).click()
    expect(page.get_by_role("heading", name=re.compile(own.display_number))).to_be_visible()
    refusal = page.get_by_role("status").filter(has_text=OWN_PROPOSAL)
    expect(refusal.first).to_be_visible()
    expect(refusal.first).to_contain_text("R-29")
    expect(page.get_by_role("button", name="提交审批意见")).to_have_count(0)
    pending = DecisionApproval.objects.get(case=own)
    assert pending.status == DecisionApproval.Status.PENDING
    assert pending.case.state == State.APPROVAL
