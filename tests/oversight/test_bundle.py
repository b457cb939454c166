"""一案一卷: the case-file export (Celery task with progress, audited download) and the
stand-alone verifier `tools/verify_bundle.py` (plain Python, no Django): a clean bundle
passes; a modified file in the ZIP is named; a modified event is named; a broken link,
a removed or added file, an altered manifest (signature) are named."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import chain
from audit.models import AuditEvent
from cases.states import State
from oversight import bundle
from oversight.models import ExportBundle
from tests.cases.factories import investigating
from tests.oversight.support import PDF, evidence

pytestmark = pytest.mark.django_db

TOOL = Path(__file__).resolve().parents[2] / "tools" / "verify_bundle.py"
sys.path.insert(0, str(TOOL.parent))
import verify_bundle as vb  # noqa: E402


@pytest.fixture
def signing_key(monkeypatch, settings):
    settings.AUDIT_SIGNING_KEY_FILE = None
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    monkeypatch.setenv("AUDIT_SIGNING_KEY", base64.b64encode(raw).decode())
    return key


@pytest.fixture
def no_key(monkeypatch, settings):
    settings.AUDIT_SIGNING_KEY_FILE = None
    monkeypatch.delenv("AUDIT_SIGNING_KEY", raising=False)


def _export(client, w, case) -> ExportBundle:
    """Request an export on the case page; the task runs in-process once the request's
    transaction commits (eager Celery, as in the embedded default)."""
    from django.test import TestCase

    client.force_login(w.legal)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/oversight/cases/{case.pk}/export/", follow=True)
    assert response.status_code == 200
    return ExportBundle.objects.filter(case=case).latest("pk")


def _zip_of(x: ExportBundle, tmp_path) -> Path:
    path = tmp_path / f"bundle-{x.pk}.zip"
    with x.file.open("rb") as fh:
        path.write_bytes(fh.read())
    return path


def _rewrite(src: Path, dst: Path, changes: dict[str, bytes | None], add=None) -> Path:
    """Copy a ZIP, replacing (bytes) or dropping (None) members and adding others."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            if item.filename in changes:
                if changes[item.filename] is not None:
                    zout.writestr(item.filename, changes[item.filename])
                continue
            zout.writestr(item, zin.read(item.filename))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


@pytest.fixture
def built(client, w, no_key, tmp_path):
    case = investigating(w)
    evidence(case, w)
    evidence(case, w, title="询问笔录")
    x = _export(client, w, case)
    return case, x, _zip_of(x, tmp_path)


def test_export_builds_a_complete_bundle_and_audits_it(built, client, w):
    case, x, path = built
    assert x.state == ExportBundle.State.DONE and x.progress == 100
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        events = json.loads(zf.read("events.json"))
        index = zf.read("index.pdf")
    assert {"index.pdf", "events.json", "manifest.json", "README.txt"} <= names
    evidence_files = [n for n in names if n.startswith("evidence/")]
    assert len(evidence_files) == 2
    assert index.startswith(b"%PDF")
    # events: the case's full rows with their chain position
    stored = list(AuditEvent.objects.filter(case_id=case.pk, seq__lte=events[-1]["seq"]))
    assert [e["seq"] for e in events] == [e.seq for e in stored]
    assert {e["action"] for e in events} >= {"cases.case.registered", "cases.evidence.added"}
    assert all(
        e["hash"] == s.hash and e["prev_hash"] == s.prev_hash
        for e, s in zip(events, stored, strict=True)
    )
    assert [p["seq"] for p in manifest["events"]] == [e["seq"] for e in events]
    # every file has its sha256; evidence files match what the system recorded
    by_path = {f["path"]: f for f in manifest["files"]}
    assert set(by_path) == names - {"manifest.json"}
    assert all(by_path[n]["matches_record"] for n in evidence_files)
    # requesting, building and downloading are audited
    assert AuditEvent.objects.filter(
        action="oversight.case_file.requested", case_id=case.pk
    ).exists()
    built_event = AuditEvent.objects.get(action="oversight.case_file.built", case_id=case.pk)
    assert built_event.data["sha256"] == x.sha256 and built_event.actor_name == bundle.ACTOR
    response = client.get(f"/oversight/exports/{x.pk}/download/")
    assert response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content) == path.read_bytes()
    download = AuditEvent.objects.get(action="oversight.case_file.downloaded")
    assert download.actor_id == w.legal.pk and download.case_id == case.pk


def test_clean_bundle_passes(built):
    _case, _x, path = built
    problems, info = vb.verify(str(path))
    assert problems == []
    assert any("events checked" in line for line in info)


