"""Signed checkpoints: signing needs a key that is not in the database; a downloaded
checkpoint file proves with `verify_audit --checkpoint` that nothing up to its seq has
changed since — even a forger who recomputes every later hash (which a plain verification
cannot notice), a truncated tail and an edited chain head are named; a forged or altered
checkpoint file is refused."""

from __future__ import annotations

import base64
import json
import os
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from audit import checkpoints
from audit.models import AuditEvent, ChainHead, Checkpoint
from audit.verify import CHANGED, EDITED, HEAD_MISMATCH, TRUNCATED, verify_chain
from core.errors import DomainError
from core.roles import Role
from tests.audit.helpers import make_events, rewrite_chain_from, triggers_disabled
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


@pytest.fixture
def key(monkeypatch, settings) -> Ed25519PrivateKey:
    settings.AUDIT_SIGNING_KEY_FILE = None
    private = Ed25519PrivateKey.generate()
    monkeypatch.setenv("AUDIT_SIGNING_KEY", base64.b64encode(_raw(private)).decode())
    return private


@pytest.fixture
def no_key(monkeypatch, settings) -> None:
    settings.AUDIT_SIGNING_KEY_FILE = None
    monkeypatch.delenv("AUDIT_SIGNING_KEY", raising=False)


def _file(tmp_path, checkpoint: Checkpoint, **changes) -> str:
    doc = checkpoints.document(checkpoint)
    doc.update(changes)
    path = tmp_path / f"cp-{checkpoint.seq}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def _verify(path: str, *extra: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", "--checkpoint", path, *extra, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_signing_without_a_key_is_refused_with_instructions(no_key):
    make_events(2)
    with pytest.raises(checkpoints.SigningKeyError) as exc:
        checkpoints.sign_checkpoint(actor_name="test")
    assert "AUDIT_SIGNING_KEY_FILE" in str(exc.value) and "audit_keygen" in str(exc.value)
    assert not Checkpoint.objects.exists()
    # the nightly task logs and signs nothing
    from audit.tasks import sign_checkpoint

    assert sign_checkpoint.delay().get() is None


def test_a_malformed_key_names_the_variable(monkeypatch, settings):
    settings.AUDIT_SIGNING_KEY_FILE = None
    monkeypatch.setenv("AUDIT_SIGNING_KEY", "not base64 !!")
    with pytest.raises(checkpoints.SigningKeyError, match="AUDIT_SIGNING_KEY"):
        checkpoints.sign_checkpoint()
    monkeypatch.setenv("AUDIT_SIGNING_KEY", base64.b64encode(b"short").decode())
    with pytest.raises(checkpoints.SigningKeyError, match="32"):
        checkpoints.sign_checkpoint()


def test_checkpoint_signs_the_head_and_the_next_event_links_to_it(key):
    make_events(4)
    cp = checkpoints.sign_checkpoint(actor_name="test")
    head = ChainHead.objects.get()
    event = AuditEvent.objects.get(action="audit.checkpoint.signed")
    assert cp.seq == 4 and event.seq == 5
    assert event.prev_hash == cp.head_hash and head.seq == 5
    assert cp.key_fingerprint == checkpoints.fingerprint(checkpoints.public_raw(key))
    assert checkpoints.signature_ok(checkpoints.parse(checkpoints.document_bytes(cp)))
    # the private key is nowhere in the database
    secret = base64.b64encode(_raw(key)).decode()
    assert secret not in json.dumps(list(Checkpoint.objects.values()), default=str)


def test_clean_chain_passes_the_checkpoint(key, tmp_path):
    make_events(5)
    path = _file(tmp_path, checkpoints.sign_checkpoint())
    make_events(2)  # later events are checked too
    out = _verify(path)
    assert "signature: OK" in out
    assert "OK: events 1..5 unchanged since the checkpoint" in out
    assert "OK: 3 events after the checkpoint" in out


