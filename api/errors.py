"""Every error of the API as `application/problem+json` (RFC 9457).

Members: `type` (a URI reference naming the kind of problem), `title` (the same for every
occurrence of that kind), `status`, `detail` (this occurrence, translated), `instance`
(the request path). Extensions:

- `errors`: each invalid field of a request (`field`, `pointer` as in RFC 9457 §3,
  `detail`, `code`): DRF serializer errors and the UI's form errors alike;
- `rule` and `problems` for a refusal by a legal rule (`core.errors.RuleViolation`): the
  rule id ("R-25") and every reason the guard gave, with the same translated sentence the
  UI shows beside a disabled action.

Status codes: 400 invalid input; 401 no or bad credentials; 403 a visible object the user
may not act on (never with its data); 404 unknown or outside the user's scope (another
agency's case is 404, not 403); 409 wrong state or stale version; 422 refused by a rule
or a domain check; 5xx never on purpose.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from core.errors import DomainError, InvalidTransition, RuleViolation, Verdict
from core.errors import PermissionDenied as DomainPermissionDenied

logger = logging.getLogger("api")

PROBLEM = "application/problem+json"
RULE_ID = re.compile(r"^R-\d{2}$")
RULE_PREFIX = re.compile(r"^(R-\d{2})[:：]\s*")
# DomainError codes that mean "conflicts with the current state of the resource" (409).
CONFLICT_CODES = frozenset({"stale", "exists"})


def problem_type(slug: str) -> str:
    """Problem types are relative URI references under the API root."""
    return f"/api/problems/{slug}"


class Refused(Exception):
    """A guard's Verdict with every reason (raised by action views before the service)."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__("; ".join(verdict.reasons))
        self.verdict = verdict


def _titles() -> dict[int, str]:
    return {
        400: _("请求数据有误"),
        401: _("未认证"),
        403: _("无权执行此操作"),
        404: _("未找到"),
        405: _("不支持该请求方法"),
        406: _("无法提供所请求的格式"),
        409: _("与当前状态冲突"),
        413: _("请求体过大"),
        415: _("不支持的媒体类型"),
        422: _("业务规则不允许"),
        429: _("请求过于频繁"),
        500: _("服务器内部错误"),
    }


def problem(
    status: int,
    *,
    type_: str = "about:blank",
    title: str | None = None,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
    request: Any = None,
    **extensions: Any,
) -> Response:
    title = title or _titles().get(status) or HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": type_,
        "title": str(title),
        "status": status,
        "detail": str(detail if detail is not None else title),
    }
    path = getattr(request, "path", None)
    if path:
        body["instance"] = path
    body.update(extensions)
    return Response(body, status=status, headers=headers, content_type=PROBLEM)


# --- validation errors ------------------------------------------------------------------
def flatten_errors(detail: Any, path: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """DRF's nested error structure → a flat list, one entry per message."""
    out: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            key = str(key)
            sub = path if key in ("non_field_errors", "__all__") else (*path, key)
            out.extend(flatten_errors(value, sub))
    elif isinstance(detail, list):
        if detail and all(isinstance(item, (dict, list)) for item in detail) and path:
            for index, item in enumerate(detail):
                out.extend(flatten_errors(item, (*path, str(index))))
        else:
            for item in detail:
                out.extend(flatten_errors(item, path))
    else:
        field = ".".join(path)
        out.append(
            {
                "field": field,
                "pointer": "#/" + "/".join(path) if path else "#",
                "detail": str(detail),
                "code": str(getattr(detail, "code", "invalid") or "invalid"),
            }
        )
    return out


def validation_problem(detail: Any, request: Any = None) -> Response:
    errors = flatten_errors(detail)
    rules = [m.group(1) for e in errors if (m := RULE_PREFIX.match(e["detail"]))]
    extra: dict[str, Any] = {"errors": errors}
    if rules:
        extra["rule"] = rules[0]
    summary = "；".join(
        (f"{e['field']}: {e['detail']}" if e["field"] else e["detail"]) for e in errors[:5]
    )
    return problem(
        400,
        type_=problem_type("validation-error"),
        detail=summary or _("请求数据有误"),
        request=request,
        **extra,
    )


def form_errors(form) -> dict[str, list[str]]:
    """A bound Django form's errors in DRF's shape (field → messages)."""
    return {
        ("non_field_errors" if name == "__all__" else name): [str(m) for m in messages]
        for name, messages in form.errors.items()
    }


# --- rule refusals ----------------------------------------------------------------------
def _problems(violations) -> list[dict[str, str]]:
    return [{"rule": v.rule, "detail": str(v)} for v in violations]


def refusal_problem(violations: list[RuleViolation], request: Any = None) -> Response:
    """A rule refusal (422), or 403 when the refusal is about who may act (the guards
    name such refusals with a non-rule label, e.g. “权限”)."""
    numbered = [v for v in violations if RULE_ID.match(v.rule)]
    if not numbered:
        return problem(
            403,
            type_=problem_type("permission-denied"),
            detail="；".join(v.message for v in violations),
            request=request,
            problems=_problems(violations),
        )
    first = numbered[0]
    return problem(
        422,
        type_=problem_type("rule-violation"),
        title=_("违反法定规则"),
        detail="；".join(str(v) for v in violations),
        request=request,
        rule=first.rule,
        message=first.message,
        problems=_problems(violations),
    )


def domain_problem(exc: DomainError, request: Any = None) -> Response:
    if isinstance(exc, RuleViolation):
        # A joined Verdict arrives as one RuleViolation whose message lists every reason.
        return refusal_problem([exc], request)
    if isinstance(exc, DomainPermissionDenied):
        return problem(
            403, type_=problem_type("permission-denied"), detail=exc.message, request=request
        )
    if isinstance(exc, InvalidTransition) or exc.code in CONFLICT_CODES:
        return problem(
            409, type_=problem_type("conflict"), detail=exc.message, request=request, code=exc.code
        )
    return problem(
        422, type_=problem_type("domain-error"), detail=exc.message, request=request, code=exc.code
    )


# --- the handler (REST_FRAMEWORK["EXCEPTION_HANDLER"]) -----------------------------------
def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    set_rollback()
    if isinstance(exc, Refused):
        return refusal_problem(list(exc.verdict.problems), request)
    if isinstance(exc, DomainError):
        return domain_problem(exc, request)
    if isinstance(exc, Http404):
        return problem(404, detail=_("未找到该资源，或您无权查看"), request=request)
    if isinstance(exc, DjangoPermissionDenied):
        return problem(403, request=request)
    if isinstance(exc, exceptions.ValidationError):
        return validation_problem(exc.detail, request)
    if isinstance(exc, RequestDataTooBig):
        return problem(413, detail=_("请求体超过大小上限"), request=request)
    if isinstance(exc, SuspiciousOperation):
        return problem(400, detail=_("请求无效"), request=request)
    if isinstance(exc, exceptions.APIException):
        headers: dict[str, str] = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        status = exc.status_code
        if status == 403 and isinstance(exc, exceptions.NotAuthenticated):
            status = 401
        return problem(status, detail=detail, headers=headers, request=request)
    if settings.DEBUG:
        return None  # the developer sees the traceback page
    logger.exception("Unhandled error in the API", exc_info=exc)
    return problem(
        500, detail=_("服务器内部错误，已记录。请稍后重试或联系管理员。"), request=request
    )
