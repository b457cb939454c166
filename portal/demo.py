"""Demo data for the portal (called by `manage.py load_demo`; idempotent).

For 滨江市市场监督管理局 (skipped when absent): the legal aid centre text, commitments tied
to measured figures (R-72), complaints and reports in every state — received, assigned,
answered, one overdue, one report registered as a lead (R-71) — and party evaluations of
served demo documents, if any exist (R-65). Written through the services, so the audit
trail shows them like any other change. Complaints are recognised by their text.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

from django.contrib.auth import get_user_model

from core import clock
from documents.models import Document
from officers.models import Agency, Officer
from portal.models import Commitment, Complaint
from portal.services import commitments as commitment_svc
from portal.services import complaints as complaint_svc
from portal.services import evaluations as evaluation_svc

AGENCY = "滨江市市场监督管理局"
ADMIN = "admin_binjiang"
LEGAL_OFFICE = "chenjing"
HANDLER = "lina"

COMMITMENTS = [
    (
        "依法按期办结",
        "行政处罚案件自立案之日起九十日内作出处理决定；确需延长的，经负责人批准并告知当事人。",
        Commitment.Metric.DECISIONS_IN_TIME,
    ),
    (
        "投诉举报限时答复",
        "投诉举报自受理之日起十五个工作日内答复；举报违法行为的，及时登记核查。",
        Commitment.Metric.COMPLAINTS_IN_TIME,
    ),
    (
        "亮证文明执法",
        "执法时两人以上、主动出示执法证件，告知当事人陈述、申辩、听证等权利，不粗暴执法。",
        Commitment.Metric.EVALUATION_SCORE,
    ),
    (
        "首违不罚、轻微免罚",
        "对列入首违不罚清单、初次违法且危害后果轻微并及时改正的，依法不予行政处罚，以教育为主。",
        Commitment.Metric.NONE,
    ),
]

# (kind, description, officer_ref, days ago received, what happens next)
COMPLAINTS = [
    (Complaint.Kind.REPORT, "滨江路菜市场一摊位销售过期牛奶，保质期已过一周。", "", 2, "received"),
    (
        Complaint.Kind.ENFORCEMENT,
        "检查时未出示执法证件，也没有告知我可以陈述申辩。",
        "",
        5,
        "assigned",
    ),
    (
        Complaint.Kind.REPORT,
        "江滨大道某保健品店宣称产品可以治疗糖尿病，涉嫌虚假广告。",
        "",
        12,
        "converted",
    ),
    (
        Complaint.Kind.OFFICER,
        "执法人员在现场检查时态度生硬，大声训斥店员。",
        "张伟",
        20,
        "answered",
    ),
    (
        Complaint.Kind.REPORT,
        "城东小区门口流动摊贩无证销售熟食，卫生条件差。",
        "",
        40,
        "overdue",
    ),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _settings_and_commitments(agency: Agency, admin, stdout: TextIO) -> None:
    settings = commitment_svc.settings_for(agency)
    if settings.pk is None:
        commitment_svc.update_settings(
            agency,
            by=admin,
            legal_aid_centre="滨江市法律援助中心",
            legal_aid_address="滨江市民生路18号市民服务中心二楼",
            legal_aid_phone="12348",
            legal_aid_note="经济困难的公民可携带身份证明、经济困难证明及案件材料申请；工作日 9:00–17:00 受理。",
        )
    for position, (item, standard, metric) in enumerate(COMMITMENTS, start=1):
        if not Commitment.objects.filter(agency=agency, item=item).exists():
            commitment_svc.save_commitment(
                agency,
                by=admin,
                position=position,
                item=item,
                standard=standard,
                metric=metric,
                is_active=True,
            )
    stdout.write(f"  portal: {AGENCY} 法律援助与执法承诺\n")


def _complaints(agency: Agency, legal, stdout: TextIO) -> None:
    handler = Officer.objects.filter(user__username=HANDLER, agency=agency).first()
    today = clock.today()
    for kind, text, officer_ref, days_ago, fate in COMPLAINTS:
        if Complaint.objects.filter(agency=agency, description=text).exists():
            continue
        received = today - timedelta(days=days_ago)
        with clock.travel(received):
            complaint = complaint_svc.submit_complaint(
                kind=kind, agency=agency, description=text, officer_ref=officer_ref
            ).complaint
        handled_on = min(received + timedelta(days=3), today)
        with clock.travel(handled_on):
            if fate in ("assigned", "answered", "converted") and handler is not None:
                if complaint.officer_id != handler.pk:
                    complaint_svc.assign(complaint, by=legal, assignee=handler)
            if fate == "answered":
                complaint_svc.respond(
                    complaint,
                    by=legal,
                    response="经调查核实，已对相关执法人员进行批评教育，并责令其规范执法用语。"
                    "感谢您的监督。",
                )
        if fate == "converted":
            domain = complaint_svc.lead_domains(complaint).filter(code="advertising").first()
            if domain is not None:
                complaint_svc.convert_to_lead(
                    complaint, by=legal, domain=domain, title="涉嫌发布虚假保健品广告"
                )
    stdout.write(f"  portal: {AGENCY} 投诉举报（已受理、办理中、已答复、已转线索、已超期）\n")


def _evaluations(agency: Agency, stdout: TextIO) -> None:
    """Evaluate up to two served demo documents (only if the other apps made some)."""
    served = [
        doc
        for doc in Document.objects.filter(agency=agency, status=Document.Status.ISSUED)
        .filter(service_records__isnull=False)
        .distinct()
        .order_by("pk")[:20]
        if doc.is_served_kind
    ][:2]  # always the same two documents, so a second run adds nothing
    made = 0
    for doc, scores in zip(served, [(5, 5, 4), (4, 3, 3)], strict=False):
        if evaluation_svc.already_evaluated(doc):
            continue
        evaluation_svc.submit_evaluation(
            doc,
            courtesy=scores[0],
            lawfulness=scores[1],
            rights_explained=scores[2],
            comment="执法人员出示了证件，讲解耐心。" if scores[0] == 5 else "",
        )
        made += 1
    if made:
        stdout.write(f"  portal: {made} 份当事人评议\n")


def load(*, stdout: TextIO) -> None:
    agency = Agency.objects.filter(name=AGENCY).first()
    admin, legal = _user(ADMIN), _user(LEGAL_OFFICE)
    if agency is None or admin is None or legal is None:
        stdout.write("  portal: 未找到演示机关，跳过\n")
        return
    _settings_and_commitments(agency, admin, stdout)
    _complaints(agency, legal, stdout)
    _evaluations(agency, stdout)