def test_consistent_rewrite_before_the_checkpoint_is_detected(key, tmp_path):
    """The forger edits event 3 and recomputes every later hash and the head: the plain
    verification passes, the checkpoint names event 6 (its signed hash no longer holds)."""
    make_events(6)
    path = _file(tmp_path, checkpoints.sign_checkpoint())
    make_events(2)
    with triggers_disabled():
        AuditEvent.objects.filter(seq=3).update(data={"n": 999})
    rewrite_chain_from(3)
    assert verify_chain().ok  # the forgery is consistent
    with pytest.raises(CommandError) as exc:
        _verify(path)
    assert f"FAILED at seq 6 ({CHANGED})" in str(exc.value)
    assert exc.value.returncode == 2


def test_plain_edit_before_the_checkpoint_is_named(key, tmp_path):
    make_events(6)
    path = _file(tmp_path, checkpoints.sign_checkpoint())
    with triggers_disabled():
        AuditEvent.objects.filter(seq=2).update(actor_name="mallory")
    with pytest.raises(CommandError, match=f"FAILED at seq 2 \\({EDITED}\\)"):
        _verify(path)


def test_change_after_the_checkpoint_is_named_as_such(key, tmp_path):
    make_events(3)
    path = _file(tmp_path, checkpoints.sign_checkpoint())
    make_events(3)
    with triggers_disabled():
        AuditEvent.objects.filter(seq=6).update(actor_name="mallory")
    with pytest.raises(CommandError, match="after the checkpoint at seq 6 \\(edited\\)"):
        _verify(path)


def test_truncated_tail_below_the_checkpoint_is_detected(key, tmp_path):
    """Events 4.. deleted and the head moved back to 3: consistent for a plain check."""
    make_events(6)
    path = _file(tmp_path, checkpoints.sign_checkpoint())
    with triggers_disabled():
        AuditEvent.objects.filter(seq__gte=4).delete()
    last = AuditEvent.objects.get(seq=3)
    ChainHead.objects.filter(pk=1).update(seq=3, hash=last.hash)
    assert verify_chain().ok
    with pytest.raises(CommandError) as exc:
        _verify(path)
    assert f"FAILED at seq 4 ({TRUNCATED})" in str(exc.value)


def test_edited_chain_head_is_detected(key, tmp_path):
    make_events(4)
    cp = checkpoints.sign_checkpoint()
    path = _file(tmp_path, cp)
    # the head (which moved to 5 with the "signed" event) is set back below the checkpoint
    ChainHead.objects.filter(pk=1).update(seq=3, hash=AuditEvent.objects.get(seq=3).hash)
    with pytest.raises(CommandError) as exc:
        _verify(path)
    assert f"({HEAD_MISMATCH})" in str(exc.value)


def test_edited_chain_head_hash_at_the_checkpoint_is_detected(key, tmp_path):
    make_events(4)
    cp = checkpoints.sign_checkpoint()
    with triggers_disabled():
        AuditEvent.objects.filter(seq__gt=cp.seq).delete()
    ChainHead.objects.filter(pk=1).update(seq=cp.seq, hash="f" * 64)
    from audit.verify import verify_prefix

    result = verify_prefix(cp.seq, cp.head_hash)
    assert (result.ok, result.kind) == (False, HEAD_MISMATCH)


@pytest.mark.parametrize(
    "change",
    [
        {"head_hash": "a" * 64},
        {"seq": 2},
        {"signed_at": "2020-01-01T00:00:00.000000Z"},
    ],
    ids=["hash", "seq", "time"],
)
def test_altered_checkpoint_file_has_a_bad_signature(key, tmp_path, change):
    make_events(4)
    path = _file(tmp_path, checkpoints.sign_checkpoint(), **change)
    with pytest.raises(CommandError, match="bad signature") as exc:
        _verify(path)
    assert exc.value.returncode == 3


def test_checkpoint_signed_by_another_key_is_refused_when_a_key_is_pinned(key, tmp_path):
    make_events(2)
    cp = checkpoints.sign_checkpoint()
    forger = Ed25519PrivateKey.generate()
    raw = checkpoints.public_raw(forger)
    signed_at = checkpoints.document(cp)["signed_at"]
    signature = forger.sign(checkpoints.message(cp.seq, cp.head_hash, signed_at))
    path = _file(
        tmp_path,
        cp,
        public_key=base64.b64encode(raw).decode(),
        signature=base64.b64encode(signature).decode(),
    )
    _verify(path)  # self-consistent: passes without a pinned key (and warns)
    with pytest.raises(CommandError, match="not the trusted"):
        _verify(path, "--trusted-fingerprint", cp.key_fingerprint)
    assert "unchanged" in _verify(_file(tmp_path, cp), "--trusted-fingerprint", cp.key_fingerprint)


