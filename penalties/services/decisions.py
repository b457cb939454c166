"""Issuing and serving the decision (R-35–R-38). Reads other stages through their contracts."""

from __future__ import annotations

from penalties.models import Decision


def current_decision(case) -> Decision | None:
    """The decision in force for `case` (issued or served; not revoked or changed)."""
    return (
        Decision.objects.filter(
            case_id=case.pk, status__in=[Decision.Status.ISSUED, Decision.Status.SERVED]
        )
        .select_related("document")
        .order_by("-pk")
        .first()
    )
