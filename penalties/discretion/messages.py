"""The message registry: every rule the engine can cite, with its article and template.

A code (`"r13.fine_departure"`) names one entry; results store only codes and
parameters (see `explain`). Templates are marked with `gettext_noop` so `makemessages`
extracts them; article references are translatable too because parties read them.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext_noop as N_


class Message(NamedTuple):
    rule: str
    article: str
    template: str


ART_9 = N_("《行政处罚法》第九条")
ART_18_3 = N_("《行政处罚法》第十八条第三款")
ART_28_2 = N_("《行政处罚法》第二十八条第二款")
ART_30 = N_("《行政处罚法》第三十条")
ART_31 = N_("《行政处罚法》第三十一条")
ART_32 = N_("《行政处罚法》第三十二条")
ART_32_1 = N_("《行政处罚法》第三十二条第（一）项")
ART_32_2 = N_("《行政处罚法》第三十二条第（二）项")
ART_32_3 = N_("《行政处罚法》第三十二条第（三）项")
ART_32_4 = N_("《行政处罚法》第三十二条第（四）项")
ART_32_5 = N_("《行政处罚法》第三十二条第（五）项")
ART_33_1 = N_("《行政处罚法》第三十三条第一款")
ART_33_2 = N_("《行政处罚法》第三十三条第二款")
ART_34 = N_("《行政处罚法》第三十四条")
ART_37 = N_("《行政处罚法》第三十七条")
ART_38 = N_("《行政处罚法》第三十八条第一款")
ART_45_2 = N_("《行政处罚法》第四十五条第二款")
ART_51 = N_("《行政处罚法》第五十一条")
ART_57_2 = N_("《行政处罚法》第五十七条第二款")
ART_58_1 = N_("《行政处罚法》第五十八条第一款第（一）项")
ART_58_2 = N_("《行政处罚法》第五十八条第一款第（二）项")
ART_58_3 = N_("《行政处罚法》第五十八条第一款第（三）项")
ART_58_4 = N_("《行政处罚法》第五十八条第一款第（四）项")
ART_63_1 = N_("《行政处罚法》第六十三条第一款第（一）项")
ART_63_2 = N_("《行政处罚法》第六十三条第一款第（二）项")
ART_63_34 = N_("《行政处罚法》第六十三条第一款第（三）、（四）项")


MESSAGES: dict[str, Message] = {
    # --- no penalty required by law -------------------------------------------------------
    "r15.under_14": Message(
        "R-15",
        ART_30,
        N_("当事人不满十四周岁（%(age)s 周岁），依法不予行政处罚，应当责令监护人加以管教。"),
    ),
    "r15.no_capacity": Message(
        "R-15",
        ART_31,
        N_(
            "当事人在不能辨认或者不能控制自己行为时实施违法行为，依法不予行政处罚，"
            "应当责令其监护人严加看管和治疗。"
        ),
    ),
    "r14.no_fault": Message(
        "R-14",
        ART_33_2,
        N_("当事人有证据足以证明没有主观过错，依法不予行政处罚，并应当对其进行教育。"),
    ),
    "r12.minor_corrected": Message(
        "R-12",
        ART_33_1,
        N_(
            "违法行为轻微并及时改正，没有造成危害后果，依法不予行政处罚；"
            "应当对当事人进行教育并记录在案（第三十三条第三款）。"
        ),
    ),
    "r18.decriminalised": Message(
        "R-18",
        ART_37,
        N_(
            "违法行为发生时适用的规定（%(code)s 第 %(version)s 版）已于 %(valid_to)s 失效，"
            "作出决定时已不认为是违法，依法不予行政处罚。"
        ),
    ),
    # --- R-13 -------------------------------------------------------------------------------
    "r13.first_offence_list": Message(
        "R-13",
        ART_33_1,
        N_(
            "初次违法、情节轻微、危害后果轻微并及时改正，且该违法行为列入本机关首违不罚清单，"
            "不予行政处罚，并应当对当事人进行教育。"
        ),
    ),
    "r13.warning_not_listed": Message(
        "R-13",
        ART_33_1,
        N_(
            "初次违法、情节轻微、社会危害性较小，应当适用警告，慎用罚款；"
            "该违法行为未列入本机关首违不罚清单，故推荐警告。"
        ),
    ),
    "r13.warning_not_corrected": Message(
        "R-13",
        ART_33_1,
        N_(
            "初次违法、情节轻微、社会危害性较小，应当适用警告，慎用罚款；"
            "当事人未及时改正，不适用首违不罚，故推荐警告。"
        ),
    ),
    "r13.warning_is_mitigation": Message(
        "R-17",
        ART_32,
        N_("该违法行为的法定处罚种类不含警告，以警告代替法定处罚种类属于减轻处罚。"),
    ),
    "r13.gains_confiscated": Message(
        "R-13",
        ART_28_2,
        N_("当事人有违法所得 %(gains)s 元，除依法应当退赔的外，应当予以没收（不属于罚款）。"),
    ),
    # --- R-17 table-driven no penalty -------------------------------------------------------
    "r17.table_no_penalty": Message(
        "R-17",
        ART_33_1,
        N_(
            "符合裁量基准不予处罚档的条件（%(condition)s），且初次违法、危害后果轻微并及时改正，"
            "可以不予行政处罚，并应当对当事人进行教育。"
        ),
    ),
    # --- mitigation -------------------------------------------------------------------------
    "r15.juvenile": Message(
        "R-15",
        ART_30,
        N_("当事人已满十四周岁不满十八周岁（%(age)s 周岁），应当从轻或者减轻行政处罚。"),
    ),
    "r15.partly_impaired": Message(
        "R-15",
        ART_31,
        N_(
            "当事人尚未完全丧失辨认或者控制自己行为的能力，可以从轻或者减轻行政处罚；"
            "本推荐已按从轻处理并记录。"
        ),
    ),
    "r15.partly_impaired_outweighed": Message(
        "R-15",
        ART_31,
        N_(
            "当事人尚未完全丧失辨认或者控制自己行为的能力，可以从轻或者减轻行政处罚；"
            "因存在从重情节未自动适用，如拟从轻，"
            "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
        ),
    ),
    "r16.removed_harm": Message(
        "R-16", ART_32_1, N_("当事人主动消除或者减轻违法行为危害后果，应当从轻或者减轻行政处罚。")
    ),
    "r16.coerced": Message(
        "R-16", ART_32_2, N_("当事人受他人胁迫或者诱骗实施违法行为，应当从轻或者减轻行政处罚。")
    ),
    "r16.confessed": Message(
        "R-16",
        ART_32_3,
        N_("当事人主动供述行政机关尚未掌握的违法行为，应当从轻或者减轻行政处罚。"),
    ),
    "r16.meritorious": Message(
        "R-16",
        ART_32_4,
        N_("当事人配合行政机关查处违法行为有立功表现，应当从轻或者减轻行政处罚。"),
    ),
    "r16.other_statutory": Message(
        "R-16",
        ART_32_5,
        N_("有法律、法规、规章规定的其他应当从轻或者减轻行政处罚的情形。"),
    ),
    "r16.mitigation_prevails": Message(
        "R-16",
        ART_32,
        N_(
            "虽有从重情节（%(factors)s），但存在法定应当从轻或者减轻的情节，"
            "不得从重，处罚档次至多为从轻。"
        ),
    ),
    # --- tier choice ------------------------------------------------------------------------
    "r17.mitigated_by_table": Message(
        "R-17", ART_34, N_("符合裁量基准减轻处罚档的条件（%(condition)s），适用减轻处罚。")
    ),
    "r17.lighter_by_table": Message(
        "R-17", ART_34, N_("符合裁量基准从轻处罚档的条件（%(condition)s），适用从轻处罚。")
    ),
    "r17.heavier_by_table": Message(
        "R-17", ART_34, N_("符合裁量基准从重处罚档的条件（%(condition)s），适用从重处罚。")
    ),
    "r17.mandatory_lighter": Message(
        "R-17", ART_34, N_("存在应当从轻或者减轻的法定情节，适用从轻处罚档。")
    ),
    "r17.aggravating": Message(
        "R-17",
        ART_34,
        N_("存在从重情节（%(factors)s），且无法定应当从轻或者减轻的情节，适用从重处罚档。"),
    ),
    "r17.ordinary": Message(
        "R-17", ART_34, N_("无法定或者裁量基准列明的从轻、减轻、从重情节，适用一般处罚档。")
    ),
    "r17.default_table": Message(
        "R-17",
        ART_34,
        N_(
            "本机关未制定该违法行为的裁量基准，适用默认划分：从轻为法定幅度最低 30%%，"
            "从重为最高 30%%，其余为一般；减轻低于法定最低额。"
        ),
    ),
    "r17.tier_missing": Message(
        "R-17",
        ART_34,
        N_("裁量基准（%(version)s）未设%(tier)s档，该档按默认划分确定。"),
    ),
    "r17.range_fixed": Message(
        "R-17",
        ART_34,
        N_(
            "适用%(tier)s档：罚款 %(low)s 元至 %(high)s 元（法定幅度 %(stat_low)s 元至 %(stat_high)s 元）。"
        ),
    ),
    "r17.range_multiple": Message(
        "R-17",
        ART_34,
        N_(
            "适用%(tier)s档：按%(basis)s %(basis_amount)s 元的 %(m_low)s 至 %(m_high)s 倍，"
            "罚款 %(low)s 元至 %(high)s 元（法定幅度 %(stat_low)s 元至 %(stat_high)s 元）。"
        ),
    ),
    "r17.no_fine_in_tier": Message(
        "R-17", ART_34, N_("适用%(tier)s档：该档不处罚款，可处%(types)s。")
    ),
    "r17.table_range_invalid": Message(
        "R-19",
        ART_34,
        N_("裁量基准%(tier)s档的罚款幅度不在法定幅度内，已改按默认划分确定。"),
    ),
    "r17.fine_basis_unknown": Message(
        "R-17",
        ART_34,
        N_("罚款以%(basis)s为计算基数，但该金额尚未认定，无法计算罚款幅度；请先认定%(basis)s。"),
    ),
    "r19.types_without_basis": Message(
        "R-19",
        ART_38,
        N_("裁量基准%(tier)s档列出的%(types)s无法定依据，已剔除。"),
    ),
    "r19.clipped": Message(
        "R-19",
        ART_34,
        N_(
            "裁量基准%(tier)s档上限 %(table_high)s 元超过法定最高额 %(max)s 元，"
            "按法定最高额截取：任何设置都不得超过法定最高额。"
        ),
    ),
    "r03.no_detention": Message(
        "R-03",
        ART_18_3,
        N_("行政拘留只能由公安机关和法律规定的其他机关决定，本机关不得适用。"),
    ),
    "r17.tier_empty": Message(
        "R-17",
        ART_34,
        N_("裁量基准%(tier)s档没有可适用的处罚种类，该档按默认划分确定。"),
    ),
    "r17.mandatory_added": Message(
        "R-17",
        ART_34,
        N_("法律规定应当并处%(types)s，已列入%(tier)s档的处罚种类。"),
    ),
    "r17.range_default": Message(
        "R-17",
        ART_34,
        N_("裁量基准%(tier)s档未列明适用于本案的罚款幅度，按默认划分确定。"),
    ),
    # --- benchmark validation (importer, R-17/R-19) -------------------------------------------
    "bm.wrong_violation": Message(
        "R-17", ART_34, N_("裁量基准对应的违法行为（%(table)s）与所选违法行为（%(code)s）不符。")
    ),
    "bm.dates": Message("R-17", ART_34, N_("裁量基准的失效日期早于生效日期。")),
    "bm.duplicate_tier": Message("R-17", ART_34, N_("%(tier)s档重复。")),
    "bm.detention": Message(
        "R-03", ART_18_3, N_("%(tier)s档不得列入行政拘留：行政拘留只能由公安机关决定。")
    ),
    "bm.type_without_basis": Message(
        "R-19", ART_38, N_("%(tier)s档列出的%(types)s不是该违法行为的法定处罚种类。")
    ),
    "bm.no_penalty_with_penalty": Message(
        "R-17", ART_33_1, N_("不予处罚档不得列出处罚种类或者罚款幅度。")
    ),
    "bm.mitigated_without_condition": Message("R-17", ART_32, N_("减轻处罚档必须列明适用条件。")),
    "bm.fine_without_statute": Message(
        "R-19", ART_38, N_("%(tier)s档列出罚款幅度，但法律未对该违法行为规定罚款。")
    ),
    "bm.no_fixed_range": Message(
        "R-19", ART_38, N_("%(tier)s档列出固定金额幅度，但法律对该违法行为只规定了倍数罚款。")
    ),
    "bm.no_multiples": Message(
        "R-19", ART_38, N_("%(tier)s档列出倍数幅度，但法律对该违法行为规定的是固定金额罚款。")
    ),
    "bm.amount_above_max": Message(
        "R-19", ART_34, N_("%(tier)s档上限 %(high)s 元超过法定最高额 %(max)s 元。")
    ),
    "bm.amount_below_min": Message(
        "R-17",
        ART_34,
        N_(
            "%(tier)s档下限 %(low)s 元低于法定最低额 %(min)s 元（只有减轻处罚档可以低于法定最低额）。"
        ),
    ),
    "bm.mitigated_amount": Message(
        "R-17", ART_32, N_("减轻处罚档的上限 %(high)s 元应当不高于法定最低额 %(min)s 元。")
    ),
    "bm.multiple_above_max": Message(
        "R-19", ART_34, N_("%(tier)s档上限 %(high)s 倍超过法定最高 %(max)s 倍。")
    ),
    "bm.multiple_below_min": Message(
        "R-17",
        ART_34,
        N_(
            "%(tier)s档下限 %(low)s 倍低于法定最低 %(min)s 倍（只有减轻处罚档可以低于法定最低倍数）。"
        ),
    ),
    "bm.mitigated_multiple": Message(
        "R-17", ART_32, N_("减轻处罚档的上限 %(high)s 倍应当不高于法定最低 %(min)s 倍。")
    ),
    "bm.overlap_amount": Message(
        "R-17", ART_34, N_("%(lower)s档与%(upper)s档的罚款金额幅度交叉或者次序颠倒。")
    ),
    "bm.overlap_multiple": Message(
        "R-17", ART_34, N_("%(lower)s档与%(upper)s档的罚款倍数幅度交叉或者次序颠倒。")
    ),
    # --- R-18 law in time -------------------------------------------------------------------
    "r18.new_lighter": Message(
        "R-18",
        ART_37,
        N_(
            "违法行为发生时（%(act_date)s）适用第 %(old)s 版规定及裁量基准（%(old_table)s），"
            "作出决定时（%(decision_date)s）的第 %(new)s 版规定及裁量基准（%(new_table)s）"
            "处罚较轻，依法适用新的规定。"
        ),
    ),
    "r18.old_applies": Message(
        "R-18",
        ART_37,
        N_(
            "适用违法行为发生时（%(act_date)s）有效的第 %(old)s 版规定及裁量基准（%(old_table)s）；"
            "作出决定时（%(decision_date)s）的第 %(new)s 版规定及裁量基准（%(new_table)s）"
            "处罚并不较轻。"
        ),
    ),
    # --- flags ------------------------------------------------------------------------------
    "r30.fine": Message(
        "R-30",
        ART_63_1,
        N_(
            "罚款 %(amount)s 元达到本机关%(party)s听证标准 %(threshold)s 元，应当告知当事人有要求听证的权利。"
        ),
    ),
    "r30.gains": Message(
        "R-30",
        ART_63_2,
        N_(
            "没收违法所得 %(amount)s 元达到本机关%(party)s听证标准 %(threshold)s 元，"
            "应当告知当事人有要求听证的权利。"
        ),
    ),
    "r30.property": Message(
        "R-30",
        ART_63_2,
        N_(
            "没收非法财物价值 %(amount)s 元达到本机关%(party)s听证标准 %(threshold)s 元，"
            "应当告知当事人有要求听证的权利。"
        ),
    ),
    "r30.type": Message(
        "R-30",
        ART_63_34,
        N_("拟处%(types)s，应当告知当事人有要求听证的权利。"),
    ),
    "r20.summary": Message(
        "R-20",
        ART_51,
        N_(
            "违法事实确凿并有法定依据，处警告或者%(party)s %(limit)s 元以下罚款，"
            "可以适用简易程序当场作出行政处罚决定。"
        ),
    ),
    "r28.flagged": Message("R-28", ART_58_4, N_("该违法行为列明须经法制审核。")),
    "r28.public_interest": Message("R-28", ART_58_1, N_("案件涉及重大公共利益，须经法制审核。")),
    "r28.hearing": Message("R-28", ART_58_2, N_("案件经过听证程序，须经法制审核。")),
    "r28.complex": Message(
        "R-28", ART_58_3, N_("案件情况疑难复杂、涉及多个法律关系，须经法制审核。")
    ),
    "r27.complex": Message(
        "R-27",
        ART_57_2,
        N_("情节复杂或者重大违法行为，应当由行政机关负责人集体讨论决定。"),
    ),
    "r27.hearing": Message(
        "R-27", ART_57_2, N_("案件经过听证程序，按本机关规定应当集体讨论决定。")
    ),
    "r27.fine": Message(
        "R-27",
        ART_57_2,
        N_("罚款 %(amount)s 元达到听证标准 %(threshold)s 元，按本机关规定应当集体讨论决定。"),
    ),
    # --- proposal check: refusals -----------------------------------------------------------
    "r19.above_max": Message(
        "R-19",
        ART_38,
        N_(
            "拟罚款 %(amount)s 元超过法定最高额 %(max)s 元，不得作出；"
            "偏离审批或者集体讨论也不能突破法定最高额。"
        ),
    ),
    "r19.type_without_basis": Message(
        "R-19", ART_38, N_("拟处%(types)s，该违法行为的法定处罚种类中没有，无法定依据，不得作出。")
    ),
    "r19.fine_basis_unknown": Message(
        "R-19",
        ART_38,
        N_("罚款以%(basis)s为计算基数，该金额尚未认定，无法确认罚款未超过法定最高额。"),
    ),
    "r19.gains_above_found": Message(
        "R-19",
        ART_28_2,
        N_("拟没收违法所得 %(amount)s 元超过已认定的违法所得 %(gains)s 元。"),
    ),
    "r03.detention": Message(
        "R-03", ART_18_3, N_("行政拘留只能由公安机关和法律规定的其他机关决定，本机关不得作出。")
    ),
    "r17.negative_amount": Message("R-17", ART_9, N_("拟处罚的金额不得为负数。")),
    "r17.fine_without_amount": Message(
        "R-17", ART_9, N_("拟处罚包含罚款，但未填写大于零的罚款金额。")
    ),
    "r17.amount_without_type": Message(
        "R-17", ART_9, N_("填写了%(type)s的金额，但拟处罚未包含该处罚种类。")
    ),
    "r12.refuse_penalty": Message(
        "R-12",
        ART_33_1,
        N_("违法行为轻微并及时改正，没有造成危害后果，依法应当不予行政处罚，不得拟处罚。"),
    ),
    "r14.refuse_penalty": Message(
        "R-14", ART_33_2, N_("当事人已证明没有主观过错，依法应当不予行政处罚，不得拟处罚。")
    ),
    "r15.refuse_penalty": Message(
        "R-15",
        ART_30,
        N_("当事人不满十四周岁或者不能辨认、控制自己行为，依法应当不予行政处罚，不得拟处罚。"),
    ),
    "r18.refuse_penalty": Message(
        "R-18", ART_37, N_("作出决定时已不认为是违法，依法应当不予行政处罚，不得拟处罚。")
    ),
    # --- proposal check: departures ---------------------------------------------------------
    "r13.fine_departure": Message(
        "R-13",
        ART_33_1,
        N_(
            "初次违法、情节轻微、社会危害性较小，应当适用警告而非罚款；拟处罚款属于偏离，"
            "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
        ),
    ),
    "r13.no_penalty_departure": Message(
        "R-13",
        ART_33_1,
        N_(
            "该违法行为列入首违不罚清单且当事人已及时改正，推荐不予处罚；拟给予处罚属于偏离，"
            "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
        ),
    ),
    "r17.no_penalty_departure": Message(
        "R-17",
        ART_34,
        N_(
            "裁量基准推荐不予处罚；拟给予处罚属于偏离，"
            "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
        ),
    ),
    "r17.none_proposed": Message(
        "R-17",
        ART_34,
        N_(
            "推荐给予行政处罚，拟不予处罚属于偏离，"
            "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
        ),
    ),
    "r17.type_departure": Message(
        "R-17",
        ART_34,
        N_(
            "拟处%(types)s不在%(tier)s档允许的处罚种类内，属于偏离，"
            "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
        ),
    ),
    "r17.amount_above_tier": Message(
        "R-17",
        ART_34,
        N_(
            "拟罚款 %(amount)s 元高于%(tier)s档上限 %(high)s 元，属于偏离，"
            "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
        ),
    ),
    "r17.amount_below_tier": Message(
        "R-17",
        ART_34,
        N_(
            "拟罚款 %(amount)s 元低于%(tier)s档下限 %(low)s 元，属于偏离，"
            "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
        ),
    ),
    "r17.below_statutory_min": Message(
        "R-17",
        ART_32,
        N_(
            "拟罚款 %(amount)s 元低于法定最低额 %(min)s 元，属于减轻处罚，"
            "须有法定或者裁量基准列明的减轻情形。"
        ),
    ),
    "r17.missing_mandatory": Message(
        "R-17",
        ART_34,
        N_(
            "法律规定应当并处%(types)s，拟处罚未包含，属于减轻处罚的偏离，"
            "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
        ),
    ),
    "r15.above_mitigated": Message(
        "R-15",
        ART_30,
        N_(
            "未成年当事人应当从轻或者减轻行政处罚，拟处罚超出%(tier)s档，属于偏离，"
            "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
        ),
    ),
    "r16.above_mitigated": Message(
        "R-16",
        ART_32,
        N_(
            "存在应当从轻或者减轻的法定情节，拟处罚超出%(tier)s档，属于偏离，"
            "须书面说明理由，并经机关负责人批准或者集体讨论决定（R-17）。"
        ),
    ),
    # --- R-26 -------------------------------------------------------------------------------
    "r26.type_rank": Message(
        "R-26",
        ART_45_2,
        N_("决定的处罚种类（%(new)s）重于告知的处罚种类（%(old)s）。"),
    ),
    "r26.added_type": Message("R-26", ART_45_2, N_("决定增加了告知中没有的处罚种类：%(types)s。")),
    "r26.fine_higher": Message(
        "R-26", ART_45_2, N_("决定的罚款 %(new)s 元高于告知的 %(old)s 元。")
    ),
    "r26.gains_higher": Message(
        "R-26", ART_45_2, N_("决定没收的违法所得 %(new)s 元高于告知的 %(old)s 元。")
    ),
    "r26.property_higher": Message(
        "R-26", ART_45_2, N_("决定没收的非法财物价值 %(new)s 元高于告知的 %(old)s 元。")
    ),
}
