"""Who sees what: `Case.objects.visible_to` and a walk over every case URL for every
role (assigned officer, officer of the agency, officer of another agency, supervisor,
legal office, anonymous). Outsiders get 404, never 403."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import actions, services
from cases.models import Case
from core import clock
from officers.models import AgencySettings
from tests.cases.factories import investigating

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = investigating(w)
    ev = services.add_evidence(
        case,
        by=w.a,
        type="documentary",
        title="进货单",
        collected_on=clock.today(),
        collectors=[w.a.officer, w.b.officer],
        method="复印",
        source="当事人",
    )
    f = services.attach_file(ev, by=w.a, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    record = services.create_record(
        case,
        by=w.a,
        kind="inquiry",
        held_on=clock.today(),
        place="询问室",
        subject_name="张三",
        officers=[w.a.officer, w.b.officer],
        signature="signed",
        qa=[("问", "答")],
    )
    return case, ev, f, record


def case_urls(case, ev, f, record) -> list[str]:
    urls = [
        reverse("cases:case_detail", args=[case.pk]),
        reverse("cases:case_edit", args=[case.pk]),
        reverse("cases:evidence_detail", args=[case.pk, ev.pk]),
        reverse("cases:evidence_download", args=[case.pk, ev.pk, f.pk]),
        reverse("cases:record_detail", args=[case.pk, record.pk]),
        reverse("cases:party_detail", args=[case.primary_party_id]),
    ]
    urls += [reverse("cases:case_action", args=[case.pk, a.code]) for a in actions.ACTIONS]
    return urls


def test_visible_to(w, setup):
    case = setup[0]
    for user in (w.a, w.b, w.c, w.supervisor, w.legal):
        assert Case.objects.visible_to(user).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(w.outsider).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(w.outsider_supervisor).filter(pk=case.pk).exists()
    from django.contrib.auth.models import AnonymousUser

    assert not Case.objects.visible_to(AnonymousUser()).exists()


def test_officers_see_assigned_only_setting(w, setup):
    case = setup[0]
    AgencySettings.objects.filter(agency=w.agency).update(officers_see_assigned_only=True)
    from django.contrib.auth import get_user_model

    User = get_user_model()
    c = User.objects.get(pk=w.c.pk)
    a = User.objects.get(pk=w.a.pk)
    assert not Case.objects.visible_to(c).filter(pk=case.pk).exists()
    assert Case.objects.visible_to(a).filter(pk=case.pk).exists()
    assert Case.objects.visible_to(User.objects.get(pk=w.supervisor.pk)).filter(pk=case.pk).exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("a", 200),  # assigned officer
        ("c", 200),  # officer of the same agency
        ("outsider", 404),  # officer of another agency
        ("outsider_supervisor", 404),
        ("supervisor", 200),
        ("legal", 200),
        (None, 302),  # anonymous → login
    ],
)
def test_every_case_url_for_every_role(client, w, setup, persona, expected):
    urls = case_urls(*setup)
    if persona:
        client.force_login(getattr(w, persona))
    statuses = {url: client.get(url).status_code for url in urls}
    assert statuses == {url: expected for url in urls}


def test_assigned_only_officer_gets_404_on_every_case_url(client, w, setup):
    AgencySettings.objects.filter(agency=w.agency).update(officers_see_assigned_only=True)
    case, ev, f, record = setup
    client.force_login(w.c)
    urls = [u for u in case_urls(*setup) if "/parties/" not in u]
    assert {url: client.get(url).status_code for url in urls} == {url: 404 for url in urls}


def test_post_actions_by_outsiders_are_404_and_change_nothing(client, w, setup):
    case, ev, f, record = setup
    client.force_login(w.outsider_supervisor)
    for a in actions.ACTIONS:
        assert (
            client.post(reverse("cases:case_action", args=[case.pk, a.code]), {}).status_code == 404
        )
    for code in ("verify", "exclude", "opinion", "upload"):
        assert (
            client.post(
                reverse("cases:evidence_action", args=[case.pk, ev.pk, code]), {}
            ).status_code
            == 404
        )
    assert Case.objects.get(pk=case.pk).version == case.version


def test_lists_for_every_role(client, w, setup):
    urls = [
        reverse(n)
        for n in (
            "cases:case_list",
            "cases:lead_list",
            "cases:party_list",
            "cases:inspection_list",
            "cases:assistance_list",
            "cases:lead_create",
            "cases:party_create",
            "cases:inspection_create",
        )
    ]
    for persona in ("a", "c", "outsider", "supervisor", "legal"):
        client.force_login(getattr(w, persona))
        for url in urls:
            status = client.get(url).status_code
            expected = 404 if (persona == "legal" and url == reverse("cases:lead_create")) else 200
            assert status == expected, (persona, url)
    client.logout()
    assert {client.get(u).status_code for u in urls} == {302}


def test_outsider_lists_do_not_show_the_case(client, w, setup):
    case = setup[0]
    client.force_login(w.outsider_supervisor)
    for name in ("cases:case_list", "cases:party_list"):
        page = client.get(reverse(name)).content.decode()
        assert case.number not in page and case.party_name not in page
    client.force_login(w.supervisor)
    assert case.number in client.get(reverse("cases:case_list")).content.decode()


def test_unavailable_actions_show_the_blocking_rule(client, w, setup):
    case = setup[0]
    client.force_login(w.a)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "R-47: 移送须经本机关负责人批准，您不是本机关负责人" in page
    assert "R-21: 撤销立案须经本机关负责人批准，您不是本机关负责人" in page
    client.force_login(w.supervisor)
    page = client.get(
        reverse("cases:case_action", args=[case.pk, "request_closing"])
    ).content.decode()
    assert "R-45: 案件处于“调查取证”状态，不能结案" in page and "disabled" in page


def test_documents_of_a_case_follow_case_visibility(w):
    from documents.access import can_view
    from documents.models import Document

    case = setup_case = investigating(w)
    doc = Document.objects.get(case_id=setup_case.pk, kind="filing_approval")
    assert can_view(w.c, doc) and can_view(w.supervisor, doc)
    assert not can_view(w.outsider_supervisor, doc)
    assert case.pk == doc.case_id
