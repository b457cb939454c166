"""The demo's agencies and people (data only; officers.demo loads them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.roles import Role
from officers.models import Agency

DOMAINS = [
    ("food-safety", "食品安全", "《中华人民共和国食品安全法》第一百二十二条至第一百三十条"),
    ("advertising", "广告监管", "《中华人民共和国广告法》第五十五条至第七十一条"),
    ("product-quality", "产品质量", "《中华人民共和国产品质量法》第四十九条至第六十二条"),
    (
        "pricing",
        "价格监管",
        "《中华人民共和国价格法》第三十九条至第四十二条；《价格违法行为行政处罚规定》",
    ),
    ("consumer-rights", "消费者权益保护", "《中华人民共和国消费者权益保护法》第五十六条"),
]

BINJIANG = "滨江市市场监督管理局"
LINCHUAN = "临川市市场监督管理局"
BINHU = "滨江市滨湖街道综合行政执法队"


@dataclass
class DemoUser:
    username: str
    name: str
    agency: str | None
    roles: list[str]
    post: str = ""
    domains: list[str] = field(default_factory=lambda: ["food-safety"])
    # certificate: None (none), or a state: valid / expiring / expired / review_missed / revoked
    certificate: str | None = "valid"
    story: str = ""  # what else happens to them (exam failures, faults, …)
    note: str = ""
    legal_qualification: str = ""
    new_staff: bool = False


USERS: list[DemoUser] = [
    DemoUser(
        "zhangwei",
        "张伟",
        BINJIANG,
        [Role.OFFICER],
        "食品安全监管科 执法一组",
        ["food-safety", "advertising", "consumer-rights"],
        note="执法人员一",
    ),
    DemoUser(
        "lina",
        "李娜",
        BINJIANG,
        [Role.OFFICER],
        "食品安全监管科 执法一组",
        ["food-safety", "advertising", "consumer-rights"],
        note="执法人员二",
    ),
    DemoUser(
        "zhaolei",
        "赵磊",
        BINJIANG,
        [Role.OFFICER],
        "产品质量监管科",
        ["product-quality", "pricing"],
        "expiring",
        story="ordinary_fault",
        note="执法证30天内到期；一次一般过错",
    ),
    DemoUser(
        "sunyue",
        "孙悦",
        BINJIANG,
        [Role.OFFICER],
        "价格监督检查科",
        ["pricing"],
        "expired",
        note="执法证已过期",
    ),
    DemoUser(
        "zhoujie",
        "周杰",
        BINJIANG,
        [Role.OFFICER],
        "广告监管科",
        ["advertising"],
        "review_missed",
        note="逾期未年审，执法证暂扣（R-61）",
    ),
    DemoUser(
        "wufang",
        "吴芳",
        BINJIANG,
        [Role.OFFICER],
        "消费者权益保护科",
        ["consumer-rights"],
        story="failed_once",
        note="考试不合格，离岗学习（R-60）",
    ),
    DemoUser(
        "zhengyu",
        "郑宇",
        BINJIANG,
        [Role.OFFICER],
        "食品安全监管科（见习）",
        ["food-safety"],
        None,
        story="passed_exam",
        note="新进人员，已考试合格待发证（R-60）",
        new_staff=True,
    ),
    DemoUser(
        "majun",
        "马骏",
        BINJIANG,
        [Role.OFFICER],
        "产品质量监管科",
        ["product-quality"],
        "revoked",
        story="failed_twice",
        note="两次考试不合格，已调离执法岗位",
    ),
    DemoUser(
        "hetao",
        "何涛",
        BINJIANG,
        [Role.OFFICER],
        "食品安全监管科 执法二组",
        ["food-safety"],
        story="wrongful_case",
        note="错案，暂停执法（R-62）",
    ),
    DemoUser(
        "wangqiang",
        "王强",
        BINJIANG,
        [Role.SUPERVISOR],
        "副局长（分管执法）",
        [d[0] for d in DOMAINS],
        note="负责人",
    ),
    DemoUser(
        "liuyang",
        "刘洋",
        BINJIANG,
        [Role.LEGAL_REVIEWER],
        "法规科 法制审核",
        [d[0] for d in DOMAINS],
        legal_qualification="A20183302011234",
        note="法制审核人员（具备法律职业资格）",
    ),
    DemoUser(
        "chenjing",
        "陈静",
        BINJIANG,
        [Role.LEGAL_OFFICE],
        "法规科 执法监督",
        [],
        None,
        note="法制监督",
    ),
    DemoUser(
        "admin_binjiang",
        "黄敏",
        BINJIANG,
        [Role.AGENCY_ADMIN],
        "办公室 系统管理",
        [],
        None,
        note="机关管理员",
    ),
    DemoUser(
        "wanghai",
        "王海",
        BINHU,
        [Role.OFFICER],
        "综合执法队 一中队",
        ["food-safety"],
        note="受委托组织执法人员",
    ),
    DemoUser(
        "limei",
        "李梅",
        BINHU,
        [Role.OFFICER],
        "综合执法队 一中队",
        ["food-safety"],
        note="受委托组织执法人员",
    ),
    DemoUser(
        "chengang",
        "陈刚",
        LINCHUAN,
        [Role.OFFICER],
        "食品安全监管科",
        ["food-safety", "advertising"],
        note="执法人员",
    ),
    DemoUser(
        "yangli",
        "杨丽",
        LINCHUAN,
        [Role.OFFICER],
        "食品安全监管科",
        ["food-safety", "advertising"],
        note="执法人员",
    ),
    DemoUser(
        "xuming",
        "徐明",
        LINCHUAN,
        [Role.SUPERVISOR],
        "副局长",
        ["food-safety", "advertising"],
        note="负责人",
    ),
    DemoUser(
        "admin_linchuan",
        "沈洁",
        LINCHUAN,
        [Role.AGENCY_ADMIN],
        "办公室",
        [],
        None,
        note="机关管理员",
    ),
    DemoUser(
        "system_admin",
        "系统管理员",
        None,
        [Role.SYSTEM_ADMIN],
        certificate=None,
        note="三权分立：系统管理",
    ),
    DemoUser(
        "security_admin",
        "安全管理员",
        None,
        [Role.SECURITY_ADMIN],
        certificate=None,
        note="三权分立：安全管理",
    ),
    DemoUser(
        "audit_admin",
        "审计管理员",
        None,
        [Role.AUDIT_ADMIN],
        certificate=None,
        note="三权分立：审计管理",
    ),
]

AGENCIES = [
    {
        "name": BINJIANG,
        "short_name": "滨江市监局",
        "credit_code": "11330200MB1857264K",
        "kind": Agency.Kind.STATUTORY,
        "region": "滨江市",
        "doc_prefix": "滨市监",
        "address": "滨江市江滨大道188号",
        "hotline": "0571-12315",
        "cert_prefix": "3302",
        "issuer": "滨江市人民政府",
    },
    {
        "name": LINCHUAN,
        "short_name": "临川市监局",
        "credit_code": "11330300MB1739518P",
        "kind": Agency.Kind.STATUTORY,
        "region": "临川市",
        "doc_prefix": "临市监",
        "address": "临川市府前路9号",
        "hotline": "0577-12315",
        "cert_prefix": "3303",
        "issuer": "临川市人民政府",
    },
    {
        "name": BINHU,
        "short_name": "滨湖执法队",
        "credit_code": "12330200MB0163942R",
        "kind": Agency.Kind.ENTRUSTED,
        "region": "滨江市滨湖街道",
        "doc_prefix": "滨湖执",
        "address": "滨江市滨湖路66号",
        "hotline": "0571-87650000",
        "cert_prefix": "3302",
        "issuer": "滨江市人民政府",
    },
]
