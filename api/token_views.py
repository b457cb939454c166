"""The user's own API tokens: a small page under the profile (list, create, revoke).

The secret is shown once, in the response to the creation itself (never stored, never put
in the session); afterwards only its prefix is shown. Outsiders have nothing to see here:
the page only ever lists the logged-in user's own tokens.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from api import tokens
from core.errors import DomainError


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("名称"),
        max_length=100,
        help_text=gettext_lazy("例如“移动执法终端”“省监管平台对接”"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = tokens.max_days()
        self.fields["days"] = forms.IntegerField(
            label=gettext_lazy("有效期（天）"),
            min_value=1,
            max_value=limit,
            initial=min(30, limit),
            help_text=_("最长 %(n)s 天") % {"n": limit},
        )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = tokens.create_token(
                by=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": list(tokens.tokens_of(request.user)),
            "docs_url": reverse("api:docs"),
        },
        status=201 if created else 200,
    )
    response["Cache-Control"] = "no-store"  # the page may carry a secret
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = tokens.tokens_of(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404()
    try:
        tokens.revoke_token(token, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已撤销令牌 %(name)s") % {"name": token.name})
    return redirect("api:tokens")
