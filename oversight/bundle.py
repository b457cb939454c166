"""一案一卷: a case file exported as one ZIP, checkable outside the agency.

Contents:

* `index.pdf` — the file's index (案卷目录): the case, every document version and
  evidence file with its sha256, and the case's events (who did what when);
* `documents/<number>-v<n>.pdf` — every rendered version of every document of the case;
* `evidence/<seq>-<file id><ext>` — every evidence file;
* `events.json` — the case's audit events, full rows (seq, time, actor, action, object,
  before/after/data, prev_hash, hash), oldest first;
* `checkpoint.json` — the latest signed checkpoint of the whole chain, when there is one;
* `README.txt` — how to check the bundle;
* `manifest.json` — sha256 and size of every file above, and the chain position (seq,
  hash, prev_hash) of each event;
* `manifest.sig` — when a signing key is configured: the Ed25519 signature of
  manifest.json by the audit signing key (JSON: public key, fingerprint, signature).

`tools/verify_bundle.py` (plain Python, no Django) checks every file against the manifest,
recomputes every event's hash from its fields, checks the prev_hash links of consecutive
events, and the manifest signature.

Built by a Celery task (`oversight.tasks.build_case_bundle`), which updates the row's
progress as it goes (the page polls it); the ZIP is written to a temporary file, hashed,
and only then stored and marked done. Requesting, building and downloading are audited.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from audit import chain, checkpoints
from audit.actions import label_for
from audit.models import ChainHead, Checkpoint
from audit.selectors import events_for_case
from audit.services import record
from core import context
from documents.models import Document, DocumentVersion
from oversight.models import ExportBundle

log = logging.getLogger(__name__)

FORMAT = "enforcement-case-bundle"
VERSION = 1
ACTOR = "task:oversight.build_case_bundle"
REQUESTED = "oversight.case_file.requested"
BUILT = "oversight.case_file.built"
FAILED = "oversight.case_file.failed"
DOWNLOADED = "oversight.case_file.downloaded"
CHUNK = 1024 * 1024
# A bundle still pending or building after this long is taken as lost (worker crash).
STALE_AFTER = timedelta(hours=2)

README = """一案一卷 · 案卷导出包 / Case file bundle

案件：{case}
导出时间：{generated_at}（UTC）
导出包格式：{format} v{version}

校验方法 / How to check:
    python3 verify_bundle.py 本文件.zip

verify_bundle.py 只用 Python 标准库，可从执法机关或其公开渠道取得（请勿使用导出包内附带的
程序校验导出包本身）。它核对 manifest.json 中每个文件的 SHA-256，按 events.json 中每条
审计事件的字段重新计算哈希，核对序号相连事件的前一哈希，并在有 manifest.sig 时核对签名；
通过时输出 OK，否则逐项列出问题（被修改的文件或事件会被点名）。

