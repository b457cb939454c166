"""Object permissions identical to the pages: another agency's case, its evidence,
records, documents and parties are 404 (never 403 with data); lists show only what the
user may see; the audit explorer is for the legal office and the audit administrator."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from core import clock
from core.roles import Role
from documents.models import Document
from tests.api.conftest import problem
from tests.cases.factories import investigating
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def case(w):
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
    services.attach_file(ev, by=w.a, upload=SimpleUploadedFile("a.pdf", PDF))
    return case


def test_another_agencys_case_is_404_everywhere(w, api, case):
    outsider = api(w.outsider_supervisor)
    ev = case.evidence.get()
    f = ev.files.get()
    doc = Document.objects.filter(case_id=case.pk).first()
    assert doc is not None
    paths = [
        f"cases/{case.pk}/",
        f"cases/{case.pk}/timeline/",
        f"cases/{case.pk}/evidence/",
        f"cases/{case.pk}/evidence/{ev.pk}/",
        f"cases/{case.pk}/evidence/{ev.pk}/files/{f.pk}/",
        f"cases/{case.pk}/records/",
        f"cases/{case.pk}/documents/",
        f"documents/{doc.pk}/",
        f"documents/{doc.pk}/pdf/",
        f"parties/{case.primary_party_id}/",
    ]
    for path in paths:
        r = outsider.get(path)
        body = problem(r)
        assert r.status_code == 404, path
        assert case.number not in r.content.decode()
        assert body["detail"] == "未找到该资源，或您无权查看"
    for path in (
        f"cases/{case.pk}/actions/close-investigation/",
        f"cases/{case.pk}/evidence/{ev.pk}/verify/",
        f"cases/{case.pk}/edit/",
        f"parties/{case.primary_party_id}/reveal/",
        f"documents/{doc.pk}/void/",
    ):
        assert outsider.post(path, {"reasons": "x"}).status_code == 404, path
    listed = outsider.get("cases/").json()["results"]
    assert case.pk not in [c["id"] for c in listed]


def test_lists_are_scoped_like_the_pages(w, api, case):
    mine = api(w.a)
    assert [c["id"] for c in mine.get("cases/").json()["results"]] == [case.pk]
    parties = mine.get("parties/").json()["results"]
    assert case.primary_party_id in [p["id"] for p in parties]
    assert all("*" in p["masked_id_number"] for p in parties)
    # An ordinary officer sees only their own officer file; a supervisor the agency's.
    assert [o["id"] for o in mine.get("officers/").json()["results"]] == [w.a.officer.pk]
    agency_ids = {o["agency"] for o in api(w.supervisor).get("officers/").json()["results"]}
    assert agency_ids == {w.agency.pk}
    assert [a["id"] for a in mine.get("agencies/").json()["results"]] == [w.agency.pk]
    assert mine.get(f"agencies/{w.other_agency.pk}/").status_code == 404


def test_officers_see_only_assigned_cases_when_the_agency_says_so(w, api, case):
    w.agency.rule_settings.officers_see_assigned_only = True
    w.agency.rule_settings.save()
    assert api(w.c).get(f"cases/{case.pk}/").status_code == 404
    assert api(w.a).get(f"cases/{case.pk}/").status_code == 200


def test_audit_events_for_legal_office_and_audit_admin_only(w, api, case):
    assert api(w.a).get("audit/events/").status_code == 404
    assert api(w.supervisor).get("audit/events/").status_code == 404
    legal = api(w.legal).get("audit/events/", {"case": case.pk})
    assert legal.status_code == 200
    events = legal.json()["results"]
    assert events and {e["case_id"] for e in events} == {case.pk}
    assert [e["seq"] for e in events] == sorted((e["seq"] for e in events), reverse=True)
    seq = events[0]["seq"]
    assert api(w.legal).get(f"audit/events/{seq}/").json()["seq"] == seq
    # The other agency's legal office does not see this agency's events.
    other_legal = user_with_role(Role.LEGAL_OFFICE, agency=w.other_agency)
    assert api(other_legal).get(f"audit/events/{seq}/").status_code == 404
    assert api(other_legal).get("audit/events/", {"case": case.pk}).json()["results"] == []


def test_party_identity_reveal_is_audited_and_limited(w, api, case):
    r = api(w.a).post(f"parties/{case.primary_party_id}/reveal/")
    assert r.status_code == 200 and r.json()["id_number"] == case.primary_party.id_number
    r = api(w.c).post(f"parties/{case.primary_party_id}/reveal/")
    assert r.status_code == 403 and "id_number" not in r.json()
