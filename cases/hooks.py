"""What this app registers in lower apps' registries (called from CasesConfig.ready):
the documents access check (a document is visible iff its case is), the link from a
document to its case, the workspace panel, and the labels of our audit action codes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases import panels
from cases.models import Approval, Case
from cases.states import State
from core.home import register_panel

try:
    from documents import access as documents_access
except ImportError:  # pragma: no cover
    documents_access = None

try:
    from audit import actions as audit_actions
except ImportError:  # pragma: no cover
    audit_actions = None


def document_visible(user, document) -> bool:
    """A user may see a document iff they may see its case (documents without a case:
    same agency, as documents decides by default)."""
    if document.case_id is None:
        return documents_access.default_check(user, document)
    return Case.objects.visible_to(user).filter(pk=document.case_id).exists()


def case_url(case_id: int) -> str:
    return reverse("cases:case_detail", args=[case_id])


ACTION_LABELS = {
    "cases.case.registered": _("登记线索"),
    "cases.case.updated": _("修改案件信息"),
    "cases.case.party_added": _("添加当事人"),
    "cases.case.party_removed": _("删除当事人"),
    "cases.case.time_extended": _("延长办案期限"),
    "cases.case.corrected": _("结案后更正"),
    "cases.case.overdue": _("超期"),
    "cases.case.overdue_cleared": _("解除超期"),
    "cases.case.deadline_reminded": _("期限提醒"),
    "cases.case.viewed": _("查阅案件"),
    "cases.party.registered": _("登记当事人"),
    "cases.party.updated": _("修改当事人"),
    "cases.party.id_revealed": _("查看完整证件号码"),
    "cases.inspection.recorded": _("登记监督检查"),
    "cases.inspection.converted": _("检查转为线索"),
    "cases.lead.extension_requested": _("申请延长核查期限"),
    "cases.lead.extended": _("延长核查期限"),
    "cases.lead.extension_refused": _("不批准延长核查期限"),
    "cases.assignment.assigned": _("分派承办人员"),
    "cases.assignment.ended": _("调整承办人员"),
    "cases.assignment.reassigned": _("更换承办人员"),
    "cases.assignment.lead_changed": _("变更主办人员"),
    "cases.recusal.requested": _("申请回避"),
    "cases.recusal.granted": _("准予回避"),
    "cases.recusal.refused": _("驳回回避申请"),
    "cases.evidence.added": _("登记证据"),
    "cases.evidence.file_uploaded": _("上传证据文件"),
    "cases.evidence.file_downloaded": _("下载证据文件"),
    "cases.evidence.verified": _("证据查证属实"),
    "cases.evidence.excluded": _("排除证据"),
    "cases.evidence.opinion_recorded": _("记录当事人对证据的意见"),
    "cases.preservation.requested": _("申请先行登记保存"),
    "cases.preservation.approved": _("批准先行登记保存"),
    "cases.preservation.rejected": _("不批准先行登记保存"),
    "cases.preservation.disposed": _("先行登记保存处理决定"),
    "cases.record.created": _("制作笔录"),
    "cases.clock.period_added": _("登记不计入期限的期间"),
    "cases.clock.period_ended": _("结束不计入期限的期间"),
    "cases.transfer.receipt_recorded": _("登记移送回执"),
    "cases.assistance.requested": _("请求协助调查"),
    "cases.assistance.accepted": _("接受协助请求"),
    "cases.assistance.refused": _("拒绝协助请求"),
    "cases.assistance.completed": _("完成协助"),
}


def _register_actions() -> None:
    if audit_actions is None:
        return
    for code, label in ACTION_LABELS.items():
        audit_actions.register(code, label)
    for state in State:
        audit_actions.register(f"cases.case.{state.value}", state.label)
    for kind in Approval.Kind:
        audit_actions.register(
            f"cases.approval.{kind.value}_requested", format_lazy("{}：{}", _("申请"), kind.label)
        )
        audit_actions.register(
            f"cases.approval.{kind.value}_rejected", format_lazy("{}：{}", _("不批准"), kind.label)
        )


def install() -> None:
    if documents_access is not None:
        documents_access.register_access_check(document_visible)
        documents_access.register_case_url(case_url)
    register_panel(panels.workspace)
    _register_actions()
