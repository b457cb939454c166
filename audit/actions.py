"""Registry of audit action codes and their display labels (pretix "logentrytypes" style).

Each app registers the codes it records, usually in its `AppConfig.ready()`:

    from audit.actions import register
    register("cases.case.filed", _("立案"))

The explorer shows `label_for(code)`; a code nobody registered still shows (as itself),
because the trail must stay readable even for codes of removed features.
"""

from __future__ import annotations

import re

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")

_labels: dict[str, str | Promise] = {}


def register(code: str, label: str | Promise) -> str:
    """Register `code` (namespaced, e.g. `officers.certificate.suspended`) with a
    translatable label. Registering the same code again with another label is an error."""
    if not CODE.match(code):
        raise ImproperlyConfigured(f"Audit action code {code!r} is not namespaced lower-case.")
    existing = _labels.get(code)
    if existing is not None and str(existing) != str(label):
        raise ImproperlyConfigured(f"Audit action code {code!r} is already registered.")
    _labels[code] = label
    return code


def label_for(code: str) -> str:
    """The translated label, or the code itself when it was never registered."""
    label = _labels.get(code)
    return str(label) if label is not None else code


def is_registered(code: str) -> bool:
    return code in _labels


def registered() -> dict[str, str]:
    """All codes and their (translated) labels, sorted by code."""
    return {code: str(_labels[code]) for code in sorted(_labels)}


def namespaces() -> list[str]:
    """The distinct `app` and `app.object` prefixes of registered codes (for filters)."""
    out: set[str] = set()
    for code in _labels:
        parts = code.split(".")
        for depth in range(1, len(parts)):
            out.add(".".join(parts[:depth]))
    return sorted(out)


# The audit app's own codes.
VERIFIED = register("audit.chain.verified", _("审计链校验"))
EXPORTED = register("audit.events.exported", _("导出审计事件"))
CHECKPOINT_SIGNED = register("audit.checkpoint.signed", _("签名审计链检查点"))
CHECKPOINT_DOWNLOADED = register("audit.checkpoint.downloaded", _("下载审计链检查点"))
