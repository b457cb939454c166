"""OpenAPI post-processing: every operation documents its problem+json error responses.

drf-spectacular documents the success responses from the serializers; the errors all come
from `api.errors` and share one shape, so they are added here once for every operation:
400 (validation, with `errors`), 401 (authenticated operations), 403, 404, 409 and 422
(with `rule` for a refusal by a legal rule), 413/415 for operations with a body.
"""

from __future__ import annotations

from typing import Any

from api.errors import PROBLEM

FIELD_ERROR = {
    "type": "object",
    "properties": {
        "field": {"type": "string", "description": "字段（嵌套字段以点分隔；整体错误为空）"},
        "pointer": {"type": "string", "description": "JSON Pointer（RFC 9457 §3 示例）"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
    },
    "required": ["field", "pointer", "detail", "code"],
}
RULE_PROBLEM = {
    "type": "object",
    "properties": {"rule": {"type": "string"}, "detail": {"type": "string"}},
    "required": ["rule", "detail"],
}
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details (application/problem+json).",
    "properties": {
        "type": {"type": "string", "description": "问题类型（URI 引用）"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}},
        "rule": {"type": "string", "description": "违反的规则编号，如 R-25"},
        "message": {"type": "string", "description": "规则拒绝的原因（不含规则编号）"},
        "problems": {"type": "array", "items": {"$ref": "#/components/schemas/RuleProblem"}},
        "code": {"type": "string"},
    },
    "required": ["type", "title", "status", "detail"],
    "additionalProperties": True,
}

DESCRIPTIONS = {
    "400": "请求数据有误（errors 列出每个字段）",
    "401": "未认证或令牌无效",
    "403": "无权执行此操作",
    "404": "不存在，或不在您的查看范围内",
    "409": "与当前状态冲突（状态不符或版本已过期）",
    "413": "请求体过大",
    "415": "不支持的媒体类型",
    "422": "业务规则不允许（rule 为规则编号）",
    "429": "请求过于频繁，请稍后再试（Retry-After）",
}


def _response(code: str) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS[code],
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _is_public(operation: dict[str, Any]) -> bool:
    security = operation.get("security")
    return security is None or security == [] or {} in security


def add_problem_responses(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    schemas["FieldError"] = FIELD_ERROR
    schemas["RuleProblem"] = RULE_PROBLEM
    _strip_enum_ids(result)
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["400", "404"]
            if _is_public(operation):
                codes += ["429"]  # public endpoints are rate-limited per IP
            else:
                codes += ["401", "403", "409", "422"]
            if method in ("post", "put", "patch"):
                codes += ["413", "415"]
            for code in codes:
                operation["responses"].setdefault(code, _response(code))
    return result


def _strip_enum_ids(node: Any) -> None:
    """drf-spectacular's internal `x-spec-enum-id` markers mean nothing to clients."""
    if isinstance(node, dict):
        node.pop("x-spec-enum-id", None)
        for value in node.values():
            _strip_enum_ids(value)
    elif isinstance(node, list):
        for value in node:
            _strip_enum_ids(value)
