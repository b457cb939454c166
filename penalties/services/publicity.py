"""Publicity of decisions (行政处罚决定公开, R-39).

A decision with social impact (a general-procedure penalty decision; warnings only when the
agency's setting `publish_warnings` is on) gets a Publication when it is issued, with its
deadline (`publication_deadline_wd` WD after the decision, default 7) and its text with
personal data masked: names of natural persons become 张某, identity numbers, phone numbers
and address details are hidden. Nothing is published before the decision was served; a
revoked or changed decision is withdrawn within 3 WD with reasons. The public pages read
published rows (portal, later); the legal office works the queue here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from cases.models import CaseParty, Party, officer_of
from cases.services.common import clean_text
from core import clock, workdays
from core.errors import RuleViolation, Verdict
from core.roles import Role, has_role
from penalties.models import Decision, PenaltyType, Publication
from penalties.services import decision_data as dd

WITHDRAW_WD = 3
DEFAULT_DEADLINE_WD = 7  # R-39 (agency setting publication_deadline_wd)

COMPOUND_SURNAMES = frozenset(
    "欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫 宗政 濮阳 "
    "公冶 太叔 申屠 公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官 司寇 巫马 公西 "
    "颛孙 壤驷 公良 漆雕 乐正 宰父 谷梁 拓跋 夹谷 轩辕 令狐 段干 百里 呼延 东郭 南门 羊舌 微生 "
    "公户 公玉 公仪 梁丘 公仲 公上 公门 公山 公坚 左丘 公伯 西门 公祖 第五 公乘 贯丘 公皙 南荣 "
    "东里 东宫 仲长 子书 子桑 即墨 达奚 褚师".split()
)
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
LANDLINE = re.compile(r"(?<![\d-])(0\d{2,3})-?\d{7,8}(?![\d-])")
HOUSE_NUMBER = re.compile(r"\d+(?:-\d+)*\s*(?:号院|号楼|号|栋|幢|单元|室|层|弄|组)")
ADMIN_PREFIX = re.compile(r"^(?:[^省市区县旗镇乡]{1,12}?(?:省|自治区|市|区|县|旗|镇|乡)){1,3}")


# --- Masking -------------------------------------------------------------------------------


def mask_name(name: str) -> str:
    """张三 → 张某, 欧阳修文 → 欧阳某 (natural persons only)."""
    name = (name or "").strip()
    if not name:
        return name
    surname = name[:2] if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else name[:1]
    return f"{surname}某"


def mask_address(address: str) -> str:
    """Keep the administrative area (市、区、县…), hide the street and house details."""
    address = (address or "").strip()
    if not address:
        return address
    m = ADMIN_PREFIX.match(address)
    prefix = m.group(0) if m else ""
    return f"{prefix}***" if prefix != address else address


def mask_text(text: str, *, names: list[str] = (), addresses: list[str] = ()) -> str:
    """Mask the given natural persons' names and addresses, and every identity number,
    mobile and landline number in `text`."""
    out = text or ""
    for address in sorted({a for a in addresses if a}, key=len, reverse=True):
        out = out.replace(address, mask_address(address))
    for name in sorted({n for n in names if n and len(n) >= 2}, key=len, reverse=True):
        out = out.replace(name, mask_name(name))
    out = ID_NUMBER.sub(lambda m: f"{m.group(1)}{'*' * 10}{m.group(2)}", out)
    out = MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", out)
    out = LANDLINE.sub(lambda m: f"{m.group(1)}-********", out)
    return out


def personal_data(case) -> tuple[list[str], list[str], bool]:
    """(names, addresses, any natural person) of the case's parties."""
    names: list[str] = []
    addresses: list[str] = []
    person = False
    for link in CaseParty.objects.filter(case_id=case.pk).select_related("party"):
        party: Party = link.party
        if party.is_person:
            person = True
            names.append(party.name)
            addresses.append(party.address)
        if party.legal_representative:
            names.append(party.legal_representative)
    return names, addresses, person


def published_text(decision: Decision) -> tuple[str, str]:
    """(title, masked text) of a decision for the public."""
    case = decision.case
    doc = decision.document
    names, addresses, person = personal_data(case)
    party = dd.primary_party(case)
    lines = [f"行政处罚决定书文号：{doc.number}"]
    if party is not None:
        lines.append(f"当事人：{party.name}")
        if not party.is_person:
            lines.append(f"统一社会信用代码：{party.id_number}")
            if party.legal_representative:
                lines.append(f"法定代表人（负责人）：{party.legal_representative}")
    lines.append(f"违法行为类型：{case.violation_name or case.title}")
    facts = case.facts or case.title
    if person:
        facts = HOUSE_NUMBER.sub("**", facts)
    lines.append(f"违法事实：{facts}")
    lines.append(f"处罚依据：{decision.legal_basis}")
    penalties = "；".join(
        p["type_label"] + (f"人民币{p['amount']}元" if p.get("amount") else "")
        for p in dd.penalties_list(
            decision.penalty_types,
            fine=decision.fine,
            gains=decision.confiscated_gains,
            property_value=decision.confiscated_property_value,
        )
    )
    lines.append(f"处罚结果：{penalties}")
    lines.append(f"处罚机关：{doc.agency_name}")
    lines.append(f"处罚决定日期：{dd.cn_date(decision.decided_on)}")
    text = mask_text("\n".join(lines), names=names, addresses=addresses)
    title = mask_text(f"{doc.agency_name}行政处罚决定书（{doc.number}）", names=names)
    return title, text


