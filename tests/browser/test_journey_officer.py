"""The officer's journey in a real browser (Chinese UI), from a lead to the decision.

张伟 logs in through the login form, registers a lead, the head (王强, in a second
browser) assigns a second officer (李娜) and approves the filing; 张伟 investigates
(evidence with an uploaded photo, verified; an inquiry record), closes the
investigation, enters the facts of a first minor offence and sees the engine recommend a
warning naming R-13; a fine is refused without written reasons (R-13); he proposes the
warning, issues the notice and records its service; the decision is refused with the
R-25 message naming the last day of the statement period. The clock then moves past the
period: he submits, the head approves, he issues the decision and downloads its PDF,
which carries the party's name in Chinese.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from cases.models import Case
from cases.states import State
from core import clock
from penalties.models import Decision
from tests.browser import support as s
from tests.browser.conftest import case_id_from, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png_bytes() -> bytes:
    """A small real PNG (a grey photo stand-in)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 180, 170)).save(buffer, format="PNG")
    return buffer.getvalue()


def click_action(page, label: str) -> None:
    """Open an action of a case/notice/decision page (a link styled as a button)."""
    page.get_by_role("link", name=label, exact=True).click()
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name=label, exact=True)).to_be_visible()


def said(page, text: str) -> None:
    """The page's flash message (after a redirect) says `text`."""
    from playwright.sync_api import expect

    expect(page.locator("ul.messages")).to_contain_text(text)


def submit(page, name: str = "提交") -> None:
    page.get_by_role("button", name=name, exact=True).click()


