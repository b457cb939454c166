"""Officer list, officer file (执法档案, R-64), and the agency admin's officer forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import clock
from core.errors import DomainError
from core.roles import Role, has_role, role_codes
from officers import services
from officers.file_sections import sections_for
from officers.forms import OfficerCreateForm, OfficerEditForm, RolesForm, StatusForm
from officers.models import Certificate, Officer
from officers.qualification import may_act, valid_certificate
from officers.selectors import AGENCY_READERS, officer_of
from officers.selectors import officer_list as select_officers
from officers.services.certificates import action_refusals
from officers.views._helpers import (
    managed_officer_or_404,
    own_agency_or_404,
    visible_officer_or_404,
)

PAGE_SIZE = 50


def shown_certificate(officer: Officer) -> Certificate | None:
    """The certificate to show in a list row: the qualifying one, else the latest."""
    certs = list(officer.certificates.all())
    return valid_certificate(officer) or max(
        certs, key=lambda c: (c.expires_on, c.pk), default=None
    )


@login_required
def officer_list(request: HttpRequest) -> HttpResponse:
    """The agency's officers with status and certificate badges; may_act per row from
    prefetched data (constant queries whatever the page size)."""
    agency = own_agency_or_404(request, *AGENCY_READERS)
    status = request.GET.get("status", "")
    if status not in Officer.Status.values:
        status = ""
    q = request.GET.get("q", "").replace("\x00", "").strip()[:50]
    flagged = request.GET.get("flagged") == "1"
    page = Paginator(
        select_officers(request.user, status=status, q=q, flagged=flagged), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    today = clock.today()
    rows = [
        {"officer": o, "verdict": may_act(o, on=today), "cert": shown_certificate(o)}
        for o in page.object_list
    ]
    return render(
        request,
        "officers/officer_list.html",
        {
            "agency": agency,
            "rows": rows,
            "page": page,
            "status": status,
            "q": q,
            "flagged": flagged,
            "statuses": Officer.Status.choices,
            "is_admin": has_role(request.user, Role.AGENCY_ADMIN),
            "today": today,
        },
    )


def _file_context(request: HttpRequest, officer: Officer) -> dict:
    """R-64: one page per officer: certificates with their history, exams, training,
    faults, status and flags, today's may_act verdict, and the sections later apps add
    (cases, scores, evaluations)."""
    #
    officer = (
        Officer.objects.select_related("agency", "user")
        .prefetch_related(
            "domains",
            Prefetch(
                "certificates",
                queryset=Certificate.objects.prefetch_related("domains", "events").order_by(
                    "-expires_on", "-pk"
                ),
            ),
            "exams",
            "trainings",
            "faults",
        )
        .get(pk=officer.pk)
    )
    user = request.user
    same_agency = (me := officer_of(user)) is not None and me.agency_id == officer.agency_id
    is_admin = same_agency and has_role(user, Role.AGENCY_ADMIN)
    today = clock.today()
    certificates = [
        {"cert": c, "refusals": action_refusals(c, on=today)} for c in officer.certificates.all()
    ]
    return {
        "officer": officer,
        "today": today,
        "verdict": may_act(officer, on=today),
        "domain_verdicts": [(d, may_act(officer, d, on=today)) for d in officer.domains.all()],
        "certificates": certificates,
        "roles": [Role(c).label for c in sorted(role_codes(officer.user))],
        "is_self": officer.user_id == user.pk,
        "is_admin": is_admin,
        "can_faults": same_agency and has_role(user, Role.AGENCY_ADMIN, Role.LEGAL_OFFICE),
        "can_status": same_agency and has_role(user, Role.AGENCY_ADMIN, Role.SUPERVISOR),
        "can_reveal": bool(officer.id_number) and (is_admin or officer.user_id == user.pk),
        "sections": sections_for(request, officer),
        "status_form": StatusForm(initial={"status": officer.status}),
    }


@login_required
def officer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    officer = visible_officer_or_404(request, pk)
    return render(request, "officers/officer_file.html", _file_context(request, officer))


@login_required
def my_file(request: HttpRequest) -> HttpResponse:
    officer = officer_of(request.user)
    if officer is None:
        raise Http404()
    return render(request, "officers/officer_file.html", _file_context(request, officer))


@login_required
@require_POST
def reveal_id_number(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full ID number once; the reading is audited."""
    officer = visible_officer_or_404(request, pk)
    if not officer.id_number:
        raise Http404()
    try:
        number = services.reveal_id_number(officer, by=request.user)
    except DomainError:
        raise Http404() from None
    template = "officers/_id_number.html" if request.htmx else "officers/id_number.html"
    return render(request, template, {"officer": officer, "number": number})