# --- Which decisions, by when ----------------------------------------------------------


def needs_publication(decision: Decision) -> bool:
    """R-39: general-procedure penalty decisions; a warning alone only when the agency
    publishes warnings."""
    if decision.kind != Decision.Kind.PENALTY:
        return False
    types = set(decision.penalty_types or [])
    if not types:
        return False
    settings = getattr(decision.case.agency, "rule_settings", None)
    publish_warnings = settings.publish_warnings if settings is not None else False
    if types <= {PenaltyType.WARNING, PenaltyType.CRITICISM} and not publish_warnings:
        return False  # warnings are not published by default
    return True


def deadline_for(decision: Decision) -> date:
    settings = getattr(decision.case.agency, "rule_settings", None)
    wd = settings.publication_deadline_wd if settings is not None else DEFAULT_DEADLINE_WD
    return workdays.add_workdays(decision.decided_on, wd)


def create_for(decision: Decision, *, by: Any) -> Publication | None:
    """On issue: queue the publication (waiting for service), or nothing."""
    if not needs_publication(decision):
        return None
    title, text = published_text(decision)
    pub = Publication.objects.create(
        decision=decision,
        agency_id=decision.case.agency_id,
        status=Publication.Status.WAITING_SERVICE,
        due_on=deadline_for(decision),
        title=title[:300],
        masked_text=text,
    )
    audit.record(
        "penalties.publication.queued", pub, by=by, data={"due_on": pub.due_on, "title": title}
    )
    return pub


def on_served(decision: Decision, *, by: Any) -> None:
    """After service the publication may go out (R-39: never before)."""
    pub = Publication.objects.select_for_update().filter(decision_id=decision.pk).first()
    if pub is None or pub.status != Publication.Status.WAITING_SERVICE:
        return
    pub.status = Publication.Status.PENDING
    pub.save(update_fields=["status"])
    audit.record("penalties.publication.ready", pub, by=by, data={"due_on": pub.due_on})


# --- Publishing and withdrawing ------------------------------------------------------------


def _legal_office_of(pub: Publication, user: Any) -> bool:
    officer = officer_of(user)
    return (
        officer is not None
        and officer.agency_id == pub.agency_id
        and has_role(user, Role.LEGAL_OFFICE)
    )


def publish_verdict(pub: Publication, user: Any) -> Verdict:
    problems = []
    if not _legal_office_of(pub, user):
        return Verdict.refuse("R-39", _("处罚决定公示须由本机关法制机构办理"))
    decision = pub.decision
    if not decision.in_force:
        problems.append(RuleViolation("R-39", _("处罚决定已被撤销或变更，不得公示")))
    elif decision.served_on is None:
        problems.append(  # nothing is published before service
            RuleViolation("R-39", _("处罚决定书尚未送达当事人，不得公示"))
        )
    if pub.status not in (Publication.Status.PENDING, Publication.Status.WAITING_SERVICE):
        problems.append(
            RuleViolation(
                "R-39", _("公示状态为“%(s)s”，不能公示") % {"s": pub.get_status_display()}
            )
        )
    return Verdict.of(problems)


@transaction.atomic
def publish(pub: Publication, *, by: Any, masked_text: str | None = None) -> Publication:
    """Publish the masked text (the legal office may correct the masking first)."""
    pub = Publication.objects.select_for_update().select_related("decision").get(pk=pub.pk)
    publish_verdict(pub, by).raise_if_refused()
    if masked_text is not None:
        text = clean_text(masked_text, required=True, label=_("公示内容"))
        names, addresses, _person = personal_data(pub.decision.case)
        # the edited text is masked again, so a name cannot slip back in.
        pub.masked_text = mask_text(text, names=names, addresses=addresses)
    pub.status = Publication.Status.PUBLISHED
    pub.published_at = clock.now()
    pub.published_by = by
    pub.save(update_fields=["status", "published_at", "published_by", "masked_text"])
    late = clock.today() > pub.due_on
    audit.record(
        "penalties.publication.published",
        pub,
        by=by,
        data={"due_on": pub.due_on, "late": late, "title": pub.title},
    )
    return pub


