"""Builders for the portal tests: rows created directly (fast), since the portal only
reads cases, documents and decisions that other apps' services write."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.utils import timezone

from cases.models import Case, CaseOfficer
from cases.states import State
from core import clock
from core.roles import Role
from documents.models import Document
from officers.models import Agency, Certificate, Officer
from penalties.models import Decision, Publication
from tests.factories import AgencyFactory, CertificateFactory, DomainFactory, OfficerFactory

_seq = itertools.count(1)

ID_NUMBER = "330102199003071234"


def officer(agency: Agency | None = None, role: str = Role.OFFICER, **kwargs) -> Officer:
    """A certified officer; carries an identity number that must never be shown."""
    kwargs.setdefault("id_number", f"3301021990030{next(_seq) % 100000:05d}")
    return OfficerFactory(agency=agency or AgencyFactory(), user__roles=[role], **kwargs)


def case(agency: Agency, **kwargs) -> Case:
    today = clock.today()
    defaults = dict(
        agency=agency,
        domain=DomainFactory(),
        title="未按规定公示食品经营许可证",
        source=Case.Source.INSPECTION,
        registered_on=today,
        verification_due_on=today + timedelta(days=20),
        state=State.LEAD,
    )
    defaults.update(kwargs)
    return Case.objects.create(**defaults)


def assign(c: Case, o: Officer, *, by, active: bool = True) -> None:
    CaseOfficer.objects.create(
        case=c, officer=o, assigned_on=clock.today(), assigned_by=by, active=active
    )


def document(
    agency: Agency,
    *,
    case_id: int | None = None,
    kind: str = "penalty_decision",
    status: str = Document.Status.ISSUED,
) -> Document:
    n = next(_seq)
    now = timezone.now()
    return Document.objects.create(
        agency=agency,
        case_id=case_id,
        kind=kind,
        year=2026,
        seq=n,
        number=f"{agency.doc_prefix}罚〔2026〕{n}号",
        title="行政处罚决定书",
        agency_name=agency.name,
        status=status,
        data={"party": {"name": "张三", "id_number": ID_NUMBER}},
        created_at=now,
        issued_at=now,
    )


def decided_case(
    agency: Agency,
    *,
    filed_on: date,
    decided_on: date,
    due_on: date,
    procedure: str = Case.Procedure.GENERAL,
) -> Case:
    return case(
        agency,
        state=State.DECIDED,
        filed_on=filed_on,
        decided_on=decided_on,
        decision_due_on=due_on,
        procedure=procedure,
    )


def publication(
    agency: Agency,
    *,
    status: str = Publication.Status.PUBLISHED,
    decision_status: str = Decision.Status.SERVED,
    served: bool = True,
    title: str = "",
    text: str = "当事人：张某\n处罚结果：罚款人民币5000元",
    by=None,
) -> Publication:
    by = by or officer(agency).user
    c = case(agency, state=State.SERVED, filed_on=clock.today(), decided_on=clock.today())
    doc = document(agency, case_id=c.pk)
    decision = Decision.objects.create(
        case=c,
        document=doc,
        kind=Decision.Kind.PENALTY,
        penalty_types=["fine"],
        decided_on=clock.today(),
        decided_by=by,
        served_on=clock.today() if served else None,
        status=decision_status,
    )
    return Publication.objects.create(
        decision=decision,
        agency=agency,
        status=status,
        due_on=clock.today(),
        title=title or f"{agency.name}行政处罚决定书（{doc.number}）",
        masked_text=text,
        published_at=timezone.now() if status != Publication.Status.PENDING else None,
    )


__all__ = [
    "AgencyFactory",
    "Certificate",
    "CertificateFactory",
    "DomainFactory",
    "ID_NUMBER",
    "assign",
    "case",
    "decided_case",
    "document",
    "officer",
    "publication",
]