def test_officer_journey_from_lead_to_decision_pdf(open_session, tmp_path):
    """R-01, R-13, R-21, R-22, R-25, R-29 as the officer meets them, in the browser."""
    from playwright.sync_api import expect

    clock.set_today(s.START)
    w = s.build_agency()

    officer = open_session("officer")
    page = officer.page

    # --- Login (Chinese UI) --------------------------------------------------------------
    page.goto(officer.url("/login/"))
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    shot(page, "01-login")
    officer.login("zhangwei", s.PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", re.compile("zh"))
    # The live server runs in this process: the rules' clock moved here is its clock too.
    expect(page.locator(".page-head")).to_contain_text(f"今日 {s.START}")

    # --- Register a lead -----------------------------------------------------------------
    page.get_by_role("link", name="登记线索").first.click()
    expect(page.get_by_role("heading", name="登记线索")).to_be_visible()
    page.get_by_label("执法领域").select_option(label="食品安全")
    page.get_by_label("违法行为", exact=True).select_option(value=s.VIOLATION)
    page.get_by_label("线索来源").select_option(value=Case.Source.INSPECTION)
    page.get_by_label("案由").fill("安排未取得健康证明的人员从事食品分装")
    page.get_by_label("案情摘要").fill(
        "日常监督检查发现，当事人经营的熟食店安排一名未取得健康证明的人员从事熟食分装工作。"
    )
    page.get_by_label("违法行为地点").fill("滨江市江滨路88号")
    page.get_by_label("违法行为发生日期").fill("2026-08-20")
    page.get_by_label("发现日期").fill("2026-08-28")
    page.get_by_label("当事人").select_option(label=s.PARTY_NAME)
    submit(page)
    said(page, "已登记线索")
    case_id = case_id_from(page.url)
    case_url = officer.url(reverse("cases:case_detail", args=[case_id]))
    # Two officers are needed before filing: the page says so beside the action.
    expect(page.get_by_text("R-01").first).to_be_visible()

    # --- The head assigns a second officer and approves the filing (second browser) ----
    head = open_session("supervisor")
    head.login("wangqiang", s.PASSWORD)
    head.page.goto(case_url)
    click_action(head.page, "分派承办人员")
    head.page.get_by_label("执法人员").select_option(label=w.b.officer.name)
    submit(head.page)
    said(head.page, f"已分派 {w.b.officer.name}")

    page.goto(case_url)
    click_action(page, "提请立案")
    page.get_by_label("理由").fill("经现场核查，当事人涉嫌违法，需要给予行政处罚。")
    submit(page)
    said(page, "已提请立案，等待负责人审批")

    head.page.goto(case_url)
    click_action(head.page, "立案审批")
    head.page.locator('input[name="decision"][value="approve"]').check()
    head.page.get_by_label("审批意见").fill("同意立案")
    submit(head.page)
    said(head.page, "已批准立案，案件编号")

    # --- Investigation: evidence (uploaded, verified), inquiry record, close -------------
    page.goto(case_url)
    click_action(page, "开始调查")
    submit(page)
    said(page, "已开始调查")

    click_action(page, "登记证据")
    page.get_by_label("证据种类").select_option(value="site_record")
    page.get_by_label("证据名称").fill("分装间现场照片")
    page.get_by_label("证明内容").fill("一名员工在分装间分装熟食，未能出示健康证明")
    page.get_by_label("收集日期").fill("2026-09-01")
    for box in page.locator('input[name="collectors"]').all():
        box.check()
    page.get_by_label("收集方式").fill("现场拍照")
    page.get_by_label("证据来源").fill("执法人员现场拍摄")
    page.get_by_label("文件").set_input_files(
        files=[{"name": "现场照片.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    submit(page)
    said(page, "已登记证据 1")
    page.get_by_role("link", name="分装间现场照片").click()
    expect(page.get_by_role("link", name="现场照片.png")).to_be_visible()
    verify = page.locator("form").filter(has=page.get_by_role("heading", name="查证属实"))
    verify.get_by_label("审查说明").fill("照片与现场检查情况一致，查证属实")
    verify.get_by_role("button", name="提交").click()
    expect(page.get_by_text("已查证属实").first).to_be_visible()

    page.goto(case_url)
    click_action(page, "制作笔录")
    page.get_by_label("笔录种类").select_option(label="询问笔录")
    page.get_by_label("日期").fill("2026-09-01")
    page.get_by_label("地点").fill("滨江市市场监督管理局询问室")
    page.get_by_label("被询问人或现场负责人").fill(s.PARTY_NAME)
    page.get_by_label("身份").fill("经营者")
    for box in page.locator('input[name="officers"]').all():
        box.check()
    page.get_by_label("问答").fill(
        "问：该员工是否取得健康证明？\n答：没有，正在办理。\n"
        "问：以前是否因同类问题受过处罚？\n答：没有。"
    )
    page.get_by_label("签名情况", exact=True).select_option(label="已签名")
    submit(page)
    said(page, "已制作笔录")
    expect(page.get_by_role("link", name=f"询问笔录 2026-09-01 {s.PARTY_NAME}")).to_be_visible()

    click_action(page, "调查终结")
    page.get_by_label("理由").fill("违法事实清楚，证据确凿，调查终结。")
    submit(page)
    said(page, "调查已终结")
    shot(page, "03-case-page")

    # --- Proposal: the engine recommends a warning; a fine is refused -------------
    page.get_by_role("link", name="提出拟处罚意见").click()
    expect(page).to_have_url(
        officer.url(reverse("penalties:proposal", kwargs={"case_id": case_id}))
    )
    page.get_by_label("违法行为轻微", exact=True).check()
    page.get_by_label("危害后果", exact=True).select_option(value="small")
    rec = page.locator("#recommendation")
    expect(rec.locator('[data-outcome="warning"]')).to_be_visible()
    expect(rec).to_contain_text("警告")
    expect(rec.get_by_role("cell", name="R-13", exact=True)).to_be_visible()
    shot(page, "04-proposal-recommendation")

    page.locator('input[name="penalty_types"][value="fine"]').check()
    page.get_by_label("罚款金额（元）").fill("5000")
    page.get_by_label("罚款金额（元）").dispatch_event("change")
    expect(rec.locator('[data-check="departure"]')).to_be_visible()
    expect(rec).to_contain_text("R-13")
    submit(page, "提交拟处罚意见")
    refusal = page.get_by_role("alert").filter(has_text="R-13")
    expect(refusal).to_be_visible()
    assert Case.objects.get(pk=case_id).state == State.INVESTIGATION_CLOSED

    page.locator('input[name="penalty_types"][value="fine"]').uncheck()
    page.get_by_label("罚款金额（元）").fill("")
    page.locator('input[name="penalty_types"][value="warning"]').check()
    expect(rec.locator('[data-check="accepted"]')).to_be_visible()
    submit(page, "提交拟处罚意见")
    said(page, "已提出拟处罚意见")

    # --- Notice, its service, and the decision refused before the period ends (R-25) ---
    page.goto(case_url)
    page.get_by_role("link", name="告知、陈述申辩与听证").click()
    expect(page.get_by_role("heading", name=re.compile("告知、陈述申辩与听证"))).to_be_visible()
    click_action(page, "制作行政处罚告知书")
    submit(page, "制作行政处罚告知书")
    said(page, "已制作行政处罚告知书")
    click_action(page, "登记告知书送达")
    page.get_by_label("送达方式").select_option(label="直接送达")
    page.get_by_label("送达日期").fill(s.START.isoformat())
    page.get_by_label("受送达人/签收人").fill(s.PARTY_NAME)
    page.get_by_label("送达凭证").set_input_files(
        files=[{"name": "送达回证.pdf", "mimeType": "application/pdf", "buffer": PDF_SCAN}]
    )
    submit(page, "登记告知书送达")
    said(page, f"已登记送达；陈述申辩期至 {s.STATEMENT_ENDS} 届满")
    r25 = f"陈述申辩期至 {s.STATEMENT_ENDS} 届满，届满前不得作出处罚决定"
    gate = page.locator(".gate")
    expect(gate).to_contain_text("不得作出处罚决定")
    expect(gate).to_contain_text("R-25")
    expect(gate).to_contain_text(r25)
    shot(page, "05-notice-gate-r25")

    # The officer submits at once and tries to decide: refused, with R-25 and its date.
    page.goto(case_url)
    page.get_by_role("link", name="审核、审批与决定").click()
    click_action(page, "提交审核审批")
    submit(page, "提交审核审批")
    said(page, "已提交：")
    decide = page.locator(".action").filter(has_text="作出处罚决定")
    expect(decide.get_by_role("button", name="作出处罚决定")).to_be_disabled()
    expect(decide).to_contain_text(r25)
    page.goto(officer.url(f"/penalties/cases/{case_id}/decision/act/issue/"))
    expect(page.get_by_role("status")).to_contain_text(r25)
    expect(page.get_by_role("button", name="作出处罚决定")).to_have_count(0)
    assert not Decision.objects.filter(case_id=case_id).exists()

    # --- After the statement period: the head approves, the officer decides -------------
    clock.set_today(s.AFTER_PERIOD)
    head.page.get_by_role("navigation").get_by_role("link", name="审批").click()
    row = head.page.get_by_role("row").filter(has_text=s.PARTY_NAME)
    expect(row).to_contain_text("警告")
    expect(row).to_contain_text("告知程序已完成")
    row.get_by_role("link", name="审批").click()
    expect(head.page.get_by_role("heading", name=re.compile("处罚决定审批"))).to_be_visible()
    head.page.locator('input[name="decision"][value="approve"]').check()
    head.page.get_by_label("审批意见").fill("同意给予警告")
    head.page.get_by_role("button", name="提交审批意见").click()
    said(head.page, "已批准")

    page.get_by_role("link", name="返回审核、审批与决定").click()
    expect(page.get_by_text("可以作出决定", exact=True)).to_be_visible()
    click_action(page, "作出处罚决定")
    submit(page, "作出处罚决定")
    said(page, "已作出决定，")
    decision = Decision.objects.get(case_id=case_id)
    number = decision.document.number

    # --- The decision PDF, downloaded in the browser, names the party in Chinese ---------
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=decision.document.title)).to_be_visible()
    download_link = page.get_by_role("link", name="下载").first
    expect(download_link).to_be_visible()
    with page.expect_download() as info:
        download_link.click()
    pdf = tmp_path / "decision.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    assert s.PARTY_NAME in text, text[:500]
    assert "警告" in text and number in text
    pdf_screenshot(pdf, "07-decision-pdf")

    # --- The workspace lists the case with what comes next ------------------------------
    page.get_by_role("navigation").get_by_role("link", name="工作台").click()
    case = Case.objects.get(pk=case_id)
    workspace_row = page.get_by_role("row").filter(has_text=case.display_number)
    expect(workspace_row).to_contain_text(case.get_state_display())
    expect(page.locator(".page-head")).to_contain_text(f"今日 {s.AFTER_PERIOD}")
    shot(page, "02-officer-workspace")


PDF_SCAN = b"%PDF-1.4\n% signed receipt scan\n%%EOF\n"


def pdf_text(path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    result = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def pdf_screenshot(path, name: str) -> None:
    """The first page of the PDF as a PNG in docs/screenshots (SCREENSHOTS=1)."""
    from tests.browser.conftest import SCREENSHOT_DIR, screenshots_on

    if not screenshots_on():
        return
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("needs pdftoppm (poppler-utils)")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [tool, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path),
         str(SCREENSHOT_DIR / name)],
        check=True,
    )  # fmt: skip
