"""Writes to an agency's discretion benchmarks (R-17) and first-offence list (R-13).

Only the agency's own administrator edits. A draft is edited tier by tier; every save is
checked against the statute in force on the draft's effective date (today while it has
none), so a draft never holds a range outside the statutory one (R-17) or above the
maximum (R-19). Publishing checks the whole table again, fixes the effective date and
freezes the version; the previous version ends the day before.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from core import clock
from core.errors import DomainError, PermissionDenied, RuleViolation, Verdict
from officers.models import Agency
from penalties.engine_inputs import default_tier_specs
from penalties.models import (
    BenchmarkTier,
    BenchmarkVersion,
    FirstOffenceEntry,
    Tier,
    ViolationType,
    ViolationVersion,
)
from penalties.selectors import can_edit_benchmarks
from penalties.services.tier_checks import (
    TierProblem,
    TierSpec,
    check_table,
    check_tier,
    missing_core_tiers,
    tier_label,
)

TIER_FIELDS = (
    "conditions",
    "flags",
    "flags_any",
    "flags_none",
    "amount_below",
    "amount_at_least",
    "penalty_types",
    "fine_min",
    "fine_max",
    "multiple_min",
    "multiple_max",
)


def _spec_data(spec: TierSpec) -> dict[str, Any]:
    data = asdict(spec)
    data.pop("row", None)
    return data


def _require_editor(by, agency: Agency | int) -> None:
    if not can_edit_benchmarks(by, agency):
        raise PermissionDenied(_("只有本机关的管理员可以修改裁量基准"))


def _lock(version: BenchmarkVersion) -> BenchmarkVersion:
    return (
        BenchmarkVersion.objects.select_for_update().select_related("violation").get(pk=version.pk)
    )


def _require_draft(version: BenchmarkVersion) -> None:
    if not version.is_draft:
        # a published table is what decisions cite; it never changes.
        raise RuleViolation(
            "R-17",
            _("裁量基准 %(label)s 已发布，不得修改；请创建新版本") % {"label": version.label},
        )


def statute_for(version: BenchmarkVersion, on: date | None = None) -> ViolationVersion:
    """The wording of the law a version is checked against: the one in force on its
    effective date (today for a draft without one)."""
    day = on or version.effective_from or clock.today()
    statute = version.violation.version_on(day)
    if statute is None:
        raise RuleViolation(
            "R-17",
            _("违法行为 %(code)s 在 %(day)s 没有有效的法律依据，无法设定裁量基准")
            % {"code": version.violation.code, "day": day.isoformat()},
        )
    return statute


def _raise(problems: list[TierProblem]) -> None:
    Verdict.of(p.as_error() for p in problems).raise_if_refused()


def latest_published(agency: Agency | int, violation: ViolationType) -> BenchmarkVersion | None:
    agency_id = agency if isinstance(agency, int) else agency.pk
    return (
        BenchmarkVersion.objects.published()
        .filter(agency_id=agency_id, violation=violation)
        .order_by("-effective_from")
        .first()
    )


def _require_domain(agency: Agency, violation: ViolationType) -> None:
    """An agency keeps tables only for violations of the domains it enforces (R-03's
    powers list is finer; this catches the obvious mistake). No domains listed: any."""
    domain_ids = set(agency.domains.values_list("pk", flat=True))
    if domain_ids and violation.domain_id not in domain_ids:
        raise DomainError(_("违法行为 %(code)s 不在本机关的执法领域内") % {"code": violation.code})


def _default_label(today: date) -> str:
    return _("%(year)s年版") % {"year": today.year}


@transaction.atomic
def create_draft(
    *,
    agency: Agency,
    violation: ViolationType,
    by,
    label: str = "",
    notes: str = "",
    prefill: bool = True,
) -> BenchmarkVersion:
    """Open a new version as a copy of the latest published one; the first version starts
    from the engine's default split (R-17) unless `prefill` is off.

    There is at most one draft per violation; asking again returns the open draft.
    """
    _require_editor(by, agency)
    _require_domain(agency, violation)
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    existing = BenchmarkVersion.objects.filter(
        agency=agency, violation=violation, status=BenchmarkVersion.Status.DRAFT
    ).first()
    if existing is not None:
        return existing
    source = latest_published(agency, violation)
    version = BenchmarkVersion.objects.create(
        agency=agency,
        violation=violation,
        label=(label or _default_label(clock.today()))[:60],
        notes=notes,
        based_on=source,
        created_by=by,
    )
    if source is not None:
        BenchmarkTier.objects.bulk_create(
            [
                BenchmarkTier(
                    version=version, tier=t.tier, **{f: getattr(t, f) for f in TIER_FIELDS}
                )
                for t in source.tiers.all()
            ]
        )
    elif prefill:
        statute = violation.version_on(clock.today())
        if statute is not None:
            BenchmarkTier.objects.bulk_create(
                [
                    BenchmarkTier(
                        version=version, tier=s.tier, **{f: getattr(s, f) for f in TIER_FIELDS}
                    )
                    for s in default_tier_specs(statute)
                ]
            )
    record(
        "penalties.benchmark.draft_created",
        version,
        by=by,
        data={
            "violation": violation.code,
            "based_on": source.label if source else None,
            "prefilled_default": source is None and prefill,
        },
    )
    return version


@transaction.atomic
def update_draft(*, version: BenchmarkVersion, label: str, notes: str, by) -> BenchmarkVersion:
    _require_editor(by, version.agency_id)
    version = _lock(version)
    _require_draft(version)
    before = {"label": version.label, "notes": version.notes}
    version.label, version.notes = label[:60], notes
    version.save(update_fields=["label", "notes"])
    record(
        "penalties.benchmark.draft_updated",
        version,
        by=by,
        before=before,
        after={"label": label, "notes": notes},
    )
    return version


@transaction.atomic
def save_tier(*, version: BenchmarkVersion, spec: TierSpec, by) -> BenchmarkTier:
    """Create or replace one tier of a draft, refusing a range the statute does not
    allow (R-17), one above the maximum (R-19) or one overlapping its neighbours."""
    _require_editor(by, version.agency_id)
    version = _lock(version)
    _require_draft(version)
    statute = statute_for(version)
    problems = check_tier(statute, spec)
    if not problems:
        others = [TierSpec.from_model(t) for t in version.tiers.exclude(tier=spec.tier)]
        problems = check_table(statute, [*others, spec])
    _raise(problems)
    existing = version.tiers.filter(tier=spec.tier).first()
    before = _spec_data(TierSpec.from_model(existing)) if existing else None
    values = {f: getattr(spec, f) for f in TIER_FIELDS}
    if existing is None:
        tier = BenchmarkTier.objects.create(version=version, tier=spec.tier, **values)
    else:
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save(update_fields=list(TIER_FIELDS))
        tier = existing
    record(
        "penalties.benchmark.tier_saved",
        version,
        by=by,
        before=before,
        after=_spec_data(spec),
        data={"tier": spec.tier},
    )
    return tier


@transaction.atomic
def delete_tier(*, version: BenchmarkVersion, tier: str, by) -> None:
    _require_editor(by, version.agency_id)
    version = _lock(version)
    _require_draft(version)
    existing = version.tiers.filter(tier=tier).first()
    if existing is None:
        raise DomainError(_("该版本没有%(tier)s档") % {"tier": tier_label(tier)})
    before = _spec_data(TierSpec.from_model(existing))
    existing.delete()
    record("penalties.benchmark.tier_deleted", version, by=by, before=before, data={"tier": tier})


@transaction.atomic
def replace_tiers(
    *, version: BenchmarkVersion, specs: list[TierSpec], by, source: str = ""
) -> BenchmarkVersion:
    """Replace every tier of a draft at once (the spreadsheet import)."""
    _require_editor(by, version.agency_id)
    version = _lock(version)
    _require_draft(version)
    _raise(check_table(statute_for(version), specs))
    before = [_spec_data(TierSpec.from_model(t)) for t in version.tiers.all()]
    version.tiers.all().delete()
    BenchmarkTier.objects.bulk_create(
        [
            BenchmarkTier(version=version, tier=s.tier, **{f: getattr(s, f) for f in TIER_FIELDS})
            for s in specs
        ]
    )
    record(
        "penalties.benchmark.tiers_replaced",
        version,
        by=by,
        before={"tiers": before},
        after={"tiers": [_spec_data(s) for s in specs]},
        data={"source": source},
    )
    return version


def publish_verdict(version: BenchmarkVersion, effective_from: date | None) -> Verdict:
    """Why a draft cannot be published on `effective_from` (empty Verdict: it can)."""
    problems: list[RuleViolation] = []
    if not version.is_draft:
        problems.append(
            RuleViolation(
                "R-17",
                _("裁量基准 %(label)s 已发布，不得修改；请创建新版本") % {"label": version.label},
            )
        )
        return Verdict.of(problems)
    today = clock.today()
    if effective_from is None:
        problems.append(RuleViolation("R-17", _("请填写施行日期")))
        return Verdict.of(problems)
    if effective_from < today:
        problems.append(
            RuleViolation(
                "R-17",
                _("施行日期 %(day)s 早于今日 %(today)s：裁量基准应当公布后施行，不得溯及既往")
                % {"day": effective_from.isoformat(), "today": today.isoformat()},
            )
        )
    latest = latest_published(version.agency_id, version.violation)
    if latest is not None and effective_from <= latest.effective_from:
        problems.append(
            RuleViolation(
                "R-17",
                _("施行日期须晚于已发布版本 %(label)s 的施行日期 %(day)s")
                % {"label": latest.label, "day": latest.effective_from.isoformat()},
            )
        )
    try:
        statute = statute_for(version, effective_from)
    except RuleViolation as exc:
        problems.append(exc)
        return Verdict.of(problems)
    specs = [TierSpec.from_model(t) for t in version.tiers.all()]
    missing = missing_core_tiers(specs)
    if missing:
        problems.append(
            RuleViolation(
                "R-17",
                _("发布前须设定从轻、一般、从重三个档次（缺少：%(tiers)s）")
                % {"tiers": "、".join(tier_label(t) for t in missing)},
            )
        )
    problems.extend(p.as_error() for p in check_table(statute, specs))
    return Verdict.of(problems)


@transaction.atomic
def publish(
    *, version: BenchmarkVersion, effective_from: date, approved_by: str, by
) -> BenchmarkVersion:
    """Publish a draft from `effective_from` on; it is immutable from now on, and the
    previous version ends the day before (R-17 versioning)."""
    _require_editor(by, version.agency_id)
    version = _lock(version)
    if not approved_by.strip():
        raise DomainError(_("请填写审定机构（例如“局长办公会议审议通过”）"))
    publish_verdict(version, effective_from).raise_if_refused()
    ended = []
    previous = BenchmarkVersion.objects.select_for_update().filter(
        agency_id=version.agency_id,
        violation_id=version.violation_id,
        status=BenchmarkVersion.Status.PUBLISHED,
        effective_from__lt=effective_from,
    )
    for old in previous:
        if old.effective_to is None or old.effective_to >= effective_from:
            old.effective_to = effective_from - timedelta(days=1)
            old.save(update_fields=["effective_to"])
            ended.append({"label": old.label, "effective_to": old.effective_to.isoformat()})
    version.status = BenchmarkVersion.Status.PUBLISHED
    version.effective_from = effective_from
    version.approved_by = approved_by.strip()[:200]
    version.published_at = clock.now()
    version.published_by = by
    version.save(
        update_fields=["status", "effective_from", "approved_by", "published_at", "published_by"]
    )
    record(
        "penalties.benchmark.published",
        version,
        by=by,
        after={
            "label": version.label,
            "effective_from": effective_from.isoformat(),
            "approved_by": version.approved_by,
            "tiers": [_spec_data(TierSpec.from_model(t)) for t in version.tiers.all()],
        },
        data={"violation": version.violation.code, "ended": ended},
    )
    return version


@transaction.atomic
def discard_draft(*, version: BenchmarkVersion, by) -> None:
    _require_editor(by, version.agency_id)
    version = _lock(version)
    _require_draft(version)
    record(
        "penalties.benchmark.draft_discarded",
        version,
        by=by,
        before={
            "label": version.label,
            "tiers": [_spec_data(TierSpec.from_model(t)) for t in version.tiers.all()],
        },
        data={"violation": version.violation.code},
    )
    version.tiers.all().delete()
    version.delete()


@transaction.atomic
def import_tables(
    *, agency: Agency, tables: dict[ViolationType, list[TierSpec]], by, filename: str = ""
) -> list[BenchmarkVersion]:
    """Write checked spreadsheet tables: one draft per violation (the open draft is
    reused and its tiers replaced). All or nothing: any refusal rolls everything back."""
    _require_editor(by, agency)
    versions = []
    for violation, specs in tables.items():
        draft = create_draft(agency=agency, violation=violation, by=by, prefill=False)
        versions.append(replace_tiers(version=draft, specs=specs, by=by, source=filename))
    record(
        "penalties.benchmark.imported",
        agency,
        by=by,
        data={"file": filename, "violations": [v.violation.code for v in versions]},
    )
    return versions


# --- First-offence list (首违不罚清单, R-13) -----------------------------------------------


def _overlapping_entries(
    agency_id: int, violation: ViolationType, start: date, end: date | None, exclude=None
):
    qs = FirstOffenceEntry.objects.filter(agency_id=agency_id, violation=violation)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    if end is not None:
        qs = qs.filter(effective_from__lte=end)
    return qs.exclude(effective_to__lt=start)


@transaction.atomic
def add_first_offence_entry(
    *,
    agency: Agency,
    violation: ViolationType,
    conditions: str,
    effective_from: date,
    effective_to: date | None = None,
    by,
) -> FirstOffenceEntry:
    """Put a violation on the agency's 首违不罚 list (R-13) for a period."""
    _require_editor(by, agency)
    _require_domain(agency, violation)
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    if not conditions.strip():
        raise DomainError(_("请填写适用条件"))
    if effective_to is not None and effective_to < effective_from:
        raise DomainError(_("失效日期不得早于施行日期"))
    clash = _overlapping_entries(agency.pk, violation, effective_from, effective_to).first()
    if clash is not None:
        raise RuleViolation(
            "R-13",
            _("%(code)s 已在首违不罚清单中（自 %(day)s 起），期间不得重叠")
            % {"code": violation.code, "day": clash.effective_from.isoformat()},
        )
    entry = FirstOffenceEntry.objects.create(
        agency=agency,
        violation=violation,
        conditions=conditions.strip(),
        effective_from=effective_from,
        effective_to=effective_to,
        created_by=by,
    )
    record(
        "penalties.first_offence.added",
        entry,
        by=by,
        after={
            "violation": violation.code,
            "conditions": entry.conditions,
            "effective_from": effective_from.isoformat(),
            "effective_to": effective_to.isoformat() if effective_to else None,
        },
    )
    return entry


