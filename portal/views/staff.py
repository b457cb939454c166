"""Staff pages of the portal: the agency admin's commitments and public settings (R-72,
R-73), and the legal aid referral form of a case (R-73). Outsiders get 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import selectors as case_selectors
from core.errors import DomainError
from officers.selectors import is_agency_admin, user_agency
from portal import compliance
from portal.forms import CommitmentForm, PortalSettingsForm, ReferralForm
from portal.models import Commitment
from portal.services import commitments as commitment_svc
from portal.services import legal_aid as legal_aid_svc
from portal.views._helpers import valid_pk


def _admin_agency(request: HttpRequest):
    agency = user_agency(request.user)
    if agency is None or not is_agency_admin(request.user, agency):
        raise Http404()
    return agency


@login_required
@require_http_methods(["GET", "POST"])
def commitment_admin(request: HttpRequest) -> HttpResponse:
    """The agency's commitments and public settings (legal aid text, complaint time limit)."""
    agency = _admin_agency(request)
    current = commitment_svc.settings_for(agency)
    form = PortalSettingsForm(request.POST or None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            try:
                commitment_svc.update_settings(agency, by=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("公开信息已保存"))
                return redirect("portal:commitment_admin")
    items = list(Commitment.objects.filter(agency=agency))
    figures = compliance.figures([agency.pk])[agency.pk]
    return render(
        request,
        "portal/staff/commitment_admin.html",
        {
            "agency": agency,
            "form": form,
            "commitments": [(c, figures.get(c.metric)) for c in items],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    agency = _admin_agency(request)
    commitment = None
    if pk is not None:
        commitment = Commitment.objects.filter(agency=agency, pk=valid_pk(pk)).first()
        if commitment is None:
            raise Http404()
    initial = None
    if commitment is None:
        last = Commitment.objects.filter(agency=agency).order_by("-position").first()
        initial = {"position": (last.position + 1) if last else 1}
    form = CommitmentForm(request.POST or None, instance=commitment, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            commitment_svc.save_commitment(
                agency, by=request.user, commitment=commitment, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("执法承诺已保存"))
            return redirect("portal:commitment_admin")
    return render(
        request,
        "portal/staff/form.html",
        {
            "form": form,
            "title": _("编辑执法承诺") if commitment else _("新增执法承诺"),
            "back": reverse("portal:commitment_admin"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def commitment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _admin_agency(request)
    commitment = Commitment.objects.filter(agency=agency, pk=valid_pk(pk)).first()
    if commitment is None:
        raise Http404()
    try:
        commitment_svc.remove_commitment(commitment, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("执法承诺已删除"))
    return redirect("portal:commitment_admin")


@login_required
@require_http_methods(["GET", "POST"])
def legal_aid_referral(request: HttpRequest, case_id: int) -> HttpResponse:
    """R-73: record that a party of this case was referred to legal aid."""
    case = case_selectors.get_visible_case(request.user, valid_pk(case_id))
    if case is None:
        raise Http404()
    verdict = legal_aid_svc.referral_verdict(case, request.user)
    parties = legal_aid_svc.case_parties(case)
    centre = commitment_svc.settings_for(case.agency_id).legal_aid_centre
    form = ReferralForm(request.POST or None, parties=parties, initial={"centre": centre})
    if request.method == "POST" and form.is_valid():
        try:
            legal_aid_svc.record_referral(case, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记法律援助转介"))
            return redirect("cases:case_detail", pk=case.pk)
    return render(
        request,
        "portal/staff/referral_form.html",
        {
            "case": case,
            "form": form,
            "verdict": verdict,
            "referrals": legal_aid_svc.referrals_of(case),
        },
        status=400 if request.method == "POST" else 200,
    )
