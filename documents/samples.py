"""A complete example data dict for every document kind.

The living reference for stage engineers (which keys each kind reads, in which shape) and
the input of the rendering tests, the benchmark and the demo. Amounts may be Decimal, int
or numeric strings; dates may be date/datetime objects or ISO strings.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from decimal import Decimal

from documents.kinds import Kind

PARTY = {
    "name": "滨海市鲜味源食品有限公司",
    "kind": "org",
    "id_label": "统一社会信用代码",
    "id_number": "91370200MA3C4D5E6F",
    "legal_representative": "王建国",
    "address": "滨海市海港区人民路88号",
    "phone": "0532-12345678",
}
OFFICERS = [
    {"name": "李明", "certificate_number": "37020019001"},
    {"name": "张华", "certificate_number": "37020019002"},
]
PENALTIES = [
    {"type_label": "警告"},
    {"type_label": "罚款", "amount": Decimal("5000")},
    {"type_label": "没收违法所得", "amount": Decimal("1250.50")},
]
RIGHTS = (
    "你（单位）如对拟作出的行政处罚有异议，可以书面或者口头形式提出陈述、申辩意见；"
    "本机关将对你（单位）提出的事实、理由和证据进行复核，不因你（单位）的陈述、申辩而加重处罚。"
)
REMEDIES = (
    "如不服本决定，可以在收到本决定书之日起六十日内向滨海市人民政府申请行政复议，"
    "也可以在收到本决定书之日起六个月内依法向滨海市海港区人民法院提起行政诉讼。"
)
FACTS = (
    "当事人于2026年11月3日在其经营场所销售超过保质期的“鲜味源”牌速冻水饺20袋，货值金额人民币400元。"
)

_COMMON = {"party": PARTY, "officers": OFFICERS, "case_cause": "销售超过保质期的食品案"}

_SAMPLES: dict[str, dict] = {
    Kind.FILING_APPROVAL: {
        "case_source": "投诉举报",
        "facts": FACTS
        + "\n当事人涉嫌违反《中华人民共和国食品安全法》第三十四条第（十）项的规定，符合立案条件。",
        "amount_involved": Decimal("400"),
        "legal_basis": "《市场监督管理行政处罚程序规定》第十八条",
        "handler_opinion": "建议立案调查。",
        "approval_opinion": "同意立案。",
        "approver": "赵局长",
        "approved_on": date(2026, 11, 5),
    },
    Kind.INSPECTION_RECORD: {
        "inspected_at": datetime(2026, 11, 4, 9, 30),
        "place": "滨海市海港区人民路88号当事人经营场所",
        "present_person": "王建国（法定代表人）",
        "findings": "现场货架上摆放“鲜味源”牌速冻水饺20袋，外包装标注生产日期2025年10月1日，保质期12个月。",
        "goods_value": Decimal("400"),
        "measures": "对上述食品拍照取证，并依法先行登记保存。",
    },
    Kind.INQUIRY_RECORD: {
        "inquired_at": "2026-11-06T14:00:00",
        "place": "滨海市市场监督管理局询问室",
        "interviewee": {
            "name": "王建国",
            "id_number": "370202198001011234",
            "relation": "法定代表人",
        },
        "qa": [
            {"q": "你是否申请回避？", "a": "不申请。"},
            {
                "q": "涉案水饺是从哪里进货的？",
                "a": "从滨海市某批发市场进货，共进货30袋。\n已售出10袋。",
            },
        ],
        "amount_involved": "400.00",
    },
    Kind.PRESERVATION_NOTICE: {
        "facts": FACTS,
        "legal_basis": "《中华人民共和国行政处罚法》第五十六条",
        "items": [
            {
                "name": "速冻水饺",
                "spec": "500克/袋",
                "quantity": 20,
                "unit": "袋",
                "value": Decimal("400"),
            },
        ],
        "items_value": Decimal("400"),
        "storage_place": "当事人仓库",
        "period_end": date(2026, 11, 13),
        "remedies": "当事人对先行登记保存措施不服的，可以依法申请行政复议或者提起行政诉讼。",
    },
    Kind.PENALTY_NOTICE: {
        "facts": FACTS,
        "evidence": ["现场检查笔录1份", "询问笔录1份", "进货单据复印件3页"],
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
        "discretion_tier": "一般",
        "penalties": PENALTIES,
        "statement_deadline": date(2026, 11, 20),
        "hearing_offered": True,
        "hearing_request_deadline": date(2026, 11, 20),
        "rights": RIGHTS,
        "contact": {"name": "李明", "phone": "0532-87654321", "address": "滨海市海港区政务路1号"},
    },
    Kind.HEARING_NOTICE: {
        "facts": FACTS,
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
        "penalties": PENALTIES,
        "hearing_request_deadline": date(2026, 11, 20),
        "rights": RIGHTS,
    },
    Kind.HEARING_SUMMONS: {
        "hearing_at": datetime(2026, 12, 10, 9, 0),
        "hearing_place": "滨海市市场监督管理局第一听证室",
        "presiding_officer": "孙法制",
        "hearing_officers": ["周审理"],
        "recorder": "吴记录",
        "public_hearing": True,
        "penalties": PENALTIES,
        "rights": "请携带身份证明及相关证据材料按时参加听证。",
    },
    Kind.HEARING_RECORD: {
        "hearing_at": datetime(2026, 12, 10, 9, 0),
        "hearing_place": "滨海市市场监督管理局第一听证室",
        "presiding_officer": "孙法制",
        "recorder": "吴记录",
        "participants": [{"role": "委托代理人", "name": "陈律师"}],
        "penalties": PENALTIES,
        "proceedings": [
            {"speaker": "主持人", "text": "现在开始听证。"},
            {"speaker": "调查人员", "text": "当事人销售超过保质期的食品，事实清楚。"},
            {"speaker": "当事人", "text": "对事实无异议，请求从轻处罚。"},
        ],
        "signature_note": "",
    },
    Kind.LEGAL_REVIEW: {
        "reviewer": {"name": "孙法制", "qualification": "A20193702000123"},
        "penalties": PENALTIES,
        "checks": [
            {"item": "执法主体", "result": "合法", "note": ""},
            {"item": "执法人员资格", "result": "合法", "note": "两名执法人员均持有效执法证"},
            {"item": "事实与证据", "result": "清楚充分", "note": ""},
            {"item": "法律适用与裁量", "result": "适当", "note": "适用一般阶次"},
            {"item": "程序", "result": "合法", "note": ""},
        ],
        "conclusion": "通过",
        "opinion": "事实清楚，证据确凿，适用依据正确，程序合法，处罚适当。",
        "reviewed_on": date(2026, 12, 12),
    },
    Kind.COLLECTIVE_DISCUSSION: {
        "held_at": datetime(2026, 12, 14, 15, 0),
        "place": "局三楼会议室",
        "chair": "赵局长",
        "attendees": [
            {"name": "赵局长", "title": "局长"},
            {"name": "钱副局长", "title": "副局长"},
            "孙法制",
        ],
        "recorder": "吴记录",
        "penalties": PENALTIES,
        "discussion": [{"speaker": "钱副局长", "text": "同意承办机构意见。"}],
        "conclusion": "同意按拟处罚意见作出行政处罚决定。",
    },
    Kind.PENALTY_DECISION: {
        "facts": FACTS,
        "evidence": ["现场检查笔录1份", "询问笔录1份", "进货单据复印件3页"],
        "statement_summary": "当事人在法定期限内未提出陈述、申辩意见。",
        "reasons": "当事人的上述行为违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定。",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
        "discretion_tier": "一般",
        "penalties": PENALTIES,
        "performance": "当事人应当自收到本决定书之日起十五日内，将罚没款缴至指定银行或通过电子支付系统缴纳。"
        "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额。",
        "remedies": REMEDIES,
    },
    Kind.SUMMARY_DECISION: {
        "acted_at": datetime(2026, 11, 4, 10, 15),
        "place": "滨海市海港区人民路88号",
        "facts": "在经营场所未按规定公示食品经营许可证",
        "statement_summary": "当事人未提出陈述、申辩。",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十六条",
        "penalties": [{"type_label": "罚款", "amount": Decimal("200")}],
        "performance": "当事人应当自收到本决定书之日起十五日内到指定银行或通过电子支付系统缴纳罚款。",
        "remedies": "如不服本决定，可以在收到本决定书之日起六十日内申请行政复议；对行政复议决定不服的，"
        "可以在收到行政复议决定书之日起十五日内依法提起行政诉讼（先申请行政复议）。",
    },
    Kind.NO_PENALTY_DECISION: {
        "facts": "当事人经营场所食品经营许可证未在显著位置悬挂，系初次违法，危害后果轻微并已当场改正。",
        "evidence": ["现场检查笔录1份"],
        "reasons": "当事人初次违法且危害后果轻微并及时改正。",
        "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款",
        "education": "本机关已对当事人进行批评教育。",
        "amounts": [{"label": "涉案货值", "value": Decimal("86.30")}],
        "remedies": REMEDIES,
    },
    Kind.SERVICE_RECEIPT: {
        "served_documents": [{"title": "行政处罚决定书", "number": "滨市监罚〔2026〕17号"}],
        "place": "滨海市海港区人民路88号",
        "method_label": "直接送达",
        "witness": "",
        "amounts": [{"label": "决定罚没款合计", "value": Decimal("6250.50")}],
    },
    Kind.DEMAND_NOTICE: {
        "decision_number": "滨市监罚〔2026〕17号",
        "decision_date": date(2026, 12, 15),
        "amount_due": Decimal("5000"),
        "surcharge": Decimal("1500"),
        "deadline": date(2027, 1, 29),
        "rights": "你（单位）收到本催告书后有权进行陈述和申辩。",
        "consequences": "逾期仍不履行的，本机关将依法申请人民法院强制执行。",
    },
    Kind.CLOSING_APPROVAL: {
        "case_number": "滨市监立〔2026〕5号",
        "penalties": PENALTIES,
        "outcome": "执行完毕",
        "execution": "当事人已于2026年12月20日缴清罚没款。",
        "summary": "本案于2026年11月5日立案，12月15日作出处罚决定，当事人已履行完毕。",
        "approval_opinion": "同意结案。",
        "approver": "赵局长",
        "approved_on": date(2026, 12, 22),
    },
}


def sample_data(kind: str) -> dict:
    """A deep copy of the example data for `kind` (with party, officers and case cause)."""
    return copy.deepcopy({**_COMMON, **_SAMPLES[Kind(kind)]})


# The party name and the amount in capitals each sample prints (checked by the tests).
SAMPLE_PARTY_NAME = PARTY["name"]
