"""Builders for the oversight tests."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from core import clock

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence(case, w, *, with_file: bool = True, title: str = "进货单"):
    item = services.add_evidence(
        case,
        by=w.a,
        type="documentary",
        title=title,
        collected_on=clock.today(),
        method="复印",
        source="当事人提供",
        collectors=[w.a.officer, w.b.officer],
    )
    if with_file:
        services.attach_file(item, by=w.a, upload=SimpleUploadedFile("进货单.pdf", PDF))
    return item
