"""Helpers for documents tests: an officer in an agency, and issuing sample documents."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from core.roles import Role
from documents import samples, services
from documents.models import Document
from tests.factories import AgencyFactory, OfficerFactory


def officer_user(agency=None, role: str = Role.OFFICER):
    return OfficerFactory(agency=agency or AgencyFactory(), user__roles=[role]).user


def issue(
    kind: str = "penalty_decision",
    *,
    agency=None,
    by=None,
    case_id: int | None = 7,
    data=None,
    **kw,
) -> Document:
    if by is None:
        by = officer_user(agency)
    agency = agency or by.officer.agency
    return services.issue_document(
        agency=agency,
        case_id=case_id,
        kind=kind,
        data=data if data is not None else samples.sample_data(kind),
        by=by,
        **kw,
    )


def pdf_proof(name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n% signed receipt scan\n%%EOF\n", content_type="application/pdf"
    )


def pdftotext(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=30
    )
    return out.stdout.decode("utf-8")


def pdffonts(path: Path) -> str:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, timeout=30)
    return out.stdout.decode("utf-8")


def poppler_available() -> bool:
    return bool(shutil.which("pdftotext") and shutil.which("pdffonts"))
