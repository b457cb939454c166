"""The notice page of a case (告知、陈述申辩、听证) and the gate panel.

One page per case shows the notice(s) with the computed last days once served, the
statements with their re-checks, waivers, hearing requests, the hearing, and the gate
"可否作出处罚决定" with every missing piece. Each action has its own form page; an
unavailable action is shown disabled with the guard's reasons. A case the user may not
see is a 404 (never a 403 with data); bad input is a translated form error, never a 500.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from audit import services as audit
from cases.models import Case
from cases.states import State
from core import clock, workdays
from core.errors import DomainError
from penalties import documents_data, gate
from penalties.models import (
    Hearing,
    HearingRequest,
    Notice,
    Statement,
    StatementAttachment,
    Waiver,
)
from penalties.services import hearings as hearing_services
from penalties.services import notices as notice_services
from penalties.services import proposals
from penalties.views.hearings import HEARING_ACTIONS
from penalties.views.notice_actions import NOTICE_ACTIONS, Action

MAX_ID = 2**63 - 1
ACTIONS: list[Action] = [*NOTICE_ACTIONS, *HEARING_ACTIONS]
BY_CODE: dict[str, Action] = {a.code: a for a in ACTIONS}
FILE_KINDS = {"attachment": StatementAttachment, "waiver": Waiver}
# States in which the gate is shown on the case page (after the proposal, before decision).
GATE_STATES = frozenset(
    {
        State.PROPOSED,
        State.NOTIFIED,
        State.HEARING_REQUESTED,
        State.HEARING_SCHEDULED,
        State.HEARING_HELD,
        State.COLLECTIVE_DISCUSSION,
        State.LEGAL_REVIEW,
        State.APPROVAL,
    }
)
FILE_ACTION = "penalties.notice_file.downloaded"


def case_or_404(request: HttpRequest, case_id: int) -> Case:
    if not 0 < case_id <= MAX_ID:
        raise Http404()
    case = (
        Case.objects.visible_to(request.user)
        .select_related("agency", "agency__rule_settings", "primary_party", "domain")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404()
    return case


def offered(case: Case, user: Any) -> list[dict[str, Any]]:
    """The actions relevant now, each with its guard's verdict."""
    out = []
    for action in ACTIONS:
        if not action.shown(case):
            continue
        verdict = action.guard(case, user)
        out.append({"action": action, "verdict": verdict, "available": verdict.ok})
    return out


def notice_rows(case: Case) -> list[Notice]:
    return list(
        Notice.objects.filter(case=case)
        .select_related("document", "proposal", "superseded_by__document")
        .prefetch_related("waivers")
        .order_by("-seq")
    )


def page_context(case: Case, user: Any) -> dict[str, Any]:
    today = clock.today()
    notice = gate.current_notice(case)
    hearing = hearing_services.current_hearing(case)
    statements = list(
        Statement.objects.filter(case=case)
        .select_related("notice__document", "recheck", "recheck__rechecked_by")
        .prefetch_related("attachments")
        .order_by("seq")
    )
    requests = list(
        HearingRequest.objects.filter(case=case).select_related("notice__document").order_by("pk")
    )
    hearings = list(
        Hearing.objects.filter(case=case)
        .select_related("presiding_officer", "recorder", "summons", "record__document")
        .prefetch_related("postponements", "recusals__officer")
        .order_by("pk")
    )
    proposal = proposals.current_proposal(case)
    fallback = ""
    if notice is not None and notice.is_served:
        last = max(notice.statement_deadline, notice.hearing_request_deadline)
        if workdays.fallback_used(notice.served_on, last):  # flag a Mon–Fri guess
            fallback = workdays.fallback_note(last.year)
    return {
        "fallback_note": fallback,
        "case": case,
        "today": today,
        "notice": notice,
        "notices": notice_rows(case),
        "statements": statements,
        "requests": requests,
        "hearings": hearings,
        "hearing": hearing,
        "proposal": proposal,
        "proposal_rows": documents_data.penalty_rows(proposal) if proposal else [],
        "hearing_entitled": notice_services.hearing_entitled(case, proposal) if proposal else None,
        "statement_period_wd": notice_services.statement_period_wd(case),
        "gate": gate.decision_gate(case, on=today),
        "actions": offered(case, user),
    }


@login_required
@require_GET
def notice_page(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_or_404(request, case_id)
    return render(request, "penalties/notices/notice_page.html", page_context(case, request.user))


@login_required
@require_http_methods(["GET", "POST"])
def notice_action(request: HttpRequest, case_id: int, code: str) -> HttpResponse:
    case = case_or_404(request, case_id)
    action = BY_CODE.get(code)
    if action is None or not action.shown(case):
        raise Http404()
    verdict = action.guard(case, request.user)
    form_kwargs = {"case": case, "user": request.user}
    if request.method == "POST" and verdict.ok:
        form = action.form(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            try:
                with transaction.atomic():
                    message = action.run(case, request.user, form)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, message)
                return redirect("penalties:notice_page", case_id=case.pk)
    else:
        form = action.form(**form_kwargs)
        if request.method == "POST":
            messages.error(request, "；".join(verdict.reasons))
    return render(
        request,
        "penalties/notices/action.html",
        {"case": case, "action": action, "form": form, "verdict": verdict},
        status=200,
    )


@login_required
@require_GET
def notice_file(request: HttpRequest, case_id: int, kind: str, pk: int) -> FileResponse:
    """A statement attachment or a waiver document; every download is audited."""
    case = case_or_404(request, case_id)
    model = FILE_KINDS.get(kind)
    if model is None or not 0 < pk <= MAX_ID:
        raise Http404()
    if model is Waiver:
        row = Waiver.objects.filter(pk=pk, notice__case=case).first()
    else:
        row = StatementAttachment.objects.filter(pk=pk, statement__case=case).first()
    if row is None or not row.file:
        raise Http404()
    try:
        handle = row.file.open("rb")
    except OSError:
        raise Http404() from None
    with transaction.atomic():
        audit.record(
            FILE_ACTION,
            row,
            by=request.user,
            data={"name": row.original_name, "sha256": row.sha256},
        )
    content_type = row.content_type or mimetypes.guess_type(row.original_name)[0]
    return FileResponse(
        handle,
        as_attachment=True,
        filename=row.original_name,
        content_type=content_type or "application/octet-stream",
    )


# --- the case page card (cases.sections hook) -------------------------------------------------


def case_section(case: Case, request: HttpRequest) -> dict | None:
    """ "可否作出处罚决定": the gate, the notice in force and its clocks, on the case page."""
    if case.state not in GATE_STATES or case.procedure != Case.Procedure.GENERAL:
        return None
    today = clock.today()
    return {
        "title": _("告知、陈述申辩与听证 · 可否作出处罚决定"),
        "template": "penalties/notices/_case_section.html",
        "context": {
            "case": case,
            "notice": gate.current_notice(case),
            "gate": gate.decision_gate(case, on=today),
            "page_url": reverse("penalties:notice_page", args=[case.pk]),
        },
        "order": 30,
    }


def install() -> None:
    """Called from PenaltiesConfig.ready(): audit labels and the case-page section."""
    from audit import actions as audit_actions  # noqa: PLC0415  (ready(): models loaded)

    for code, label in notice_services.ACTION_LABELS.items():
        audit_actions.register(code, label)
    audit_actions.register(FILE_ACTION, gettext_lazy("下载陈述申辩材料或书面放弃材料"))
    try:
        from cases.sections import register_section  # noqa: PLC0415
    except ImportError:  # the hook is not there yet: the notice page shows the gate
        return
    register_section(case_section)
