"""Who may see a document, decided by the apps that know the case.

`documents` sits below `cases`, so it cannot ask whether a user may see a case. The cases
app registers a check in its `AppConfig.ready()`:

    from documents.access import register_access_check
    register_access_check(lambda user, document: Case.objects.visible_to(user)
                          .filter(pk=document.case_id).exists())

With checks registered, every one of them must allow (a refusal wins). With none, only
users of the document's agency who hold a staff role see it. Unseen documents are 404.

`register_case_url(fn)` lets the cases app say where a document's case lives, so that the
document page can link back without this app importing cases.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from core.roles import role_codes

if TYPE_CHECKING:
    from documents.models import Document

AccessCheck = Callable[[object, "Document"], bool]
CaseUrl = Callable[[int], "str | None"]

_checks: list[AccessCheck] = []
_case_urls: list[CaseUrl] = []


def register_access_check(fn: AccessCheck) -> AccessCheck:
    """Add a check `fn(user, document) -> bool` (idempotent; usable as a decorator)."""
    if fn not in _checks:
        _checks.append(fn)
    return fn


def unregister_access_check(fn: AccessCheck) -> None:
    if fn in _checks:
        _checks.remove(fn)


def register_case_url(fn: CaseUrl) -> CaseUrl:
    if fn not in _case_urls:
        _case_urls.append(fn)
    return fn


def user_agency_id(user) -> int | None:
    """The agency of the user's officer profile, or None (admins without one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    officer = getattr(user, "officer", None)
    return officer.agency_id if officer is not None else None


def default_check(user, document: Document) -> bool:
    """Same agency and a staff role."""
    return bool(role_codes(user)) and user_agency_id(user) == document.agency_id


def can_view(user, document: Document) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not _checks:
        return default_check(user, document)
    return all(check(user, document) for check in _checks)


def case_url(case_id: int | None) -> str | None:
    if case_id is None:
        return None
    for fn in _case_urls:
        url = fn(case_id)
        if url:
            return url
    return None
