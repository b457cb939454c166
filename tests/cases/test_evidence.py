"""Evidence (R-22): statutory types, two collectors (R-01), uploads checked by content,
sha256, audited and permission-checked downloads, verified/excluded, party opinion;
preservation (R-23): approval and the 7 WD disposal deadline."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from cases import deadlines, selectors, services, uploads
from cases.models import Evidence, EvidenceFile
from core import clock
from core.errors import DomainError, RuleViolation
from tests.cases.factories import investigating

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _evidence(case, by, officers=None, **kw):
    data = dict(
        type="documentary",
        title="进货单",
        collected_on=clock.today(),
        method="复印",
        source="当事人提供",
        collectors=officers,
    )
    data.update(kw)
    return services.add_evidence(case, by=by, **data)


@pytest.fixture
def case(w):
    return investigating(w)


def test_r22_eight_statutory_types():
    assert [label for _v, label in Evidence.Type.choices] == [
        "书证",
        "物证",
        "视听资料",
        "电子数据",
        "证人证言",
        "当事人的陈述",
        "鉴定意见",
        "勘验笔录、现场笔录",
    ]


def test_r22_r01_collected_by_two_qualified_officers(w, case):
    with pytest.raises(RuleViolation) as exc:
        _evidence(case, w.a, [w.a.officer])
    assert str(exc.value) == "R-01: 执法活动须由两名以上执法人员参与"
    with pytest.raises(RuleViolation) as exc:
        _evidence(case, w.a, [w.a.officer, w.b.officer], type="hearsay")
    assert str(exc.value) == "R-22: 证据种类须为法定的八种证据之一"
    ev = _evidence(case, w.a, [w.a.officer, w.b.officer])
    assert ev.seq == 1 and ev.state == "collected" and ev.collected_by.count() == 2
    assert _evidence(case, w.a, [w.a.officer, w.b.officer]).seq == 2


def test_r22_upload_type_by_content_not_by_name(w, case):
    ev = _evidence(case, w.a, [w.a.officer, w.b.officer])
    with pytest.raises(DomainError) as exc:
        services.attach_file(
            ev,
            by=w.a,
            upload=SimpleUploadedFile("invoice.pdf", EXE, content_type="application/pdf"),
        )
    assert (
        str(exc.value)
        == "文件类型不在允许范围内（按文件内容判断，允许：PDF、JPEG、PNG、MP4、MOV、MP3、WAV、DOCX、XLSX、TXT）"
    )
    assert not EvidenceFile.objects.exists()
    row = services.attach_file(
        ev, by=w.a, upload=SimpleUploadedFile("photo.txt", PNG, content_type="text/plain")
    )
    assert row.content_type == "image/png" and row.extension == ".png"
    assert row.sha256 == hashlib.sha256(PNG).hexdigest() and row.size == len(PNG)
    assert row.file.name == f"evidence/{case.pk}/{row.sha256}.png"  # no user input in the path
    event = AuditEvent.objects.get(action="cases.evidence.file_uploaded")
    assert event.case_id == case.pk and event.data["sha256"] == row.sha256


def test_r22_upload_size_limit(w, case, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1024
    ev = _evidence(case, w.a, [w.a.officer, w.b.officer])
    with pytest.raises(DomainError) as exc:
        services.attach_file(ev, by=w.a, upload=SimpleUploadedFile("big.pdf", PDF + b"x" * 2000))
    assert str(exc.value) == "文件超过大小上限（0.0 MB）"
    assert not EvidenceFile.objects.exists()


def test_sniffing_accepts_the_listed_types():
    def office(part):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr(part, "<x/>")
        return buf.getvalue()

    cases = {
        PDF: "PDF",
        b"\xff\xd8\xff\xe0" + b"\x00" * 20: "JPEG",
        PNG: "PNG",
        b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 8: "MP4",
        b"\x00\x00\x00\x14ftypqt  " + b"\x00" * 8: "MOV",
        b"ID3\x03\x00" + b"\x00" * 20: "MP3",
        b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 8: "WAV",
        office("word/document.xml"): "DOCX",
        office("xl/workbook.xml"): "XLSX",
        "询问记录：当事人承认销售过期食品。\n".encode(): "TXT",
    }
    for data, label in cases.items():
        assert uploads.sniff(data).label == label
    assert uploads.sniff(EXE) is None
    assert uploads.sniff(office("other.xml")) is None
    assert uploads.sniff(b"text with \x01 control") is None


def test_r22_download_is_permission_checked_and_audited(client, w, case):
    ev = _evidence(case, w.a, [w.a.officer, w.b.officer])
    row = services.attach_file(ev, by=w.a, upload=SimpleUploadedFile("a.pdf", PDF))
    url = f"/cases/{case.pk}/evidence/{ev.pk}/files/{row.pk}/"
    client.force_login(w.outsider)
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="cases.evidence.file_downloaded").exists()
    client.force_login(w.supervisor)
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert r["Content-Type"] == "application/pdf"
    event = AuditEvent.objects.get(action="cases.evidence.file_downloaded")
    assert event.actor_id == w.supervisor.pk and event.case_id == case.pk
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_r22_only_verified_evidence_is_citable(w, case):
    a = _evidence(case, w.a, [w.a.officer, w.b.officer], title="甲")
    b = _evidence(case, w.a, [w.a.officer, w.b.officer], title="乙")
    c = _evidence(case, w.a, [w.a.officer, w.b.officer], title="丙")
    services.verify_evidence(a, by=w.a, note="与原件核对一致")
    services.exclude_evidence(b, by=w.a, reasons="与案件无关")
    assert list(selectors.citable_evidence(case)) == [a]
    services.exclude_evidence(c, by=w.a, reasons="以欺骗手段取得", illegally_obtained=True)
    with pytest.raises(RuleViolation) as exc:
        services.verify_evidence(c, by=w.a)
    assert str(exc.value) == "R-22: 以非法手段取得的证据不得作为认定案件事实的根据"
    assert Evidence.objects.get(pk=c.pk).state == "excluded"
    assert list(selectors.citable_evidence(case.pk)) == [a]


def test_r22_party_opinion_recorded_including_no_objection(w, case):
    ev = _evidence(case, w.a, [w.a.officer, w.b.officer])
    services.record_party_opinion(ev, by=w.a, opinion="no_objection")
    ev.refresh_from_db()
    assert ev.get_party_opinion_display() == "无异议" and ev.party_opinion_on == clock.today()
    with pytest.raises(RuleViolation) as exc:
        services.record_party_opinion(ev, by=w.a, opinion="objection", text="")
    assert str(exc.value) == "R-22: 当事人有异议的，须记录异议内容"
    with pytest.raises(RuleViolation):
        services.record_party_opinion(ev, by=w.a, opinion="")
    assert AuditEvent.objects.filter(action="cases.evidence.opinion_recorded").count() == 1


def test_evidence_page_actions(client, w, case):
    ev = _evidence(case, w.a, [w.a.officer, w.b.officer])
    client.force_login(w.a)
    assert client.get(f"/cases/{case.pk}/evidence/{ev.pk}/").status_code == 200
    r = client.post(
        f"/cases/{case.pk}/evidence/{ev.pk}/upload/", {"file": SimpleUploadedFile("x.bin", EXE)}
    )
    assert r.status_code == 302
    assert not EvidenceFile.objects.exists()
    r = client.post(
        f"/cases/{case.pk}/evidence/{ev.pk}/opinion/", {"opinion": "no_objection", "text": "\x00"}
    )
    assert r.status_code == 302 and Evidence.objects.get(pk=ev.pk).party_opinion == ""
    client.force_login(w.outsider)
    assert client.post(f"/cases/{case.pk}/evidence/{ev.pk}/verify/", {}).status_code == 404


def test_r23_preservation_needs_approval_and_disposal_within_7_wd(w):
    with clock.travel(date(2026, 9, 28)):
        case = investigating(w)
        p = services.request_preservation(
            case, by=w.a, items="过期食品20箱", place="执法局仓库", reasons="可能灭失"
        )
        with pytest.raises(RuleViolation) as exc:
            services.decide_preservation(p, by=w.a, approve=True)
        assert str(exc.value) == "R-23: 先行登记保存须经本机关负责人批准，您不是本机关负责人"
        p = services.decide_preservation(p, by=w.supervisor, approve=True)
        # 7 WD after Monday 28 Sep 2026: 29, 30 Sep, 8, 9, 10 (make-up Saturday), 12, 13 Oct.
        assert p.preserved_on == date(2026, 9, 28) and p.disposal_due_on == date(2026, 10, 13)
        assert not deadlines.preservation_overdue(p, today=date(2026, 10, 13))
        assert deadlines.preservation_overdue(p, today=date(2026, 10, 14))
        nd = deadlines.next_deadline(case, today=date(2026, 10, 14))
        assert nd.rule == "R-23" and nd.overdue
    with clock.travel(date(2026, 10, 14)):
        with pytest.raises(DomainError) as exc:
            services.dispose_preservation(p, by=w.a, disposal="return", note="")
        assert str(exc.value) == "请填写处理说明（逾期须说明原因）"
        p = services.dispose_preservation(p, by=w.a, disposal="return", note="检测报告延迟")
    assert p.status == "disposed"
    assert AuditEvent.objects.get(action="cases.preservation.disposed").data["late"] is True
