"""Schemathesis over the served OpenAPI schema, against the WSGI application in-process.

For every operation, a few generated requests (bounded: `max_examples`, a Hypothesis
deadline), half of them aimed at objects that exist (a case with evidence, a file, a
record, documents, a party, an officer, a certificate, audit events), as an assigned
officer with a bearer token and as an anonymous caller. Checks: no server error (5xx), a
documented status code, the documented media type and response headers, and a body that
matches the schema for its status.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from audit.models import AuditEvent
from cases import services
from cases.states import State
from core import clock
from documents.models import Document
from penalties import discretion as d
from penalties.services import notices, proposals
from tests.api.conftest import token_for
from tests.cases.factories import in_state, investigating

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class InTransactionWsgi:
    """Django's WSGI handler, keeping the test's database connection open (as Django's
    own test client does): requests run inside the test transaction."""

    def __init__(self) -> None:
        self.handler = get_wsgi_application()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self.handler(environ, start_response)
            try:
                return [b"".join(result)]
            finally:
                if hasattr(result, "close"):
                    result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@pytest.fixture
def world(w):
    """Objects for the generated requests to find."""
    case = investigating(w)
    ev = services.add_evidence(
        case,
        by=w.a,
        type="documentary",
        title="进货单",
        collected_on=clock.today(),
        collectors=[w.a.officer, w.b.officer],
        method="复印",
        source="当事人提供",
    )
    row = services.attach_file(ev, by=w.a, upload=SimpleUploadedFile("a.pdf", PDF))
    record = services.create_record(
        case,
        by=w.a,
        kind="inquiry",
        held_on=clock.today(),
        place="询问室",
        subject_name="王五",
        officers=[w.a.officer, w.b.officer],
        signature="signed",
        qa=[("问题", "回答")],
    )
    doc = Document.objects.filter(case_id=case.pk).first()
    # A second case with a proposal in force and a notice issued (penalties stages).
    proposed = in_state(w, State.INVESTIGATION_CLOSED)
    proposals.propose(
        proposed,
        facts={"minor": False, "harm": "general", "facts_certain": True},
        penalty=d.Proposal.of(d.PenaltyType.WARNING),
        by=w.a,
    )
    notices.issue_notice(proposed, by=w.a, facts="违法事实", officers=[w.a.officer, w.b.officer])
    cert = w.a.officer.certificates.get()
    by_prefix = {
        "/api/cases/": case.pk,
        "/api/parties/": case.primary_party_id,
        "/api/documents/": doc.pk,
        "/api/officers/": w.a.officer.pk,
        "/api/agencies/": w.agency.pk,
        "/api/certificates/": cert.pk,
    }
    named = {
        "eid": ev.pk,
        "fid": row.pk,
        "rid": record.pk,
        "n": 1,
        "seq": AuditEvent.objects.filter(case_id=case.pk).values_list("seq", flat=True).first(),
        "number": cert.number,
    }
    named["version"] = 1
    return by_prefix, named, proposed.pk


def _known(path: str, world) -> dict:
    by_prefix, named, proposed = world
    if any(part in path for part in ("/proposals/", "/notice/", "/decision/", "/execution/")):
        by_prefix = {**by_prefix, "/api/cases/": proposed}
    names = re.findall(r"{(\w+)}", path)
    out = {}
    for name in names:
        if name in named:
            out[name] = named[name]
        else:
            prefix = next((p for p in by_prefix if path.startswith(p)), None)
            if prefix is not None:
                out[name] = by_prefix[prefix]
    return out if len(out) == len(names) else {}


def _run(schema, app, world, headers: dict, examples: int) -> list[str]:
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        strategies = [operation.as_strategy()]
        known = _known(operation.path, world)
        if known:
            strategies.append(operation.as_strategy(path_parameters=known))

        @settings(
            max_examples=examples,
            deadline=3000,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=st.one_of(strategies))
        def check(case):
            case.call_and_validate(app=app, headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as exc:  # collect every failing operation, then report them all
            failures.append(f"{operation.label}: {exc}")
    return failures


@pytest.fixture
def served(w):
    app = InTransactionWsgi()
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", app), app


def test_schemathesis_as_an_officer(w, world, served):
    schema, app = served
    headers = {"Authorization": f"Bearer {token_for(w.a)}"}
    failures = _run(schema, app, world, headers, examples=4)
    assert not failures, "\n\n".join(failures)


def test_schemathesis_as_anonymous(w, world, served):
    schema, app = served
    failures = _run(schema, app, world, {}, examples=2)
    assert not failures, "\n\n".join(failures)
