"""Each of the 16 kinds renders a real PDF (WeasyPrint) with an embedded CJK font; the
stored file has its sha256; failures leave no file; re-rendering keeps old versions."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from audit.models import AuditEvent
from documents import kinds, pipeline, rendering, services
from documents.amounts import amount_in_capitals
from documents.models import DocumentVersion
from tests.documents.factories import issue, pdffonts, pdftotext, poppler_available

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not poppler_available(), reason="needs poppler-utils (pdftotext, pdffonts)"),
]

# The amount each sample prints, in capitals.
SAMPLE_AMOUNT = {
    "filing_approval": "400",
    "inspection_record": "400",
    "inquiry_record": "400",
    "preservation_notice": "400",
    "no_penalty_decision": "86.30",
    "service_receipt": "6250.50",
    "demand_notice": "5000",
    "summary_decision": "200",
}


def _issue_and_render(django_capture_on_commit_callbacks, kind: str, **kw):
    with django_capture_on_commit_callbacks(execute=True):
        doc = issue(kind, **kw)
    return doc, doc.versions.get(n=1)


@pytest.mark.parametrize("code", sorted(kinds.KINDS))
def test_each_kind_renders_a_pdf_with_party_number_amount_and_cjk_font(
    code, django_capture_on_commit_callbacks
):
    doc, version = _issue_and_render(django_capture_on_commit_callbacks, code)
    assert version.state == DocumentVersion.State.DONE, version.error
    assert version.progress == 100
    path = Path(version.file.path)
    content = path.read_bytes()
    assert content.startswith(b"%PDF")
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert version.size == len(content)

    text = pdftotext(path)
    assert "滨海市鲜味源食品有限公司" in text
    assert doc.number in text.replace(" ", "")
    capitals = amount_in_capitals(SAMPLE_AMOUNT.get(code, "5000"))
    assert capitals in text.replace(" ", "").replace("\n", "")
    assert doc.agency_name in text.replace(" ", "")

    fonts = pdffonts(path)
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk, fonts
    # embedded (emb=yes) and subset: no empty boxes for Chinese characters
    assert all(" yes yes " in line for line in cjk), fonts
    assert any("Serif-CJK-SC-Bold" in line for line in cjk)
    assert any(line.split()[0].endswith("Noto-Serif-CJK-SC") for line in cjk)


def test_r65_served_documents_carry_the_evaluation_link(django_capture_on_commit_callbacks):
    """R-65: every served document carries a link/QR code to the party's evaluation page."""
    doc, version = _issue_and_render(django_capture_on_commit_callbacks, "penalty_decision")
    url = f"https://zf.example.gov.cn/public/evaluate/{doc.evaluation_token}/"
    assert rendering.evaluation_url(doc) == url
    html = rendering.render_html(doc)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "qr" in html
    assert url in pdftotext(Path(version.file.path)).replace("\n", "").replace(" ", "")
    internal, _v = _issue_and_render(django_capture_on_commit_callbacks, "filing_approval")
    assert "/public/evaluate/" not in rendering.render_html(internal)
    assert len(doc.evaluation_token) >= 32 and doc.evaluation_token != internal.evaluation_token


def test_r02_officers_and_certificates_are_printed(django_capture_on_commit_callbacks):
    """R-02: served documents list the officers' names and certificate numbers."""
    _doc, version = _issue_and_render(django_capture_on_commit_callbacks, "penalty_notice")
    text = pdftotext(Path(version.file.path)).replace(" ", "")
    assert "李明（执法证号：37020019001）" in text
    assert "张华（执法证号：37020019002）" in text


def test_rendering_is_audited_with_task_actor(django_capture_on_commit_callbacks):
    doc, version = _issue_and_render(django_capture_on_commit_callbacks, "penalty_decision")
    issued = AuditEvent.objects.get(action="documents.document.issued")
    rendered = AuditEvent.objects.get(action="documents.document.rendered")
    assert issued.case_id == 7 and issued.agency_id == doc.agency_id
    assert issued.data["number"] == doc.number
    assert rendered.actor_name == "task:documents.render"
    assert rendered.data == {"version": 1, "sha256": version.sha256, "size": version.size}
    assert rendered.case_id == 7


def test_failed_rendering_is_recorded_and_leaves_no_file(
    django_capture_on_commit_callbacks, monkeypatch, settings
):
    def boom(html):
        raise RuntimeError("font server on fire")

    monkeypatch.setattr(rendering, "html_to_pdf", boom)
    doc, version = _issue_and_render(django_capture_on_commit_callbacks, "penalty_decision")
    assert version.state == DocumentVersion.State.FAILED
    assert version.error == "RuntimeError: font server on fire"
    assert not version.file and not version.sha256
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert AuditEvent.objects.filter(action="documents.document.render_failed").count() == 1

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        v2 = services.rerender(doc, by=doc.issued_by)
    v2.refresh_from_db()
    assert v2.n == 2 and v2.state == DocumentVersion.State.DONE
    version.refresh_from_db()
    assert version.state == DocumentVersion.State.FAILED  # the old version is kept


def test_rerender_keeps_old_version_and_hash(django_capture_on_commit_callbacks):
    doc, v1 = _issue_and_render(django_capture_on_commit_callbacks, "penalty_notice")
    with django_capture_on_commit_callbacks(execute=True):
        v2 = services.rerender(doc, by=doc.issued_by)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert [v.n for v in doc.versions.order_by("n")] == [1, 2]
    assert v1.state == v2.state == DocumentVersion.State.DONE
    assert Path(v1.file.path).exists() and Path(v2.file.path).exists()
    assert v1.file.name != v2.file.name
    assert v1.sha256 == hashlib.sha256(Path(v1.file.path).read_bytes()).hexdigest()
    assert doc.latest_version == v2


def test_rerender_refused_while_rendering():
    doc = issue("penalty_notice")  # on_commit not run: version 1 stays pending
    with pytest.raises(services.DomainError, match="文书正在生成，请稍候"):
        services.rerender(doc, by=doc.issued_by)
    assert doc.versions.count() == 1


def test_render_task_is_idempotent(django_capture_on_commit_callbacks):
    doc, version = _issue_and_render(django_capture_on_commit_callbacks, "penalty_notice")
    assert pipeline.render_version_now(version.pk) == "done"
    version.refresh_from_db()
    assert AuditEvent.objects.filter(action="documents.document.rendered").count() == 1
    assert pipeline.render_version_now(999999) == "missing"


def test_voided_document_rerenders_with_void_mark(django_capture_on_commit_callbacks):
    doc, _v1 = _issue_and_render(django_capture_on_commit_callbacks, "penalty_notice")
    services.void_document(doc, "当事人名称错误，重新制作", by=doc.issued_by)
    doc.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        v2 = services.rerender(doc, by=doc.issued_by)
    v2.refresh_from_db()
    text = pdftotext(Path(v2.file.path)).replace(" ", "")
    assert "本文书已作废：当事人名称错误，重新制作" in text
    assert doc.number in text