def _form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    officer: Officer | None = None,
    back: str = "",
    submit: str = "",
) -> HttpResponse:
    return render(
        request,
        "officers/form.html",
        {
            "form": form,
            "title": title,
            "officer": officer,
            "back": back,
            "submit": submit or _("保存"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def officer_create(request: HttpRequest) -> HttpResponse:
    agency = own_agency_or_404(request, Role.AGENCY_ADMIN)
    form = OfficerCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            officer = services.create_officer(agency, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已新增执法人员 %(n)s。") % {"n": officer.name})
            return redirect("officers:officer_detail", pk=officer.pk)
    return _form_page(request, form, title=_("新增执法人员"), back="officers:officer_list")


@login_required
@require_http_methods(["GET", "POST"])
def officer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    officer = managed_officer_or_404(request, pk, Role.AGENCY_ADMIN)
    initial = {
        "name": officer.name,
        "email": officer.user.email,
        "post": officer.post,
        "duties": officer.duties,
        "phone": officer.phone,
        "domains": list(officer.domains.all()),
        "legal_qualification": officer.legal_qualification,
        "is_active": officer.user.is_active,
    }
    form = OfficerEditForm(request.POST or None, initial=initial)
    form.fields["id_number"].help_text = _("当前：%(m)s；留空则保持不变。") % {
        "m": officer.masked_id_number or "—"
    }
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data["id_number"]:
            data.pop("id_number")
        try:
            services.update_officer(officer, by=request.user, **data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存。"))
            return redirect("officers:officer_detail", pk=officer.pk)
    return _form_page(request, form, title=_("编辑执法人员"), officer=officer)


@login_required
@require_http_methods(["GET", "POST"])
def officer_roles(request: HttpRequest, pk: int) -> HttpResponse:
    officer = managed_officer_or_404(request, pk, Role.AGENCY_ADMIN)
    current = sorted(
        c for c in role_codes(officer.user) if c in dict(RolesForm.base_fields["roles"].choices)
    )
    form = RolesForm(request.POST or None, initial={"roles": current})
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["roles"])
        try:
            for role in sorted(wanted - set(current)):
                services.assign_role(officer.user, role, by=request.user)
            for role in sorted(set(current) - wanted):
                services.remove_role(officer.user, role, by=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("角色已更新。"))
            return redirect("officers:officer_detail", pk=officer.pk)
    return _form_page(request, form, title=_("角色"), officer=officer)


@login_required
@require_POST
def officer_status(request: HttpRequest, pk: int) -> HttpResponse:
    officer = managed_officer_or_404(request, pk, Role.AGENCY_ADMIN, Role.SUPERVISOR)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择状态并填写原因。"))
    else:
        try:
            services.change_status(officer, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("状态已变更。"))
    return redirect("officers:officer_detail", pk=officer.pk)


@login_required
@require_POST
def clear_review_flag(request: HttpRequest, pk: int) -> HttpResponse:
    officer = managed_officer_or_404(request, pk, Role.AGENCY_ADMIN, Role.LEGAL_OFFICE)
    reason = request.POST.get("reason", "")
    try:
        services.clear_review_flag(officer, by=request.user, reason=reason)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("过错标记已处理。"))
    return redirect("officers:officer_detail", pk=officer.pk)