def require_withdrawal(decision: Decision, *, by: Any, reasons: str) -> Publication | None:
    """A revoked or changed decision: a published text must be withdrawn within 3 WD;
    an unpublished one is simply not published."""
    pub = Publication.objects.select_for_update().filter(decision_id=decision.pk).first()
    if pub is None:
        return None
    if pub.status == Publication.Status.PUBLISHED:
        pub.status = Publication.Status.WITHDRAWAL_PENDING
        pub.withdraw_due_on = workdays.add_workdays(clock.today(), WITHDRAW_WD)
        pub.reasons = reasons
        pub.save(update_fields=["status", "withdraw_due_on", "reasons"])
        audit.record(
            "penalties.publication.withdrawal_required",
            pub,
            by=by,
            data={"withdraw_due_on": pub.withdraw_due_on, "reasons": reasons},
        )
    elif pub.status in (Publication.Status.WAITING_SERVICE, Publication.Status.PENDING):
        pub.status = Publication.Status.CANCELLED
        pub.reasons = reasons
        pub.save(update_fields=["status", "reasons"])
        audit.record("penalties.publication.cancelled", pub, by=by, data={"reasons": reasons})
    return pub


def withdraw_verdict(pub: Publication, user: Any) -> Verdict:
    if not _legal_office_of(pub, user):
        return Verdict.refuse("R-39", _("撤回公示须由本机关法制机构办理"))
    if pub.status not in (Publication.Status.PUBLISHED, Publication.Status.WITHDRAWAL_PENDING):
        return Verdict.refuse("R-39", _("该决定未公示，无需撤回"))
    return Verdict()


@transaction.atomic
def withdraw(pub: Publication, *, by: Any, reasons: str = "") -> Publication:
    """R-39: take the published text down, with reasons."""
    pub = Publication.objects.select_for_update().get(pk=pub.pk)
    withdraw_verdict(pub, by).raise_if_refused()
    reasons = clean_text(reasons, label=_("撤回理由")) or pub.reasons
    if not reasons:
        raise RuleViolation("R-39", _("撤回公示须写明理由"))
    late = bool(pub.withdraw_due_on and clock.today() > pub.withdraw_due_on)
    pub.status = Publication.Status.WITHDRAWN
    pub.withdrawn_at = clock.now()
    pub.withdrawn_by = by
    pub.reasons = reasons
    pub.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "reasons"])
    audit.record(
        "penalties.publication.withdrawn",
        pub,
        by=by,
        data={"reasons": reasons, "late": late, "withdraw_due_on": pub.withdraw_due_on},
    )
    return pub


# --- Queue ---------------------------------------------------------------------------------


def overdue(pub: Publication, *, on: date | None = None) -> bool:
    on = on or clock.today()
    if pub.status == Publication.Status.PENDING:
        return on > pub.due_on
    if pub.status == Publication.Status.WITHDRAWAL_PENDING and pub.withdraw_due_on:
        return on > pub.withdraw_due_on
    return False


def publication_queue(user: Any) -> QuerySet[Publication]:
    """The legal office's work: to publish (served or waiting for service) and to withdraw."""
    officer = officer_of(user)
    if officer is None or not has_role(user, Role.LEGAL_OFFICE):
        return Publication.objects.none()
    return (
        Publication.objects.filter(agency_id=officer.agency_id)
        .filter(
            Q(
                status__in=[
                    Publication.Status.WAITING_SERVICE,
                    Publication.Status.PENDING,
                    Publication.Status.WITHDRAWAL_PENDING,
                ]
            )
        )
        .select_related("decision", "decision__case", "decision__document")
        .order_by("due_on", "pk")
    )


def recent_publications(user: Any, *, limit: int = 50) -> QuerySet[Publication]:
    officer = officer_of(user)
    if officer is None or not has_role(user, Role.LEGAL_OFFICE):
        return Publication.objects.none()
    return (
        Publication.objects.filter(
            agency_id=officer.agency_id,
            status__in=[Publication.Status.PUBLISHED, Publication.Status.WITHDRAWN],
        )
        .select_related("decision", "decision__document")
        .order_by("-published_at", "-pk")[:limit]
    )


ACTION_LABELS = {
    "penalties.publication.queued": gettext_lazy("处罚决定待公示"),
    "penalties.publication.ready": gettext_lazy("处罚决定已送达，可以公示"),
    "penalties.publication.published": gettext_lazy("公示处罚决定"),
    "penalties.publication.withdrawal_required": gettext_lazy("处罚决定应撤回公示"),
    "penalties.publication.cancelled": gettext_lazy("取消公示"),
    "penalties.publication.withdrawn": gettext_lazy("撤回公示"),
}
