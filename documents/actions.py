"""Audit action codes recorded by documents, with their display labels."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from audit.actions import register

ISSUED = register("documents.document.issued", _("制作文书"))
RENDERED = register("documents.document.rendered", _("生成文书PDF"))
RENDER_FAILED = register("documents.document.render_failed", _("文书PDF生成失败"))
RERENDER_REQUESTED = register("documents.document.rerender_requested", _("重新生成文书"))
SERVED = register("documents.document.served", _("送达文书"))
VOIDED = register("documents.document.voided", _("作废文书"))
DOWNLOADED = register("documents.document.downloaded", _("下载文书"))
PROOF_DOWNLOADED = register("documents.service_proof.downloaded", _("下载送达凭证"))
NUMBERS_RESERVED = register("documents.number.reserved", _("预留文书编号"))
