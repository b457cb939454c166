"""Reads of documents for other apps and for the views.

`served_on_date(document)` is the date later rules count from (R-24/R-25 statement period,
R-40 payment, R-44 demand notice): the first recorded service (R-38).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Min, Prefetch, QuerySet

from documents import access
from documents.models import Document, DocumentVersion, ServiceRecord


def served_on_date(document: Document) -> date | None:
    """The first service date of the document, or None while it is not served (R-38)."""
    return document.service_records.aggregate(first=Min("served_on"))["first"]


def documents_for_case(case_id: int, *, kind: str | None = None) -> QuerySet[Document]:
    """A case's documents with versions and service records prefetched (for the list
    partial: no query per row). The caller has already checked the case permission."""
    qs = Document.objects.filter(case_id=case_id)
    if kind:
        qs = qs.filter(kind=kind)
    return with_list_data(qs).order_by("created_at", "pk")


def with_list_data(qs: QuerySet[Document]) -> QuerySet[Document]:
    return qs.prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.order_by("n")),
        Prefetch("service_records", queryset=ServiceRecord.objects.order_by("served_on", "pk")),
    )


MAX_ID = 2**63 - 1  # an id from a URL beyond BIGINT would crash the query, not 404


def valid_id(value: int) -> bool:
    return 0 < value <= MAX_ID


def visible_document(user, pk: int) -> Document | None:
    """The document if `user` may see it (documents.access), else None (→ 404)."""
    if not valid_id(pk):
        return None
    doc = Document.objects.select_related("agency").filter(pk=pk).first()
    if doc is None or not access.can_view(user, doc):
        return None
    return doc