@transaction.atomic
def end_first_offence_entry(
    *, entry: FirstOffenceEntry, effective_to: date, by
) -> FirstOffenceEntry:
    """Take a violation off the list from the day after `effective_to`; never in the past,
    so cases already decided under the entry keep their basis."""
    _require_editor(by, entry.agency_id)
    entry = (
        FirstOffenceEntry.objects.select_for_update().select_related("violation").get(pk=entry.pk)
    )
    today = clock.today()
    if effective_to < max(entry.effective_from, today):
        raise DomainError(
            _("失效日期不得早于 %(day)s") % {"day": max(entry.effective_from, today).isoformat()}
        )
    if entry.effective_to is not None and entry.effective_to < today:
        raise DomainError(_("该事项已失效"))
    before = {"effective_to": entry.effective_to.isoformat() if entry.effective_to else None}
    entry.effective_to = effective_to
    entry.save(update_fields=["effective_to"])
    record(
        "penalties.first_offence.ended",
        entry,
        by=by,
        before=before,
        after={"effective_to": effective_to.isoformat()},
        data={"violation": entry.violation.code},
    )
    return entry


__all__ = [
    "Tier",
    "add_first_offence_entry",
    "create_draft",
    "delete_tier",
    "discard_draft",
    "end_first_offence_entry",
    "import_tables",
    "latest_published",
    "publish",
    "publish_verdict",
    "replace_tiers",
    "save_tier",
    "statute_for",
    "update_draft",
]