审计事件的哈希：hash = sha256(prev_hash || canonical_json(event))，canonical_json 为按键
排序的紧凑 JSON（数字以统一的十进制指数形式书写），定义见 verify_bundle.py。
events.json 仅含本案事件，序号不连续处属于其他案件；每条事件在整条审计链中的位置（序号、
哈希）见 manifest.json，可与执法机关的审计链或签名检查点（checkpoint.json）比对。
"""


def _safe(name: str) -> str:
    """A path component from a document number (keeps Chinese; no separators)."""
    text = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "_", name).strip(" .")
    return text[:80] or "document"


def event_rows(case_id: int) -> list[dict[str, Any]]:
    """The case's events as exported: every hashed column plus the hash, `at` in the
    canonical UTC spelling (so that the row hashes exactly as stored)."""
    rows = []
    for row in events_for_case(case_id).values(*chain.HASHED_FIELDS, "hash"):
        row["at"] = chain.format_time(row["at"])
        rows.append({name: row[name] for name in (*chain.HASHED_FIELDS, "hash")})
    return rows


@transaction.atomic
def request_export(case, *, by) -> ExportBundle:
    """Queue a build; the request is an audit event on the case."""
    bundle = ExportBundle.objects.create(case=case, requested_by=by, requested_at=timezone.now())
    bundle.case = case
    record(REQUESTED, bundle, by=by, data={"bundle": bundle.pk})
    from oversight.tasks import build_case_bundle

    # robust: an unreachable broker leaves the row pending (shown, and stale after
    # STALE_AFTER) instead of failing the request after the commit.
    transaction.on_commit(lambda: build_case_bundle.delay(bundle.pk), robust=True)
    return bundle


def _progress(bundle_id: int, percent: int) -> None:
    ExportBundle.objects.filter(pk=bundle_id, state=ExportBundle.State.BUILDING).update(
        progress=max(1, min(99, percent))
    )


class _Writer:
    """Adds members to the ZIP and keeps their manifest entries."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.entries: list[dict[str, Any]] = []

    def add_bytes(self, path: str, data: bytes, **info: Any) -> dict[str, Any]:
        self.zf.writestr(path, data)
        entry = {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        entry.update(info)
        self.entries.append(entry)
        return entry

    def add_stored(self, path: str, field_file, **info: Any) -> dict[str, Any]:
        digest = hashlib.sha256()
        size = 0
        try:
            handle = field_file.open("rb")
        except (FileNotFoundError, OSError, ValueError):
            entry = {"path": path, "missing": True, **info}
            self.entries.append(entry)
            return entry
        with handle, self.zf.open(path, "w", force_zip64=True) as out:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        entry = {"path": path, "sha256": digest.hexdigest(), "size": size, **info}
        if info.get("recorded_sha256") is not None:
            entry["matches_record"] = entry["sha256"] == info["recorded_sha256"]
        self.entries.append(entry)
        return entry


def _signature(manifest_bytes: bytes) -> bytes | None:
    """manifest.sig: Ed25519 over manifest.json by the audit signing key (if configured)."""
    try:
        key = checkpoints.load_private_key()
    except checkpoints.SigningKeyError:
        log.warning("case bundle: the audit signing key is unusable; manifest not signed")
        return None
    if key is None:
        return None
    raw = checkpoints.public_raw(key)
    doc = {
        "algorithm": "Ed25519",
        "signed_file": "manifest.json",
        "public_key": base64.b64encode(raw).decode("ascii"),
        "public_key_fingerprint": checkpoints.fingerprint(raw),
        "signature": base64.b64encode(key.sign(manifest_bytes)).decode("ascii"),
    }
    return (json.dumps(doc, indent=2) + "\n").encode()


def _index_pdf(context_data: dict[str, Any]) -> bytes:
    from documents.rendering import html_to_pdf

    with translation.override("zh-hans"):
        html = render_to_string("oversight/bundle/index.html", context_data)
    return html_to_pdf(html)


def build_now(bundle_id: int) -> str:
    """Build one bundle; returns its final state ("done", "failed") or "missing"."""
    with transaction.atomic():
        bundle = (
            ExportBundle.objects.select_for_update()
            .select_related("case", "case__agency", "requested_by")
            .filter(pk=bundle_id)
            .first()
        )
        if bundle is None:
            return "missing"
        if bundle.state == ExportBundle.State.DONE:
            return "done"
        bundle.state, bundle.progress, bundle.error = ExportBundle.State.BUILDING, 1, ""
        bundle.save(update_fields=["state", "progress", "error"])
    # The task acts for itself, also when run in-process inside the user's request.
    token = context.bind(context.RequestMeta(request_id="", ip=None, user=None))
    try:
        return _build(bundle)
    except Exception as exc:  # noqa: BLE001 - any failure marks the bundle failed
        log.exception("case bundle %s failed", bundle_id)
        with transaction.atomic():
            ExportBundle.objects.filter(pk=bundle_id).update(
                state=ExportBundle.State.FAILED,
                progress=0,
                error=f"{type(exc).__name__}: {exc}"[:2000],
                finished_at=timezone.now(),
            )
            record(FAILED, bundle, by=None, actor_name=ACTOR, data={"error": str(exc)[:500]})
        return "failed"
    finally:
        context.unbind(token)


def _build(bundle: ExportBundle) -> str:
    case = bundle.case
    generated_at = timezone.now()
    head = ChainHead.objects.filter(pk=1).values("seq", "hash").first() or {"seq": 0, "hash": ""}
    documents = list(Document.objects.filter(case_id=case.pk).order_by("created_at", "pk"))
    versions = list(
        DocumentVersion.objects.filter(document__case_id=case.pk, state=DocumentVersion.State.DONE)
        .exclude(file="")
        .select_related("document")
        .order_by("document__created_at", "document_id", "n")
    )
    evidence = list(case.evidence.prefetch_related("files").order_by("seq"))
    files = [(item, f) for item in evidence for f in item.files.all()]
    events = event_rows(case.pk)
    total = len(versions) + len(files) + 4
    done = 0

    with tempfile.NamedTemporaryFile(suffix=".zip", delete=False) as tmp:
        tmp_path = Path(tmp.name)
    try:
        with zipfile.ZipFile(tmp_path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            writer = _Writer(zf)
            for version in versions:
                doc = version.document
                writer.add_stored(
                    f"documents/{_safe(doc.number or doc.title)}-v{version.n}.pdf",
                    version.file,
                    kind="document",
                    document_id=doc.pk,
                    number=doc.number,
                    title=doc.title,
                    version=version.n,
                    status=doc.status,
                    rendered_at=chain.format_time(version.rendered_at)
                    if version.rendered_at
                    else None,
                    recorded_sha256=version.sha256,
                )
                done += 1
                _progress(bundle.pk, done * 100 // total)
            for item, f in files:
                writer.add_stored(
                    f"evidence/{item.seq:03d}-{f.pk}{f.extension}",
                    f.file,
                    kind="evidence",
                    evidence_seq=item.seq,
                    evidence_title=item.title,
                    evidence_type=item.type,
                    original_name=f.original_name,
                    uploaded_at=chain.format_time(f.uploaded_at),
                    recorded_sha256=f.sha256,
                )
                done += 1
                _progress(bundle.pk, done * 100 // total)
            events_bytes = (
                json.dumps(events, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            ).encode()
            writer.add_bytes("events.json", events_bytes, kind="events", count=len(events))
            latest = Checkpoint.objects.first()
            if latest is not None:
                writer.add_bytes(
                    "checkpoint.json", checkpoints.document_bytes(latest), kind="checkpoint"
                )
            done += 1
            _progress(bundle.pk, done * 100 // total)
            info = {
                "case": case,
                "agency": case.agency,
                "generated_at": generated_at,
                "requested_by": bundle.requested_by,
                "head": head,
                "documents": documents,
                "entries": [e for e in writer.entries if e.get("kind") in ("document", "evidence")],
                "events": [
                    {**e, "label": label_for(e["action"]), "short": e["hash"][:16]} for e in events
                ],
                "problems": [
                    e
                    for e in writer.entries
                    if e.get("missing") or e.get("matches_record") is False
                ],
            }
            writer.add_bytes("index.pdf", _index_pdf(info), kind="index")
            done += 1
            _progress(bundle.pk, done * 100 // total)
            readme = README.format(
                case=case.display_number,
                generated_at=chain.format_time(generated_at),
                format=FORMAT,
                version=VERSION,
            )
            writer.add_bytes("README.txt", readme.encode(), kind="readme")
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "generated_at": chain.format_time(generated_at),
                "generated_for": bundle.requested_by.get_username(),
                "case": {
                    "id": case.pk,
                    "number": case.number,
                    "title": case.title,
                    "agency": case.agency.name,
                    "state": case.state,
                },
                "chain_head": head,
                "hash_definition": "sha256(prev_hash || canonical_json(event)); "
                "canonical_json: sorted keys, compact, numbers as <digits>e<exponent>",
                "files": writer.entries,
                "events": [
                    {
                        "seq": e["seq"],
                        "hash": e["hash"],
                        "prev_hash": e["prev_hash"],
                        "action": e["action"],
                        "at": e["at"],
                    }
                    for e in events
                ],
            }
            manifest_bytes = (
                json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            ).encode()
            zf.writestr("manifest.json", manifest_bytes)
            signature = _signature(manifest_bytes)
            if signature is not None:
                zf.writestr("manifest.sig", signature)
        digest = hashlib.sha256()
        with tmp_path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
        size = tmp_path.stat().st_size
        storage = bundle.file.storage
        with tmp_path.open("rb") as fh:
            name = storage.save(bundle.file.field.generate_filename(bundle, "bundle.zip"), File(fh))
    finally:
        tmp_path.unlink(missing_ok=True)

    with transaction.atomic():
        ExportBundle.objects.filter(pk=bundle.pk).update(
            state=ExportBundle.State.DONE,
            progress=100,
            file=name,
            sha256=digest.hexdigest(),
            size=size,
            files=len(writer.entries),
            events=len(events),
            finished_at=timezone.now(),
        )
        record(
            BUILT,
            bundle,
            by=None,
            actor_name=ACTOR,
            data={
                "sha256": digest.hexdigest(),
                "size": size,
                "files": len(writer.entries),
                "events": len(events),
                "signed": signature is not None,
            },
        )
    return "done"


def record_download(bundle: ExportBundle, *, by) -> None:
    record(DOWNLOADED, bundle, by=by, data={"sha256": bundle.sha256, "size": bundle.size})
