"""Benchmark pages: who sees what (another agency's versions are 404), the admin's
editing flow through the UI, and bad input that never becomes a 500."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from core import clock
from core.roles import Role
from penalties.models import BenchmarkVersion, FirstOffenceEntry, Tier
from tests.factories import AgencyFactory, user_with_role
from tests.penalties.factories import admin_of, fixed_statute, published_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    class W:
        pass

    w = W()
    w.statute = fixed_statute()
    w.code = w.statute.violation.code
    w.agency = AgencyFactory()
    w.other = AgencyFactory()
    w.admin = admin_of(w.agency)
    w.supervisor = user_with_role(Role.SUPERVISOR, agency=w.agency)
    w.officer = user_with_role(Role.OFFICER, agency=w.agency)
    w.other_admin = admin_of(w.other)
    w.mine = published_version(
        agency=w.agency, violation=w.statute.violation, effective_from=date(2025, 1, 1)
    )
    w.theirs = published_version(
        agency=w.other, violation=w.statute.violation, effective_from=date(2025, 1, 1)
    )
    return w


def test_list_for_readers_404_for_officers(client, world):
    url = reverse("penalties:benchmark_list")
    for user in (world.admin, world.supervisor):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert world.code in response.content.decode()
    client.force_login(world.officer)
    assert client.get(url).status_code == 404


def test_default_split_is_marked(client, world):
    unbenchmarked = fixed_statute()
    client.force_login(world.admin)
    page = client.get(reverse("penalties:benchmark_list")).content.decode()
    assert "默认划分" in page
    page = client.get(
        reverse("penalties:benchmark_violation", args=[unbenchmarked.violation.code])
    ).content.decode()
    assert "默认划分（现行适用）" in page and "18500–36500 元" in page


def test_another_agencys_benchmark_is_404(client, world):
    client.force_login(world.admin)
    theirs = world.theirs.pk
    assert (
        client.get(reverse("penalties:benchmark_detail", args=[world.mine.pk])).status_code == 200
    )
    assert client.get(reverse("penalties:benchmark_detail", args=[theirs])).status_code == 404
    assert client.get(reverse("penalties:benchmark_edit", args=[theirs])).status_code == 404
    assert client.get(reverse("penalties:tier_edit", args=[theirs, "ordinary"])).status_code == 404
    response = client.post(
        reverse("penalties:benchmark_publish", args=[theirs]),
        {"effective_from": clock.today().isoformat(), "approved_by": "x"},
    )
    assert response.status_code == 404
    assert client.post(reverse("penalties:benchmark_discard", args=[theirs])).status_code == 404


def test_readers_cannot_edit(client, world):
    client.force_login(world.supervisor)
    assert client.post(reverse("penalties:benchmark_new", args=[world.code])).status_code == 404
    assert client.get(reverse("penalties:benchmark_import")).status_code == 404
    assert not BenchmarkVersion.objects.filter(status="draft").exists()


def test_admin_edits_and_publishes_through_the_ui(client, world):
    """R-17/R-19 through the UI: a new version copies the old, an out-of-range tier is
    refused with the service's message, a valid one is saved, then published."""
    client.force_login(world.admin)
    response = client.post(reverse("penalties:benchmark_new", args=[world.code]))
    draft = BenchmarkVersion.objects.get(status="draft", agency=world.agency)
    assert response.status_code == 302 and response["Location"] == reverse(
        "penalties:benchmark_detail", args=[draft.pk]
    )
    assert draft.tiers.count() == 3
    url = reverse("penalties:tier_edit", args=[draft.pk, "heavier"])
    response = client.post(
        url, {"penalty_types": ["fine"], "fine_min": "40000", "fine_max": "60000"}
    )
    assert response.status_code == 200
    assert "R-19: 从重档罚款上限 60000 元超过法定最高额 50000 元" in response.content.decode()
    response = client.post(url, {"penalty_types": ["fine"], "fine_min": "abc", "fine_max": "60000"})
    assert response.status_code == 200
    response = client.post(
        url,
        {
            "penalty_types": ["fine", "suspend_business"],
            "fine_min": "36500",
            "fine_max": "50000",
            "flags_any": ["repeat", "aggravating.serious_harm"],
            "conditions": "多次违法或造成严重后果",
        },
    )
    assert response.status_code == 302
    tier = draft.tiers.get(tier=Tier.HEAVIER)
    assert tier.flags_any == ["repeat", "aggravating.serious_harm"]
    assert tier.penalty_types == ["fine", "suspend_business"]
    detail = client.get(reverse("penalties:benchmark_detail", args=[draft.pk])).content.decode()
    assert "发布" in detail
    response = client.post(
        reverse("penalties:benchmark_publish", args=[draft.pk]),
        {"effective_from": clock.today().isoformat(), "approved_by": "局长办公会议"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.effective_from == clock.today()
    world.mine.refresh_from_db()
    assert world.mine.effective_to is not None
    assert AuditEvent.objects.filter(
        action="penalties.benchmark.published", object_id=str(draft.pk)
    ).exists()
    # published: no more edits
    assert client.get(reverse("penalties:tier_edit", args=[draft.pk, "heavier"])).status_code == 200
    response = client.post(
        url, {"penalty_types": ["fine"], "fine_min": "40000", "fine_max": "50000"}
    )
    assert (
        "R-17: 裁量基准" in response.content.decode()
        and "已发布，不得修改" in response.content.decode()
    )


def test_publish_refusal_is_shown_and_nothing_changes(client, world):
    client.force_login(world.admin)
    client.post(reverse("penalties:benchmark_new", args=[world.code]))
    draft = BenchmarkVersion.objects.get(status="draft")
    client.post(reverse("penalties:tier_delete", args=[draft.pk, "lighter"]))
    page = client.get(reverse("penalties:benchmark_detail", args=[draft.pk])).content.decode()
    assert "R-17: 发布前须设定从轻、一般、从重三个档次（缺少：从轻）" in page
    response = client.post(
        reverse("penalties:benchmark_publish", args=[draft.pk]),
        {"effective_from": clock.today().isoformat(), "approved_by": "局务会"},
        follow=True,
    )
    assert "缺少：从轻" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def test_import_rejects_non_xlsx_with_a_message(client, world):
    client.force_login(world.admin)
    upload = SimpleUploadedFile(
        "table.xlsx", b"not a zip at all", content_type="application/octet-stream"
    )
    response = client.post(reverse("penalties:benchmark_import"), {"file": upload})
    assert response.status_code == 200
    assert "该文件不是有效的 Excel 工作簿（.xlsx）" in response.content.decode()
    assert not BenchmarkVersion.objects.filter(status="draft").exists()


def test_export_round_trips_through_the_pages(client, world):
    client.force_login(world.admin)
    response = client.get(reverse("penalties:benchmark_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    upload = SimpleUploadedFile("t.xlsx", response.content)
    response = client.post(reverse("penalties:benchmark_import"), {"file": upload})
    assert response.status_code == 302
    draft = BenchmarkVersion.objects.get(status="draft", agency=world.agency)
    assert sorted(draft.tiers.values_list("tier", "fine_min", "fine_max")) == sorted(
        world.mine.tiers.values_list("tier", "fine_min", "fine_max")
    )


def test_first_offence_list_pages(client, world):
    client.force_login(world.supervisor)
    url = reverse("penalties:first_offence_list")
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 404
    client.force_login(world.admin)
    response = client.post(
        url,
        {
            "violation": world.statute.violation.pk,
            "conditions": "首次违法、危害后果轻微并及时改正",
            "effective_from": "2026-01-01",
        },
    )
    assert response.status_code == 302
    entry = FirstOffenceEntry.objects.get(agency=world.agency)
    with clock.travel(date(2026, 11, 27)):
        response = client.post(
            reverse("penalties:first_offence_end", args=[entry.pk]), {"effective_to": "2026-12-31"}
        )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.effective_to == date(2026, 12, 31)
    client.force_login(world.other_admin)
    assert (
        client.post(
            reverse("penalties:first_offence_end", args=[entry.pk]), {"effective_to": "2027-01-01"}
        ).status_code
        == 404
    )


def test_catalogue_pages_for_all_staff(client, world):
    client.force_login(world.officer)
    page = client.get(reverse("penalties:catalogue_list")).content.decode()
    assert world.code in page
    detail = client.get(reverse("penalties:catalogue_detail", args=[world.code]))
    assert detail.status_code == 200 and "5000–50000 元" in detail.content.decode()
    assert client.get(reverse("penalties:catalogue_detail", args=["NOPE"])).status_code == 404


@pytest.mark.parametrize("query", ["?q=%00", "?domain=nope", "?q=" + "x" * 500, "?page=abc"])
def test_bad_query_strings_are_not_500(client, world, query):
    client.force_login(world.admin)
    assert client.get(reverse("penalties:benchmark_list") + query).status_code == 200
    assert client.get(reverse("penalties:catalogue_list") + query).status_code == 200


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("penalties:benchmark_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_admin_pages_render(client, world):
    client.force_login(world.admin)
    client.post(reverse("penalties:benchmark_new", args=[world.code]))
    draft = BenchmarkVersion.objects.get(status="draft")
    for url in (
        reverse("penalties:benchmark_edit", args=[draft.pk]),
        reverse("penalties:tier_edit", args=[draft.pk, "mitigated"]),
        reverse("penalties:tier_edit", args=[draft.pk, "no_penalty"]),
        reverse("penalties:benchmark_import"),
        reverse("penalties:benchmark_violation", args=[world.code]),
        reverse("penalties:first_offence_list"),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("penalties:tier_edit", args=[draft.pk, "bogus"])).status_code == 404
    response = client.post(
        reverse("penalties:benchmark_edit", args=[draft.pk]), {"label": "修订\x00版"}
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert "\x00" not in draft.label
