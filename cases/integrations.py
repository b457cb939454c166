"""Glue to the `documents` app (below this one): the documents a case stage issues.

`documents` may not offer `services.issue_document` yet in every deployment of this
code (it is built alongside); without it the stage goes on and issues nothing. Data
dicts follow documents.kinds (party, case_number, case_cause, officers with certificate
numbers for R-02).
"""

from __future__ import annotations

from typing import Any

from cases.models import Case, CaseOfficer
from core import clock
from officers.qualification import valid_certificate

try:
    from documents import services as _documents
except ImportError:  # pragma: no cover - documents not built yet
    _documents = None


def available() -> bool:
    return _documents is not None and hasattr(_documents, "issue_document")


def party_data(case: Case) -> dict[str, Any]:
    party = case.primary_party
    if party is None:
        return {}
    return {
        "name": party.name,
        "kind": "person" if party.is_person else "org",
        "id_label": party.get_id_type_display(),
        "id_number": party.id_number,
        "address": party.address,
        "legal_representative": party.legal_representative,
        "phone": party.phone,
    }


def officers_data(case: Case, *, on=None) -> list[dict[str, str]]:
    """R-02: names and certificate numbers of the officers on the case."""
    on = on or clock.today()
    rows = CaseOfficer.objects.filter(case=case, active=True).select_related("officer")
    out = []
    for row in rows:
        cert = valid_certificate(row.officer, case.domain_id, on=on)
        out.append({"name": row.officer.name, "certificate_number": cert.number if cert else ""})
    return out


def issue(case: Case, kind: str, data: dict[str, Any], *, by: Any):
    """Issue a document in the acting agency's name (R-03, Art 20); None without documents."""
    if not available():
        return None
    agency = case.acting_agency or case.agency
    return _documents.issue_document(agency=agency, case_id=case.pk, kind=kind, data=data, by=by)


def _name(user: Any) -> str:
    if user is None:
        return ""
    officer = getattr(user, "officer", None)
    return getattr(officer, "name", "") or user.get_full_name() or user.get_username()


def issue_filing_approval(case: Case, *, approval, by: Any):
    """立案审批表, issued when filing is approved (in the acting agency's name)."""
    data = {
        "case_number": case.number,
        "case_cause": case.title,
        "case_source": case.get_source_display(),
        "party": party_data(case),
        "officers": officers_data(case),
        "facts": case.facts or case.title,
        "handler_opinion": approval.reasons,
        "approval_opinion": approval.decision_note or "同意立案",
        "approver": _name(by),
        "approved_on": (approval.decided_on or clock.today()).isoformat(),
    }
    return issue(case, "filing_approval", data, by=by)


def issue_record(case: Case, record, *, by: Any):
    """现场检查笔录 / 询问笔录 with the participants and their certificates (R-02)."""
    kind = "inspection_record" if record.kind == "inspection" else "inquiry_record"
    data = {
        "case_number": case.number,
        "case_cause": case.title,
        "party": party_data(case),
        "officers": [
            {"name": p.name, "certificate_number": p.certificate_number}
            for p in record.participants.all()
        ],
        "place": record.place,
        "signature_note": f"{record.get_signature_display()} {record.signature_note}".strip(),
    }
    when = record.held_on.isoformat()
    if record.start_time:
        when += f" {record.start_time:%H:%M}"
    if record.kind == "inspection":
        data.update(inspected_at=when, findings=record.content, present_person=record.subject_name)
    else:
        data.update(
            inquired_at=when,
            interviewee={"name": record.subject_name, "relation": record.subject_role},
            qa=[{"q": qa.question, "a": qa.answer} for qa in record.qa.all()],
        )
    return issue(case, kind, data, by=by)