@pytest.mark.parametrize(
    "content",
    [b"not json", b"{}", b'{"format": "enforcement-audit-checkpoint", "version": 1}'],
)
def test_malformed_checkpoint_files_are_refused_clearly(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError):
        _verify(str(path))
    with pytest.raises(DomainError):
        checkpoints.parse(content)


def test_keygen_writes_a_private_file_the_settings_can_use(tmp_path, settings, monkeypatch):
    from io import StringIO

    out_path = tmp_path / "audit.pem"
    out = StringIO()
    call_command("audit_keygen", "--out", str(out_path), stdout=out)
    assert stat.S_IMODE(os.stat(out_path).st_mode) == 0o600
    assert "fingerprint (sha256):" in out.getvalue()
    with pytest.raises(CommandError, match="refusing to overwrite"):
        call_command("audit_keygen", "--out", str(out_path), stdout=StringIO())
    monkeypatch.delenv("AUDIT_SIGNING_KEY", raising=False)
    settings.AUDIT_SIGNING_KEY_FILE = str(out_path)
    make_events(1)
    cp = checkpoints.sign_checkpoint()
    assert cp.key_fingerprint in out.getvalue()
    settings.AUDIT_SIGNING_KEY_FILE = str(tmp_path / "missing.pem")
    with pytest.raises(checkpoints.SigningKeyError, match="missing.pem"):
        checkpoints.sign_checkpoint()


# --- pages -------------------------------------------------------------------------------
def test_page_without_a_key_says_how_to_configure(client, no_key):
    client.force_login(UserFactory(roles=[Role.LEGAL_OFFICE]))
    body = client.get("/audit/checkpoints/").content.decode()
    assert "AUDIT_SIGNING_KEY_FILE" in body and "disabled" in body
    response = client.post("/audit/checkpoints/sign/", follow=True)
    assert "未配置审计签名私钥" in response.content.decode()
    assert not Checkpoint.objects.exists()


def test_sign_and_download_from_the_page_is_audited(client, key):
    user = UserFactory(roles=[Role.LEGAL_OFFICE])
    client.force_login(user)
    make_events(3)
    body = client.get("/audit/checkpoints/").content.decode()
    fp = checkpoints.fingerprint(checkpoints.public_raw(key))
    assert fp in body  # the public key is shown
    client.post("/audit/checkpoints/sign/")
    cp = Checkpoint.objects.get()
    assert cp.signed_by == user
    response = client.get(f"/audit/checkpoints/{cp.pk}.json")
    assert (
        response["Content-Disposition"] == f'attachment; filename="audit-checkpoint-{cp.seq}.json"'
    )
    doc = json.loads(response.content)
    assert doc["public_key_fingerprint"] == fp and doc["seq"] == cp.seq
    assert checkpoints.signature_ok(checkpoints.parse(response.content))
    event = AuditEvent.objects.get(action="audit.checkpoint.downloaded")
    assert event.actor_id == user.pk and event.object_id == str(cp.pk)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SUPERVISOR, Role.SYSTEM_ADMIN])
def test_checkpoint_pages_are_404_for_other_roles(client, key, role):
    make_events(1)
    cp = checkpoints.sign_checkpoint()
    client.force_login(UserFactory(roles=[role]))
    assert client.get("/audit/checkpoints/").status_code == 404
    assert client.post("/audit/checkpoints/sign/").status_code == 404
    assert client.get(f"/audit/checkpoints/{cp.pk}.json").status_code == 404
    assert Checkpoint.objects.count() == 1


def test_beat_signs_a_daily_checkpoint(settings):
    entries = {e["task"]: e for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "audit.tasks.sign_checkpoint" in entries
