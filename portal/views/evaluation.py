"""The party's evaluation page (R-65), reached by the QR code on a served document."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from portal.forms import EvaluationForm
from portal.services import evaluations
from portal.views._helpers import rate_limited, too_many


@require_http_methods(["GET", "POST"])
def evaluate(request: HttpRequest, token: str) -> HttpResponse:
    """Shows the document's kind, number, agency and date (no personal data) and the
    form; a second submission is refused kindly; an unknown token is a 404."""
    document = evaluations.evaluable_document(token)
    if document is None:
        raise Http404()
    done = evaluations.already_evaluated(document)
    form = EvaluationForm(request.POST or None) if not done else None
    context = {"document": document, "form": form, "done": done}
    if request.method == "POST" and not done:
        if rate_limited(request, "evaluation_submit"):
            return too_many(request, "portal/evaluate.html", context)
        if form.is_valid():
            try:
                evaluations.submit_evaluation(document, **form.cleaned_data)
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("评议已提交，感谢您对文明执法的监督！"))
            return redirect("portal:evaluate", token=token)
    elif request.method == "POST" and done:
        messages.info(request, _("该文书已提交过评议，每份文书只能评议一次。感谢您的参与！"))
        return redirect("portal:evaluate", token=token)
    return render(request, "portal/evaluate.html", context)
