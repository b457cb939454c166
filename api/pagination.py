"""Cursor pagination on every list (never OFFSET, never COUNT(*)).

The envelope is the same everywhere: `{"next": url|null, "previous": url|null,
"results": [...]}`. Page size: `size` (1–200, default 50). A cursor that cannot be decoded
is a 400 with the field named, not a 404.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination, serializers

MAX_PAGE_SIZE = 200


class CursorPagination(pagination.CursorPagination):
    page_size = 50
    page_size_query_param = "size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-pk"
    cursor_query_description = _("分页游标（取自上一页的 next / previous）")
    page_size_query_description = _("每页条数（1–200，默认 50）")

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            raise exceptions.ValidationError({"cursor": [_("分页游标无效")]}) from None

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except (TypeError, ValueError):
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {"size": [_("每页条数须为 1 至 %(n)s") % {"n": self.max_page_size}]}
            )
        return size

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return params


class SeqCursorPagination(CursorPagination):
    """Audit events: newest first by their gap-free sequence number."""

    ordering = "-seq"


def page_envelope(child: serializers.Serializer, name: str) -> type[serializers.Serializer]:
    """A named `{next, previous, results}` serializer for hand-paginated lists (docs only)."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": child,
        },
    )


def cursor_by(*ordering: str) -> type[CursorPagination]:
    """A cursor pagination over another unique ordering (e.g. evidence by `seq`)."""
    name = "CursorBy" + "".join(o.strip("-").title().replace("_", "") for o in ordering)
    return type(name, (CursorPagination,), {"ordering": ordering})