def test_verifier_runs_on_plain_python_without_django(built, tmp_path):
    """The tool is what a court runs: the system's Python without the project's venv."""
    _case, _x, path = built
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    result = subprocess.run(
        [python, "-I", str(TOOL), str(path)], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("OK")


def test_modified_file_in_the_zip_is_named(built, tmp_path):
    _case, _x, path = built
    with zipfile.ZipFile(path) as zf:
        target = sorted(n for n in zf.namelist() if n.startswith("evidence/"))[0]
    bad = _rewrite(path, tmp_path / "bad.zip", {target: PDF + b"% changed\n"})
    problems, _info = vb.verify(str(bad))
    assert len(problems) == 1
    assert problems[0].startswith(f"{target}: MODIFIED")
    assert vb.main([str(bad)]) == 1


def test_modified_index_and_removed_or_added_files_are_named(built, tmp_path):
    _case, _x, path = built
    with zipfile.ZipFile(path) as zf:
        target = sorted(n for n in zf.namelist() if n.startswith("evidence/"))[0]
    bad = _rewrite(
        path,
        tmp_path / "bad.zip",
        {"index.pdf": b"%PDF-1.4 forged", target: None},
        add={"evidence/999-forged.pdf": PDF},
    )
    problems, _info = vb.verify(str(bad))
    text = "\n".join(problems)
    assert "index.pdf: MODIFIED" in text
    assert f"{target}: listed in the manifest but not in the ZIP (removed)" in text
    assert "evidence/999-forged.pdf: in the ZIP but not listed in the manifest (added)" in text


def test_modified_event_is_named_even_with_a_fixed_up_manifest(built, tmp_path):
    """The forger edits one event and updates the file's sha256 in the manifest: the
    event's recomputed hash still names it."""
    _case, _x, path = built
    with zipfile.ZipFile(path) as zf:
        events = json.loads(zf.read("events.json"))
        manifest = json.loads(zf.read("manifest.json"))
    victim = events[1]
    victim["actor_name"] = "someone-else"
    new_events = json.dumps(events, ensure_ascii=False).encode()
    for entry in manifest["files"]:
        if entry["path"] == "events.json":
            entry["sha256"] = vb._sha256(new_events)
            entry["size"] = len(new_events)
    bad = _rewrite(
        path,
        tmp_path / "bad.zip",
        {"events.json": new_events, "manifest.json": json.dumps(manifest).encode()},
    )
    problems, _info = vb.verify(str(bad))
    assert problems == [
        f"event seq {victim['seq']} ({victim['action']}): MODIFIED — its hash does not match its fields"
    ]


def test_replaced_event_breaks_the_link_to_its_predecessor(built, tmp_path):
    """An event re-hashed consistently after an edit no longer links to the previous
    consecutive event, and no longer sits at its manifest position."""
    _case, _x, path = built
    with zipfile.ZipFile(path) as zf:
        events = json.loads(zf.read("events.json"))
    pairs = [(a, b) for a, b in zip(events, events[1:], strict=False) if b["seq"] == a["seq"] + 1]
    assert pairs, "the case's first events are consecutive"
    _first, second = pairs[0]
    second["prev_hash"] = "1" * 64
    second["hash"] = vb.event_hash(second["prev_hash"], second)
    bad = _rewrite(path, tmp_path / "bad.zip", {"events.json": json.dumps(events).encode()})
    problems, _info = vb.verify(str(bad))
    text = "\n".join(problems)
    assert "events.json: MODIFIED" in text
    assert f"event seq {second['seq']}" in text and "does not link" in text
    assert "differs from its manifest position" in text


def test_signed_manifest_and_altered_manifest(client, w, signing_key, tmp_path):
    case = investigating(w)
    evidence(case, w)
    x = _export(client, w, case)
    path = _zip_of(x, tmp_path)
    fp = (
        __import__("hashlib")
        .sha256(
            signing_key.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        )
        .hexdigest()
    )
    problems, info = vb.verify(str(path), trusted=fp)
    assert problems == [] and any(fp in line for line in info)
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest["case"]["title"] = "另一个案由"
    bad = _rewrite(path, tmp_path / "bad.zip", {"manifest.json": json.dumps(manifest).encode()})
    problems, _info = vb.verify(str(bad))
    assert any("BAD SIGNATURE" in p for p in problems)
    problems, _info = vb.verify(str(path), trusted="0" * 64)
    assert any("not the trusted" in p for p in problems)


def test_not_a_bundle_is_reported_not_crashed(tmp_path, capsys):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    assert vb.main([str(junk)]) == 2
    assert "not a readable ZIP" in capsys.readouterr().out
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("x.txt", "x")
    assert vb.main([str(empty)]) == 2


def test_export_status_polls_until_done(client, w, no_key):
    case = investigating(w)
    client.force_login(w.legal)
    x = ExportBundle.objects.create(
        case=case, requested_by=w.legal, requested_at=case.created_at, state="building", progress=40
    )
    body = client.get(f"/oversight/exports/{x.pk}/status/").content.decode()
    assert 'hx-trigger="every 1s"' in body and '<progress value="40" max="100">' in body
    assert client.get(f"/oversight/exports/{x.pk}/download/").status_code == 404  # not ready
    bundle.build_now(x.pk)
    body = client.get(f"/oversight/exports/{x.pk}/status/").content.decode()
    assert "hx-get" not in body and "下载 ZIP" in body


@pytest.mark.parametrize("who", ["a", "supervisor", "outsider", "outsider_legal", "auditor"])
def test_export_pages_are_404_for_others(client, w, no_key, who):
    from core.roles import Role
    from tests.factories import OfficerFactory, UserFactory

    case = investigating(w)
    x = _export(client, w, case)
    client.logout()
    if who == "outsider_legal":
        user = OfficerFactory(agency=w.other_agency, user__roles=[Role.LEGAL_OFFICE]).user
    elif who == "auditor":
        user = UserFactory(roles=[Role.AUDIT_ADMIN])
    else:
        user = getattr(w, who)
    client.force_login(user)
    count = ExportBundle.objects.count()
    assert client.post(f"/oversight/cases/{case.pk}/export/").status_code == 404
    assert client.get(f"/oversight/exports/{x.pk}/status/").status_code == 404
    assert client.get(f"/oversight/exports/{x.pk}/download/").status_code == 404
    assert ExportBundle.objects.count() == count
    assert not AuditEvent.objects.filter(action="oversight.case_file.downloaded").exists()


# --- The tool's canonical form is the system's ----------------------------------------------
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=json_values,
    data=st.dictionaries(st.text(max_size=8), json_values, max_size=5),
    name=st.text(max_size=20),
    ip=st.sampled_from([None, "10.0.0.1", "::ffff:1.2.3.4", "2001:db8::1", "bad"]),
    seq=st.integers(min_value=1, max_value=2**62),
)
def test_tool_hash_equals_the_systems(before, data, name, ip, seq):
    event = {
        "seq": seq,
        "at": "2026-11-27T08:00:00.123456Z",
        "actor_id": 7,
        "actor_name": name,
        "role": "legal_office",
        "ip": ip,
        "request_id": "r-1",
        "action": "cases.case.viewed",
        "object_type": "cases.case",
        "object_id": "12",
        "object_repr": name,
        "case_id": 12,
        "agency_id": None,
        "before": before,
        "after": None,
        "data": data,
        "prev_hash": "ab" * 32,
    }
    assert vb.canonical(event) == chain.canonical(event)
    assert vb.event_hash("ab" * 32, event) == chain.event_hash("ab" * 32, event)
    # and after a trip through the JSON of events.json
    trip = json.loads(json.dumps(chain.jsonable(event)))
    assert vb.event_hash("ab" * 32, trip) == chain.event_hash("ab" * 32, chain.jsonable(event))


