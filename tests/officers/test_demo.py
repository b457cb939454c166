"""The demo data: officers in every state, dates relative to today, idempotent."""

from __future__ import annotations

import io

import pytest

from audit.models import AuditEvent
from core.roles import role_codes
from officers import demo
from officers.models import Agency, Certificate, Officer, Reminder
from officers.qualification import may_act

pytestmark = pytest.mark.django_db


def test_demo_loads_every_state_and_is_idempotent():
    out = io.StringIO()
    demo.load(stdout=out)
    counts = (
        Officer.objects.count(),
        Certificate.objects.count(),
        AuditEvent.objects.count(),
        Reminder.objects.count(),
    )
    demo.load(stdout=out)
    assert (
        Officer.objects.count(),
        Certificate.objects.count(),
        AuditEvent.objects.count(),
        Reminder.objects.count(),
    ) == counts

    def officer(username):
        return Officer.objects.get(user__username=username)

    assert may_act(officer("zhangwei")).ok and may_act(officer("lina")).ok
    assert officer("wufang").status == Officer.Status.OFF_POST_STUDY
    assert officer("zhengyu").is_new_staff
    assert officer("majun").status == Officer.Status.TRANSFERRED
    assert (
        officer("hetao").status == Officer.Status.SUSPENDED and officer("hetao").flagged_for_review
    )
    states = {
        c.officer.user.username: c.state
        for c in Certificate.objects.select_related("officer__user")
    }
    assert (
        states["sunyue"] == "expired"
        and states["zhoujie"] == "suspended"
        and states["majun"] == "revoked"
    )
    assert Reminder.objects.filter(certificate__officer__user__username="zhaolei").exists()
    binjiang = Agency.objects.get(name="滨江市市场监督管理局")
    assert binjiang.doc_prefix == "滨市监" and binjiang.powers.count() == 5
    assert Agency.objects.get(name="临川市市场监督管理局").doc_prefix == "临市监"
    assert officer("liuyang").legal_qualification
    for username in ("system_admin", "security_admin", "audit_admin"):
        user = Officer._meta.get_field("user").related_model.objects.get(username=username)
        assert len(role_codes(user)) == 1
        assert user.check_password(demo.DEMO_PASSWORD)


def test_demo_print_logins_table():
    out = io.StringIO()
    demo.print_logins(stdout=out)
    text = out.getvalue()
    for username in (
        "zhangwei",
        "lina",
        "wangqiang",
        "liuyang",
        "chenjing",
        "admin_binjiang",
        "audit_admin",
    ):
        assert username in text
    assert demo.DEMO_PASSWORD in text
