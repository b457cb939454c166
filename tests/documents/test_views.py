"""Document pages: permission (outsiders 404), audited downloads, the htmx status partial,
the case-page list partial, and the record-service form (R-38)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from audit.models import AuditEvent
from core import clock
from core.roles import Role
from documents import access, pipeline, selectors, services
from documents.models import DocumentVersion, ServiceRecord
from tests.documents.factories import issue, officer_user, pdf_proof
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_access(monkeypatch):
    """Test the documents app's own rule: no access checks registered by higher apps."""
    monkeypatch.setattr(access, "_checks", [])


@pytest.fixture
def officer():
    return officer_user(AgencyFactory(doc_prefix="滨市监"))


@pytest.fixture
def rendered(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return issue("penalty_decision", by=officer)


@pytest.fixture
def pending(officer):
    """Issued but not rendered (on_commit callbacks are not run): for tests that need no PDF."""
    return issue("penalty_decision", by=officer)


def login(client, user):
    client.force_login(user)
    return client


def test_detail_shows_number_versions_and_hash(client, officer, rendered):
    response = login(client, officer).get(reverse("documents:detail", args=[rendered.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert rendered.number in body
    assert rendered.versions.get().sha256 in body
    assert "记录送达" in body


def test_outsiders_get_404_everywhere(client, rendered):
    """Another agency's officer, a roleless user: 404 for every URL, no audit event."""
    outsider = officer_user(AgencyFactory())
    login(client, outsider)
    version = rendered.versions.get()
    for url in (
        reverse("documents:detail", args=[rendered.pk]),
        reverse("documents:status", args=[rendered.pk]),
        reverse("documents:download", args=[rendered.pk, version.n]),
        reverse("documents:download_latest", args=[rendered.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("documents:void", args=[rendered.pk]), {"reason": "x"}).status_code
        == 404
    )
    assert not AuditEvent.objects.filter(action="documents.document.downloaded").exists()
    # a user of the same agency without any role sees nothing either
    roleless = type(rendered.issued_by).objects.get(pk=UserFactory().pk)  # password saved
    roleless_officer = officer_user(rendered.agency)
    roleless_officer.groups.clear()
    login(client, roleless_officer)
    assert client.get(reverse("documents:detail", args=[rendered.pk])).status_code == 404
    login(client, roleless)
    assert client.get(reverse("documents:detail", args=[rendered.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("documents:detail", args=[rendered.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_download_is_the_pdf_and_is_audited(client, officer, rendered):
    version = rendered.versions.get()
    response = login(client, officer).get(reverse("documents:download", args=[rendered.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF") and len(content) == version.size
    event = AuditEvent.objects.get(action="documents.document.downloaded")
    assert event.actor_id == officer.pk
    assert event.data == {"version": 1, "sha256": version.sha256, "number": rendered.number}
    assert event.case_id == 7 and event.agency_id == rendered.agency_id
    latest = client.get(reverse("documents:download_latest", args=[rendered.pk]))
    assert latest.status_code == 200
    assert AuditEvent.objects.filter(action="documents.document.downloaded").count() == 2


def test_registered_access_check_decides(client, officer, rendered):
    """Higher apps (cases) register who may see a document; a refusal is a 404."""
    login(client, officer)
    refuse = access.register_access_check(lambda user, document: False)
    assert client.get(reverse("documents:detail", args=[rendered.pk])).status_code == 404
    access.unregister_access_check(refuse)
    outsider = officer_user(AgencyFactory())
    access.register_access_check(lambda user, document: user.pk == outsider.pk)
    login(client, outsider)
    assert client.get(reverse("documents:detail", args=[rendered.pk])).status_code == 200


def test_status_partial_polls_until_done(client, officer):
    doc = issue("penalty_notice", by=officer)  # on_commit not run: still pending
    login(client, officer)
    url = reverse("documents:status", args=[doc.pk])
    body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in body and f'hx-get="{url}"' in body
    assert "<progress" in body
    DocumentVersion.objects.filter(document=doc).update(state="rendering", progress=40)
    body = client.get(url).content.decode()
    assert 'value="40"' in body and "正在生成" in body
    pipeline.render_version_now(doc.versions.get().pk)
    body = client.get(url).content.decode()
    assert "hx-trigger" not in body
    assert reverse("documents:download", args=[doc.pk, 1]) in body


def test_document_list_partial_for_the_case_page(
    officer, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        done = issue("penalty_decision", by=officer, case_id=55)
    pending = issue("penalty_notice", by=officer, case_id=55)
    voided = issue("filing_approval", by=officer, case_id=55)
    services.void_document(voided, "重复制作", by=officer)
    issue("penalty_notice", by=officer, case_id=56)
    docs = list(selectors.documents_for_case(55))
    assert [d.pk for d in docs] == [done.pk, pending.pk, voided.pk]
    with django_assert_max_num_queries(0):
        html = render_to_string("documents/partials/document_list.html", {"documents": docs})
    assert done.number in html and pending.number in html
    assert reverse("documents:download", args=[done.pk, 1]) in html
    assert f'hx-get="{reverse("documents:status", args=[pending.pk])}"' in html
    assert "已作废" in html and "未送达" in html


def _post_service(client, doc, **fields):
    data = {
        "method": "direct",
        "served_on": clock.today().isoformat(),
        "recipient": "王建国",
        "proof": pdf_proof(),
    }
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(reverse("documents:record_service", args=[doc.pk]), data)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"served_on": "2026-13-45"}, "输入一个有效的日期"),
        ({"served_on": "不是日期"}, "输入一个有效的日期"),
        ({"served_on": "FUTURE"}, "R-38: 送达日期不得晚于今天"),
        ({"method": "electronic", "consent_reference": ""}, "R-38: 电子送达须经受送达人同意"),
        ({"proof": None}, "R-38: 须上传送达凭证或选择已签收的送达回证"),
        ({"recipient": "王\x00建国"}, "空字符"),
        ({"method": "pigeon"}, "选择一个有效的选项"),
        ({"receipt": "9" * 30, "proof": None}, "选择一个有效的选项"),
        ({"receipt": "abc", "proof": None}, "选择一个有效的选项"),
    ],
)
def test_record_service_form_errors_change_nothing(client, officer, pending, fields, message):
    """R-38: bad input is refused with a translated message; nothing is saved."""
    if fields.get("served_on") == "FUTURE":
        fields = {**fields, "served_on": (clock.today() + timedelta(days=1)).isoformat()}
    response = _post_service(login(client, officer), pending, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ServiceRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="documents.document.served").exists()


def test_record_service_form_service_rule_error_is_shown(client, officer):
    with clock.travel(date(2026, 11, 16)):
        doc = issue("penalty_decision", by=officer)
    with clock.travel(date(2026, 11, 19)):
        response = _post_service(login(client, officer), doc, served_on="2026-11-15")
    assert response.status_code == 400
    assert "R-38: 送达日期 2026-11-15 早于文书制作日期 2026-11-16。" in response.content.decode()
    assert not ServiceRecord.objects.exists()


def test_record_service_form_saves(client, officer, rendered):
    response = _post_service(
        login(client, officer), rendered, method="electronic", consent_reference="确认书-7"
    )
    assert response.status_code == 302
    record = ServiceRecord.objects.get()
    assert (record.method, record.recipient, record.consent_reference) == (
        "electronic",
        "王建国",
        "确认书-7",
    )
    assert selectors.served_on_date(rendered) == clock.today()
    proof = client.get(reverse("documents:service_proof", args=[rendered.pk, record.pk]))
    assert proof.status_code == 200 and b"".join(proof.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="documents.service_proof.downloaded").count() == 1


def test_void_needs_supervisor_and_keeps_number(client, officer, pending):
    rendered = pending
    login(client, officer)
    assert (
        client.post(reverse("documents:void", args=[rendered.pk]), {"reason": "错"}).status_code
        == 404
    )
    supervisor = officer_user(rendered.agency, role=Role.SUPERVISOR)
    login(client, supervisor)
    assert (
        client.post(reverse("documents:void", args=[rendered.pk]), {"reason": ""}).status_code
        == 400
    )
    response = client.post(
        reverse("documents:void", args=[rendered.pk]), {"reason": "当事人名称错误"}
    )
    assert response.status_code == 302
    rendered.refresh_from_db()
    assert rendered.is_void and rendered.void_reason == "当事人名称错误"
    body = client.get(reverse("documents:detail", args=[rendered.pk])).content.decode()
    assert "已作废" in body and rendered.number in body


def test_rerender_view(client, officer, rendered, django_capture_on_commit_callbacks):
    login(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:rerender", args=[rendered.pk]))
    assert response.status_code == 302
    assert list(rendered.versions.values_list("n", "state")) == [(1, "done"), (2, "done")]


def test_absurd_ids_are_404_not_500(client, officer, rendered):
    login(client, officer)
    huge = "9" * 30
    for url in (
        f"/documents/{huge}/",
        f"/documents/{huge}/status/",
        f"/documents/{rendered.pk}/v{huge}/pdf/",
        f"/documents/{rendered.pk}/service/{huge}/proof/",
        f"/documents/{rendered.pk}/v0/pdf/",
    ):
        assert client.get(url).status_code == 404, url
