from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Audit action codes recorded by the catalogue and benchmark services, with their labels.
ACTION_LABELS = {
    "penalties.violation.created": _("新增违法行为"),
    "penalties.violation.version_added": _("新增违法行为法律依据版本"),
    "penalties.benchmark.draft_created": _("新建裁量基准草稿"),
    "penalties.benchmark.draft_updated": _("修改裁量基准版本信息"),
    "penalties.benchmark.tier_saved": _("保存裁量档次"),
    "penalties.benchmark.tier_deleted": _("删除裁量档次"),
    "penalties.benchmark.tiers_replaced": _("导入裁量档次"),
    "penalties.benchmark.published": _("发布裁量基准"),
    "penalties.benchmark.draft_discarded": _("删除裁量基准草稿"),
    "penalties.benchmark.imported": _("导入裁量基准表"),
    "penalties.benchmark.exported": _("导出裁量基准表"),
    "penalties.first_offence.added": _("列入首违不罚清单"),
    "penalties.first_offence.ended": _("首违不罚清单事项失效"),
}


class PenaltiesConfig(AppConfig):
    """Violation catalogue, discretion benchmarks and engine, proposals through decision."""

    name = "penalties"
    verbose_name = _("行政处罚")

    def ready(self) -> None:
        # Lower apps expose hooks; penalties fills them (imports here: models are ready).
        from audit import actions
        from cases import violations
        from penalties.selectors import CatalogueProvider

        violations.register_provider(CatalogueProvider())
        for code, label in ACTION_LABELS.items():
            actions.register(code, label)

        from penalties.views import proposals as proposal_views

        proposal_views.register_hooks()

        from penalties.views import notices as notice_views

        notice_views.install()

        from penalties import decision_hooks

        decision_hooks.register()

        from penalties.views import execution as execution_views

        execution_views.install()
