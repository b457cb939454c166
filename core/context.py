"""Who is acting, from where, in this request: read by audit.record when the caller does
not pass it. Celery tasks and commands pass their actor explicitly instead."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestMeta:
    request_id: str
    ip: str | None
    user: Any = None  # the (lazy) request.user


_current: contextvars.ContextVar[RequestMeta | None] = contextvars.ContextVar(
    "enforcement_request_meta", default=None
)


def current() -> RequestMeta | None:
    return _current.get()


def bind(meta: RequestMeta) -> contextvars.Token:
    return _current.set(meta)


def unbind(token: contextvars.Token) -> None:
    _current.reset(token)