def test_tool_recomputes_stored_events_exactly(w):
    case = investigating(w)
    assert case.state == State.INVESTIGATING
    for row in bundle.event_rows(case.pk):
        assert vb.event_hash(row["prev_hash"], json.loads(json.dumps(row))) == row["hash"]


def _code(module, name: str) -> str:
    """A function's code without its docstring and decorators (caching)."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(getattr(module, name)))
    func = tree.body[0]
    func.decorator_list = []
    if (
        func.body
        and isinstance(func.body[0], ast.Expr)
        and isinstance(func.body[0].value, ast.Constant)
    ):
        func.body = func.body[1:]
    return ast.dump(func)


@pytest.mark.parametrize(
    "name",
    [
        "_number",
        "_prepare",
        "_default",
        "canonical",
        "event_hash",
        "normalise_ip",
        "clean_text",
        "format_time",
    ],
)
def test_tool_copy_of_the_canonical_code_is_identical(name):
    """The copied functions are the system's, statement for statement (a change to one
    without the other fails here)."""
    assert _code(vb, name) == _code(chain, name)
    assert vb.HASHED_FIELDS == chain.HASHED_FIELDS and vb.GENESIS_HASH == chain.GENESIS_HASH


def test_tool_imports_the_standard_library_only():
    import ast

    tree = ast.parse(TOOL.read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module.split(".")[0])
    assert modules - {"__future__"} <= set(sys.stdlib_module_names), modules


def test_bundle_holds_every_document_version(client, no_key, tmp_path):
    """A decided case: its notice and decision PDFs (rendered by the documents pipeline)
    are in the bundle with the sha256 the system recorded, and the bundle verifies."""
    from django.test import TestCase

    from documents.models import DocumentVersion
    from tests.penalties.decision_support import decided, dworld

    dw = dworld()
    with TestCase.captureOnCommitCallbacks(execute=True):
        case, _decision = decided(dw)
    versions = list(
        DocumentVersion.objects.filter(document__case_id=case.pk, state="done").exclude(file="")
    )
    assert versions, "the documents were rendered"
    x = _export(client, dw.w, case)
    path = _zip_of(x, tmp_path)
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    docs = [f for f in manifest["files"] if f.get("kind") == "document"]
    assert {(f["document_id"], f["version"]) for f in docs} == {
        (v.document_id, v.n) for v in versions
    }
    assert all(f["matches_record"] and f["sha256"] == f["recorded_sha256"] for f in docs)
    assert vb.verify(str(path))[0] == []


def test_a_lost_build_does_not_block_new_exports(client, w, no_key):
    from datetime import timedelta

    from django.utils import timezone

    case = investigating(w)
    ExportBundle.objects.create(
        case=case,
        requested_by=w.legal,
        requested_at=timezone.now() - timedelta(hours=3),
        state="building",
    )
    x = _export(client, w, case)
    assert x.state == ExportBundle.State.DONE
