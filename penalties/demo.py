"""Demo data for the penalties app (called by `manage.py load_demo`; idempotent).

The violation catalogue: 22 real provisions from five laws (食品安全法, 广告法, 产品质量法,
价格法, 消费者权益保护法) with their statutory penalty types and ranges, the penalty text
quoted (shortened with "……" rather than invented where the wording is long). 广告法's
false-advertising provision carries its 1994 wording as an older version (R-18).

For the demo agency 滨江市市场监督管理局 (skipped when absent): benchmark tables for some
violations, one of them with an older version to show versioning, one open draft, and a
first-offence list. They are written through the services as the agency's admin, so the
audit trail shows them like any other change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model

from core import clock
from core.roles import Role, has_role
from officers.models import Agency, EnforcementDomain
from penalties.models import BenchmarkVersion, FirstOffenceEntry, ViolationType
from penalties.services import benchmarks as bm
from penalties.services import catalogue
from penalties.services.tier_checks import TierSpec

ACTOR = "demo:penalties"
AGENCY = "滨江市市场监督管理局"
ADMIN_USERNAME = "admin_binjiang"

FOOD = "中华人民共和国食品安全法"
FOOD_V = "2015年修订，2021年修正"
AD = "中华人民共和国广告法"
AD_V = "2015年修订，2021年修正"
AD_1994 = "1994年"
PQ = "中华人民共和国产品质量法"
PQ_V = "2018年修正"
PRICE = "中华人民共和国价格法"
PRICE_REG = "价格违法行为行政处罚规定"
CONSUMER = "中华人民共和国消费者权益保护法"
CONSUMER_V = "2013年修正"

DOMAIN_NAMES = {
    "food-safety": "食品安全",
    "advertising": "广告监管",
    "product-quality": "产品质量",
    "pricing": "价格监管",
    "consumer-rights": "消费者权益保护",
}

# (law, version, article, paragraph, item) → text
P = tuple[str, str, int, int, int]

FOOD_124_HEAD = (
    "违反本法规定，有下列情形之一，尚不构成犯罪的，由县级以上人民政府食品安全监督管理部门没收违法所得和"
    "违法生产经营的食品、食品添加剂，并可以没收用于违法生产经营的工具、设备、原料等物品；违法生产经营的"
    "食品、食品添加剂货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值"
    "金额十倍以上二十倍以下罚款；情节严重的，吊销许可证："
)
FOOD_125_HEAD = (
    "违反本法规定，有下列情形之一的，由县级以上人民政府食品安全监督管理部门没收违法所得和违法生产经营的"
    "食品、食品添加剂，并可以没收用于违法生产经营的工具、设备、原料等物品；违法生产经营的食品、食品添加剂"
    "货值金额不足一万元的，并处五千元以上五万元以下罚款；货值金额一万元以上的，并处货值金额五倍以上十倍"
    "以下罚款；情节严重的，责令停产停业，直至吊销许可证："
)
FOOD_126_HEAD = (
    "违反本法规定，有下列情形之一的，由县级以上人民政府食品安全监督管理部门责令改正，给予警告；拒不改正的，"
    "处五千元以上五万元以下罚款；情节严重的，责令停产停业，直至吊销许可证："
)
CONSUMER_56_HEAD = (
    "经营者有下列情形之一，除承担相应的民事责任外，其他有关法律、法规对处罚机关和处罚方式有规定的，依照"
    "法律、法规的规定执行；法律、法规未作规定的，由工商行政管理部门或者其他有关行政部门责令改正，可以根据"
    "情节单处或者并处警告、没收违法所得、处以违法所得一倍以上十倍以下的罚款，没有违法所得的，处以五十万元"
    "以下的罚款；情节严重的，责令停业整顿、吊销营业执照："
)
PQ_SAFETY_TYPES = ["confiscate_property", "fine", "confiscate_gains", "revoke_licence"]

PROVISIONS: dict[str, tuple[P, str]] = {
    # 食品安全法
    "food35": (
        (FOOD, FOOD_V, 35, 1, 0),
        "国家对食品生产经营实行许可制度。从事食品生产、食品销售、餐饮服务，应当依法取得许可。……",
    ),
    "food34_4": (
        (FOOD, FOOD_V, 34, 0, 4),
        "禁止生产经营下列食品、食品添加剂、食品相关产品：……（四）超范围、超限量使用食品添加剂的食品；",
    ),
    "food34_10": (
        (FOOD, FOOD_V, 34, 0, 10),
        "禁止生产经营下列食品、食品添加剂、食品相关产品：……（十）标注虚假生产日期、保质期或者超过保质期的食品、食品添加剂；",
    ),
    "food45_2": (
        (FOOD, FOOD_V, 45, 2, 0),
        "从事接触直接入口食品工作的食品生产经营人员应当每年进行健康检查，取得健康证明后方可上岗工作。",
    ),
    "food53_1": (
        (FOOD, FOOD_V, 53, 1, 0),
        "食品经营者采购食品，应当查验供货者的许可证和食品出厂检验合格证或者其他合格证明（以下称合格证明文件）。",
    ),
    "food67_1": (
        (FOOD, FOOD_V, 67, 1, 0),
        "预包装食品的包装上应当有标签。标签应当标明下列事项：……",
    ),
    "food122": (
        (FOOD, FOOD_V, 122, 1, 0),
        "违反本法规定，未取得食品生产经营许可从事食品生产经营活动，或者未取得食品添加剂生产许可从事食品添加剂"
        "生产活动的，由县级以上人民政府食品安全监督管理部门没收违法所得和违法生产经营的食品、食品添加剂以及"
        "用于违法生产经营的工具、设备、原料等物品；违法生产经营的食品、食品添加剂货值金额不足一万元的，并处"
        "五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款。",
    ),
    "food124_3": (
        (FOOD, FOOD_V, 124, 1, 3),
        FOOD_124_HEAD + "……（三）生产经营超范围、超限量使用食品添加剂的食品；",
    ),
    "food124_5": (
        (FOOD, FOOD_V, 124, 1, 5),
        FOOD_124_HEAD
        + "……（五）生产经营标注虚假生产日期、保质期或者超过保质期的食品、食品添加剂；",
    ),
    "food125_2": (
        (FOOD, FOOD_V, 125, 1, 2),
        FOOD_125_HEAD
        + "……（二）生产经营无标签的预包装食品、食品添加剂或者标签、说明书不符合本法规定的食品、食品添加剂；",
    ),
    "food125_p2": (
        (FOOD, FOOD_V, 125, 2, 0),
        "生产经营的食品、食品添加剂的标签、说明书存在瑕疵但不影响食品安全且不会对消费者造成误导的，由县级以上"
        "人民政府食品安全监督管理部门责令改正；拒不改正的，处二千元以下罚款。",
    ),
    "food126_3": (
        (FOOD, FOOD_V, 126, 1, 3),
        FOOD_126_HEAD
        + "……（三）食品、食品添加剂生产经营者进货时未查验许可证和相关证明文件，或者未按规定建立并遵守进货查验"
        "记录、出厂检验记录和销售记录制度；",
    ),
    "food126_6": (
        (FOOD, FOOD_V, 126, 1, 6),
        FOOD_126_HEAD
        + "……（六）食品生产经营者安排未取得健康证明或者患有国务院卫生行政部门规定的有碍食品安全疾病的人员从事"
        "接触直接入口食品的工作；",
    ),
    # 广告法
    "ad4_1994": ((AD, AD_1994, 4, 0, 0), "广告不得含有虚假的内容，不得欺骗和误导消费者。"),
    "ad37_1994": (
        (AD, AD_1994, 37, 0, 0),
        "违反本法规定，利用广告对商品或者服务作虚假宣传的，由广告监督管理机关责令广告主停止发布、并以等额广告"
        "费用在相应范围内公开更正消除影响，并处广告费用一倍以上五倍以下的罚款；……",
    ),
    "ad8_1": (
        (AD, AD_V, 8, 1, 0),
        "广告中对商品的性能、功能、产地、用途、质量、成分、价格、生产者、有效期限、允诺等或者对服务的内容、"
        "提供者、形式、质量、价格、允诺等有表示的，应当准确、清楚、明白。",
    ),
    "ad9_3": (
        (AD, AD_V, 9, 0, 3),
        "广告不得有下列情形：……（三）使用“国家级”、“最高级”、“最佳”等用语；",
    ),
    "ad16_1": ((AD, AD_V, 16, 1, 0), "医疗、药品、医疗器械广告不得含有下列内容：……"),
    "ad28_1": (
        (AD, AD_V, 28, 1, 0),
        "广告以虚假或者引人误解的内容欺骗、误导消费者的，构成虚假广告。",
    ),
    "ad55_1": (
        (AD, AD_V, 55, 1, 0),
        "违反本法规定，发布虚假广告的，由市场监督管理部门责令停止发布广告，责令广告主在相应范围内消除影响，处"
        "广告费用三倍以上五倍以下的罚款，广告费用无法计算或者明显偏低的，处二十万元以上一百万元以下的罚款；两年"
        "内有三次以上违法行为或者有其他严重情节的，处广告费用五倍以上十倍以下的罚款，广告费用无法计算或者明显"
        "偏低的，处一百万元以上二百万元以下的罚款，可以吊销营业执照，并由广告审查机关撤销广告审查批准文件、一年"
        "内不受理其广告审查申请。",
    ),
    "ad57_1": (
        (AD, AD_V, 57, 0, 1),
        "有下列行为之一的，由市场监督管理部门责令停止发布广告，对广告主处二十万元以上一百万元以下的罚款，情节"
        "严重的，并可以吊销营业执照，由广告审查机关撤销广告审查批准文件、一年内不受理其广告审查申请；……"
        "（一）发布有本法第九条、第十条规定的禁止情形的广告的；",
    ),
    "ad58_1": (
        (AD, AD_V, 58, 1, 1),
        "有下列行为之一的，由市场监督管理部门责令停止发布广告，责令广告主在相应范围内消除影响，处广告费用一倍"
        "以上三倍以下的罚款，广告费用无法计算或者明显偏低的，处十万元以上二十万元以下的罚款；情节严重的，处"
        "广告费用三倍以上五倍以下的罚款，广告费用无法计算或者明显偏低的，处二十万元以上一百万元以下的罚款，"
        "可以吊销营业执照，……：（一）违反本法第十六条规定发布医疗、药品、医疗器械广告的；",
    ),
    "ad59_1": (
        (AD, AD_V, 59, 1, 1),
        "有下列行为之一的，由市场监督管理部门责令停止发布广告，对广告主处十万元以下的罚款：（一）广告内容违反"
        "本法第八条规定的；",
    ),
    # 产品质量法
    "pq13_1": (
        (PQ, PQ_V, 13, 1, 0),
        "可能危及人体健康和人身、财产安全的工业产品，必须符合保障人体健康和人身、财产安全的国家标准、行业标准；"
        "未制定国家标准、行业标准的，必须符合保障人体健康和人身、财产安全的要求。",
    ),
    "pq27_1": ((PQ, PQ_V, 27, 1, 0), "产品或者其包装上的标识必须真实，并符合下列要求：……"),
    "pq31": ((PQ, PQ_V, 31, 0, 0), "生产者不得伪造或者冒用认证标志等质量标志。"),
    "pq35": (
        (PQ, PQ_V, 35, 0, 0),
        "销售者不得销售国家明令淘汰并停止销售的产品和失效、变质的产品。",
    ),
    "pq39": (
        (PQ, PQ_V, 39, 0, 0),
        "销售者销售产品，不得掺杂、掺假，不得以假充真、以次充好，不得以不合格产品冒充合格产品。",
    ),
    "pq49": (
        (PQ, PQ_V, 49, 0, 0),
        "生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品的，责令停止生产、销售，没收违法"
        "生产、销售的产品，并处违法生产、销售产品（包括已售出和未售出的产品，下同）货值金额等值以上三倍以下的"
        "罚款；有违法所得的，并处没收违法所得；情节严重的，吊销营业执照；构成犯罪的，依法追究刑事责任。",
    ),
    "pq50": (
        (PQ, PQ_V, 50, 0, 0),
        "在产品中掺杂、掺假，以假充真，以次充好，或者以不合格产品冒充合格产品的，责令停止生产、销售，没收违法"
        "生产、销售的产品，并处违法生产、销售产品货值金额百分之五十以上三倍以下的罚款；有违法所得的，并处没收"
        "违法所得；情节严重的，吊销营业执照；构成犯罪的，依法追究刑事责任。",
    ),
    "pq52": (
        (PQ, PQ_V, 52, 0, 0),
        "销售失效、变质的产品的，责令停止销售，没收违法销售的产品，并处违法销售产品货值金额二倍以下的罚款；有"
        "违法所得的，并处没收违法所得；情节严重的，吊销营业执照；构成犯罪的，依法追究刑事责任。",
    ),
    "pq53": (
        (PQ, PQ_V, 53, 0, 0),
        "伪造产品产地的，伪造或者冒用他人厂名、厂址的，伪造或者冒用认证标志等质量标志的，责令改正，没收违法"
        "生产、销售的产品，并处违法生产、销售产品货值金额等值以下的罚款；有违法所得的，并处没收违法所得；情节"
        "严重的，吊销营业执照。",
    ),
    "pq54": (
        (PQ, PQ_V, 54, 0, 0),
        "产品标识不符合本法第二十七条规定的，责令改正；有包装的产品标识不符合本法第二十七条第（四）项、第（五）"
        "项规定，情节严重的，责令停止生产、销售，并处违法生产、销售产品货值金额百分之三十以下的罚款；有违法所得"
        "的，并处没收违法所得。",
    ),
    # 价格法 and its implementing regulation
    "price12": (
        (PRICE, "", 12, 0, 0),
        "经营者进行价格活动，应当遵守法律、法规，执行依法制定的政府指导价、政府定价和法定的价格干预措施、紧急措施。",
    ),
    "price13_1": (
        (PRICE, "", 13, 1, 0),
        "经营者销售、收购商品和提供服务，应当按照政府价格主管部门的规定明码标价，注明商品的品名、产地、规格、"
        "等级、计价单位、价格或者服务的项目、收费标准等有关情况。",
    ),
    "price14_4": (
        (PRICE, "", 14, 0, 4),
        "经营者不得有下列不正当价格行为：……（四）利用虚假的或者使人误解的价格手段，诱骗消费者或者其他经营者"
        "与其进行交易；",
    ),
    "price39": (
        (PRICE, "", 39, 0, 0),
        "经营者不执行政府指导价、政府定价以及法定的价格干预措施、紧急措施的，责令改正，没收违法所得，可以并处"
        "违法所得五倍以下的罚款；没有违法所得的，可以处罚款；情节严重的，责令停业整顿。",
    ),
    "price40": (
        (PRICE, "", 40, 1, 0),
        "经营者有本法第十四条所列行为之一的，责令改正，没收违法所得，可以并处违法所得五倍以下的罚款；没有违法"
        "所得的，予以警告，可以并处罚款；情节严重的，责令停业整顿，或者由工商行政管理机关吊销营业执照。……",
    ),
    "price42": (
        (PRICE, "", 42, 0, 0),
        "经营者违反明码标价规定的，责令改正，没收违法所得，可以并处五千元以下的罚款。",
    ),
    "price_reg7": (
        (PRICE_REG, "2010年修订", 7, 0, 0),
        "经营者违反价格法第十四条的规定，利用虚假的或者使人误解的价格手段，诱骗消费者或者其他经营者与其进行"
        "交易的，责令改正，没收违法所得，并处违法所得5倍以下的罚款；没有违法所得的，处5万元以上50万元以下的"
        "罚款；情节严重的，责令停业整顿，或者由工商行政管理机关吊销营业执照。",
    ),
    # 消费者权益保护法
    "consumer24_1": (
        (CONSUMER, CONSUMER_V, 24, 1, 0),
        "经营者提供的商品或者服务不符合质量要求的，消费者可以依照国家规定、当事人约定退货，或者要求经营者履行"
        "更换、修理等义务。……",
    ),
    "consumer29_1": (
        (CONSUMER, CONSUMER_V, 29, 1, 0),
        "经营者收集、使用消费者个人信息，应当遵循合法、正当、必要的原则，明示收集、使用信息的目的、方式和范围，"
        "并经消费者同意。……",
    ),
    "consumer56_8": (
        (CONSUMER, CONSUMER_V, 56, 1, 8),
        CONSUMER_56_HEAD
        + "……（八）对消费者提出的修理、重作、更换、退货、补足商品数量、退还货款和服务费用或者赔偿损失的要求，"
        "故意拖延或者无理拒绝的；",
    ),
    "consumer56_9": (
        (CONSUMER, CONSUMER_V, 56, 1, 9),
        CONSUMER_56_HEAD
        + "……（九）侵害消费者人格尊严、侵犯消费者人身自由或者侵害消费者个人信息依法得到保护的权利的；",
    ),
}


@dataclass
class V:
    """One version of a catalogue entry."""

    valid_from: date
    violated: str
    penalty: str
    types: list[str]
    mandatory: list[str] = field(default_factory=list)
    basis: str = "none"
    fine: tuple[int, int] | None = None
    multiples: tuple[str, str] | None = None
    alternative: str = ""
    threshold: int | None = None
    condition: str = ""
    supplementary: str | None = None
    review: bool = False
    safety: bool = False
    notes: str = ""


FOOD_FROM = date(2015, 10, 1)
AD_FROM = date(2015, 9, 1)
PQ_FROM = date(2018, 12, 29)
PRICE_FROM = date(1998, 5, 1)
CONSUMER_FROM = date(2014, 3, 15)
FOOD_124_TYPES = ["confiscate_gains", "confiscate_property", "fine", "revoke_licence"]
FOOD_125_TYPES = [
    "confiscate_gains",
    "confiscate_property",
    "fine",
    "suspend_business",
    "revoke_licence",
]
FOOD_126_TYPES = ["warning", "fine", "suspend_business", "revoke_licence"]
CONSUMER_TYPES = ["warning", "confiscate_gains", "fine", "suspend_business", "revoke_licence"]
CONFISCATE = ["confiscate_gains", "confiscate_property"]

CATALOGUE: list[tuple[str, str, str, list[V]]] = [
    (
        "FOOD-122",
        "未取得食品生产经营许可从事食品生产经营活动",
        "food-safety",
        [
            V(
                FOOD_FROM,
                "food35",
                "food122",
                ["confiscate_gains", "confiscate_property", "fine"],
                ["confiscate_gains", "confiscate_property", "fine"],
                "goods_value",
                (50000, 100000),
                ("10", "20"),
                "below_threshold",
                10000,
                review=True,
                safety=True,
            ),
        ],
    ),
    (
        "FOOD-124-3",
        "生产经营超范围、超限量使用食品添加剂的食品",
        "food-safety",
        [
            V(
                FOOD_FROM,
                "food34_4",
                "food124_3",
                FOOD_124_TYPES,
                [*CONFISCATE, "fine"],
                "goods_value",
                (50000, 100000),
                ("10", "20"),
                "below_threshold",
                10000,
                review=True,
                safety=True,
            ),
        ],
    ),
    (
        "FOOD-124-5",
        "生产经营标注虚假生产日期、保质期或者超过保质期的食品",
        "food-safety",
        [
            V(
                FOOD_FROM,
                "food34_10",
                "food124_5",
                FOOD_124_TYPES,
                [*CONFISCATE, "fine"],
                "goods_value",
                (50000, 100000),
                ("10", "20"),
                "below_threshold",
                10000,
                safety=True,
            ),
        ],
    ),
    (
        "FOOD-125-2",
        "生产经营无标签的预包装食品或者标签、说明书不符合规定的食品",
        "food-safety",
        [
            V(
                FOOD_FROM,
                "food67_1",
                "food125_2",
                FOOD_125_TYPES,
                [*CONFISCATE, "fine"],
                "goods_value",
                (5000, 50000),
                ("5", "10"),
                "below_threshold",
                10000,
                safety=True,
            ),
        ],
    ),
    (
        "FOOD-125B",
        "食品标签、说明书存在瑕疵（不影响食品安全且不会误导消费者），拒不改正",
        "food-safety",
        [
            V(
                FOOD_FROM,
                "food67_1",
                "food125_p2",
                ["fine"],
                basis="fixed",
                fine=(0, 2000),
                condition="拒不改正的",
            ),
        ],
    ),
    (
        "FOOD-126-3",
        "进货时未查验许可证和相关证明文件，或者未按规定建立并遵守进货查验记录制度",
        "food-safety",
        [
            V(
                FOOD_FROM,
                "food53_1",
                "food126_3",
                FOOD_126_TYPES,
                ["warning"],
                "fixed",
                (5000, 50000),
                condition="拒不改正的",
            ),
        ],
    ),
    (
        "FOOD-126-6",
        "安排未取得健康证明的人员从事接触直接入口食品的工作",
        "food-safety",
        [
            V(
                FOOD_FROM,
                "food45_2",
                "food126_6",
                FOOD_126_TYPES,
                ["warning"],
                "fixed",
                (5000, 50000),
                condition="拒不改正的",
                safety=True,
            ),
        ],
    ),
    (
        "AD-55",
        "发布虚假广告（广告主）",
        "advertising",
        [
            V(
                date(1995, 2, 1),
                "ad4_1994",
                "ad37_1994",
                ["fine"],
                ["fine"],
                "ad_fees",
                multiples=("1", "5"),
                notes="1994年《广告法》，2015年9月1日起由修订后的第五十五条取代",
            ),
            V(
                AD_FROM,
                "ad28_1",
                "ad55_1",
                ["fine"],
                ["fine"],
                "ad_fees",
                (200000, 1000000),
                ("3", "5"),
                "incalculable_or_low",
                notes="两年内有三次以上违法行为或者有其他严重情节的，见 AD-55S",
            ),
        ],
    ),
    (
        "AD-55S",
        "发布虚假广告，两年内有三次以上违法行为或者有其他严重情节（广告主）",
        "advertising",
        [
            V(
                AD_FROM,
                "ad28_1",
                "ad55_1",
                ["fine", "revoke_licence"],
                ["fine"],
                "ad_fees",
                (1000000, 2000000),
                ("5", "10"),
                "incalculable_or_low",
                review=True,
            ),
        ],
    ),
    (
        "AD-57-1",
        "发布含有第九条禁止情形的广告，如使用“国家级”“最高级”“最佳”等用语（广告主）",
        "advertising",
        [
            V(
                AD_FROM,
                "ad9_3",
                "ad57_1",
                ["fine", "revoke_licence"],
                ["fine"],
                "fixed",
                (200000, 1000000),
                review=True,
            ),
        ],
    ),
    (
        "AD-58-1",
        "违反第十六条规定发布医疗、药品、医疗器械广告（广告主）",
        "advertising",
        [
            V(
                AD_FROM,
                "ad16_1",
                "ad58_1",
                ["fine"],
                ["fine"],
                "ad_fees",
                (100000, 200000),
                ("1", "3"),
                "incalculable_or_low",
                safety=True,
                notes="情节严重的，处广告费用三倍以上五倍以下罚款，可以吊销营业执照（本目录未单列）",
            ),
        ],
    ),
    (
        "AD-59-1",
        "广告内容违反第八条规定，表述不准确、清楚、明白（广告主）",
        "advertising",
        [
            V(AD_FROM, "ad8_1", "ad59_1", ["fine"], ["fine"], "fixed", (0, 100000)),
        ],
    ),
    (
        "PQ-49",
        "生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品",
        "product-quality",
        [
            V(
                PQ_FROM,
                "pq13_1",
                "pq49",
                PQ_SAFETY_TYPES,
                ["confiscate_property", "fine", "confiscate_gains"],
                "goods_value",
                multiples=("1", "3"),
                review=True,
                safety=True,
            ),
        ],
    ),
    (
        "PQ-50",
        "在产品中掺杂、掺假，以假充真，以次充好，或者以不合格产品冒充合格产品",
        "product-quality",
        [
            V(
                PQ_FROM,
                "pq39",
                "pq50",
                PQ_SAFETY_TYPES,
                ["confiscate_property", "fine", "confiscate_gains"],
                "goods_value",
                multiples=("0.5", "3"),
                review=True,
            ),
        ],
    ),
    (
        "PQ-52",
        "销售失效、变质的产品",
        "product-quality",
        [
            V(
                PQ_FROM,
                "pq35",
                "pq52",
                PQ_SAFETY_TYPES,
                ["confiscate_property", "fine", "confiscate_gains"],
                "goods_value",
                multiples=("0", "2"),
            ),
        ],
    ),
    (
        "PQ-53",
        "伪造或者冒用认证标志等质量标志",
        "product-quality",
        [
            V(
                PQ_FROM,
                "pq31",
                "pq53",
                PQ_SAFETY_TYPES,
                ["confiscate_property", "fine", "confiscate_gains"],
                "goods_value",
                multiples=("0", "1"),
            ),
        ],
    ),
    (
        "PQ-54",
        "有包装的产品标识不符合第二十七条第（四）项、第（五）项规定，情节严重",
        "product-quality",
        [
            V(
                PQ_FROM,
                "pq27_1",
                "pq54",
                ["fine", "confiscate_gains"],
                ["fine", "confiscate_gains"],
                "goods_value",
                multiples=("0", "0.3"),
            ),
        ],
    ),
    (
        "PRICE-39",
        "不执行政府指导价、政府定价以及法定的价格干预措施、紧急措施",
        "pricing",
        [
            V(
                PRICE_FROM,
                "price12",
                "price39",
                ["confiscate_gains", "fine", "suspend_business"],
                ["confiscate_gains"],
                "illegal_gains",
                multiples=("0", "5"),
                notes="没有违法所得的，法律规定“可以处罚款”而未规定数额，由《价格违法行为行政处罚规定》细化（本目录未收录）",
            ),
        ],
    ),
    (
        "PRICE-40",
        "利用虚假的或者使人误解的价格手段诱骗消费者或者其他经营者与其交易（价格欺诈）",
        "pricing",
        [
            V(
                PRICE_FROM,
                "price14_4",
                "price40",
                ["warning", "confiscate_gains", "fine", "suspend_business", "revoke_licence"],
                ["confiscate_gains"],
                "illegal_gains",
                (50000, 500000),
                ("0", "5"),
                "no_base",
                supplementary="price_reg7",
            ),
        ],
    ),
    (
        "PRICE-42",
        "违反明码标价规定",
        "pricing",
        [
            V(
                PRICE_FROM,
                "price13_1",
                "price42",
                ["confiscate_gains", "fine"],
                ["confiscate_gains"],
                "fixed",
                (0, 5000),
            ),
        ],
    ),
    (
        "CONSUMER-56-8",
        "对消费者的修理、更换、退货、赔偿损失等要求故意拖延或者无理拒绝",
        "consumer-rights",
        [
            V(
                CONSUMER_FROM,
                "consumer24_1",
                "consumer56_8",
                CONSUMER_TYPES,
                [],
                "illegal_gains",
                (0, 500000),
                ("1", "10"),
                "no_base",
            ),
        ],
    ),
    (
        "CONSUMER-56-9",
        "侵害消费者个人信息依法得到保护的权利",
        "consumer-rights",
        [
            V(
                CONSUMER_FROM,
                "consumer29_1",
                "consumer56_9",
                CONSUMER_TYPES,
                [],
                "illegal_gains",
                (0, 500000),
                ("1", "10"),
                "no_base",
                review=True,
            ),
        ],
    ),
]


def _provision(key: str):
    (law, version, article, paragraph, item), text = PROVISIONS[key]
    return catalogue.provision(
        law_name=law,
        law_version=version,
        article=article,
        paragraph=paragraph,
        item=item,
        text=text,
    )


def _domain(code: str) -> EnforcementDomain:
    domain, _created = EnforcementDomain.objects.get_or_create(
        code=code, defaults={"name": DOMAIN_NAMES[code]}
    )
    return domain


def load_catalogue(*, stdout: TextIO) -> int:
    """Create the catalogue entries and versions that are missing; returns how many rows
    were added."""
    added = 0
    for code, name, domain_code, versions in CATALOGUE:
        vt = ViolationType.objects.filter(code=code).first()
        if vt is None:
            vt = catalogue.create_violation_type(
                code=code, name=name, domain=_domain(domain_code), actor_name=ACTOR
            )
            added += 1
        known = set(vt.versions.values_list("valid_from", flat=True))
        for v in versions:
            if v.valid_from in known:
                continue
            catalogue.add_violation_version(
                violation=vt,
                actor_name=ACTOR,
                valid_from=v.valid_from,
                violated_provision=_provision(v.violated),
                penalty_provision=_provision(v.penalty),
                supplementary_provision=_provision(v.supplementary) if v.supplementary else None,
                penalty_types=v.types,
                mandatory_types=v.mandatory,
                fine_basis=v.basis,
                fine_min=v.fine[0] if v.fine else None,
                fine_max=v.fine[1] if v.fine else None,
                multiple_min=Decimal(v.multiples[0]) if v.multiples else None,
                multiple_max=Decimal(v.multiples[1]) if v.multiples else None,
                alternative_condition=v.alternative,
                base_threshold=v.threshold,
                fine_condition=v.condition,
                needs_legal_review=v.review,
                safety_related=v.safety,
                notes=v.notes,
            )
            added += 1
    stdout.write(
        f"  catalogue: {ViolationType.objects.count()} violation types ({added} rows added)\n"
    )
    return added


# --- 滨江市市场监督管理局: benchmarks and first-offence list --------------------------------

D = Decimal
FIRST_MINOR = {
    "flags": ["first_offence", "minor", "promptly_corrected"],
    "flags_any": ["no_harm", "harm_small"],
    "flags_none": ["aggravating"],
}
AGGRAVATED = {"flags_any": ["aggravating", "repeat", "refused_correction", "harm_serious"]}
MITIGATING = {"flags": ["mitigating"], "flags_none": ["aggravating"]}


def _fixed(tier, lo, hi, types, conditions, **flags) -> TierSpec:
    return TierSpec(
        tier=tier,
        conditions=conditions,
        penalty_types=types,
        fine_min=D(lo),
        fine_max=D(hi),
        **flags,
    )


def _multiple(tier, mlo, mhi, lo, hi, types, conditions, **flags) -> TierSpec:
    return TierSpec(
        tier=tier,
        conditions=conditions,
        penalty_types=types,
        multiple_min=D(mlo),
        multiple_max=D(mhi),
        fine_min=D(lo) if lo is not None else None,
        fine_max=D(hi) if hi is not None else None,
        **flags,
    )


def _no_penalty(conditions: str) -> TierSpec:
    return TierSpec(tier="no_penalty", conditions=conditions, **FIRST_MINOR)


# (code, label, effective_from, tiers, publish?)
BENCHMARKS: list[tuple[str, str, date, list[TierSpec], bool]] = [
    (
        "PRICE-42",
        "2024年版",
        date(2024, 1, 1),
        [
            _fixed(
                "lighter",
                0,
                1500,
                ["confiscate_gains", "fine"],
                "及时改正，标价问题涉及商品较少",
                flags=["promptly_corrected"],
            ),
            _fixed("ordinary", 1500, 3500, ["confiscate_gains", "fine"], "无从轻、从重情节"),
            _fixed(
                "heavier",
                3500,
                5000,
                ["confiscate_gains", "fine"],
                "经责令改正仍不改正，或者多次违法",
                **AGGRAVATED,
            ),
        ],
        True,
    ),
    (
        "PRICE-42",
        "2026年版",
        date(2026, 1, 1),
        [
            _no_penalty("初次违法，危害后果轻微并及时改正（列入首违不罚清单）"),
            _fixed(
                "lighter",
                0,
                1000,
                ["confiscate_gains", "fine"],
                "及时改正，标价问题涉及商品较少",
                flags=["promptly_corrected"],
            ),
            _fixed("ordinary", 1000, 3000, ["confiscate_gains", "fine"], "无从轻、从重情节"),
            _fixed(
                "heavier",
                3000,
                5000,
                ["confiscate_gains", "fine"],
                "经责令改正仍不改正，或者多次违法",
                **AGGRAVATED,
            ),
        ],
        True,
    ),
    (
        "FOOD-126-6",
        "2025年版",
        date(2025, 7, 1),
        [
            _no_penalty("初次违法，涉事人员已取得健康证明，未造成危害后果"),
            _fixed(
                "lighter",
                5000,
                15000,
                ["warning", "fine"],
                "拒不改正，但涉及人员一人且未造成危害后果",
                flags_any=["no_harm", "harm_small"],
                flags_none=["aggravating"],
            ),
            _fixed("ordinary", 15000, 35000, ["warning", "fine"], "拒不改正，涉及人员二人以上"),
            _fixed(
                "heavier",
                35000,
                50000,
                ["warning", "fine", "suspend_business"],
                "拒不改正且情节严重，或者造成食源性疾病",
                **AGGRAVATED,
            ),
        ],
        True,
    ),
    (
        "FOOD-124-5",
        "2025年版",
        date(2025, 7, 1),
        [
            _multiple(
                "mitigated",
                "0",
                "10",
                "0",
                "50000",
                ["confiscate_gains", "confiscate_property", "fine"],
                "有法定减轻情节（如主动消除危害后果）且未造成危害后果",
                **MITIGATING,
            ),
            _multiple(
                "lighter",
                "10",
                "13",
                "50000",
                "65000",
                ["confiscate_gains", "confiscate_property", "fine"],
                "主动召回、及时下架，危害后果轻微",
                flags=["promptly_corrected"],
                flags_none=["aggravating"],
            ),
            _multiple(
                "ordinary",
                "13",
                "17",
                "65000",
                "85000",
                ["confiscate_gains", "confiscate_property", "fine"],
                "无从轻、从重情节",
            ),
            _multiple(
                "heavier",
                "17",
                "20",
                "85000",
                "100000",
                FOOD_124_TYPES,
                "主要面向老年人、儿童销售，或者造成危害后果，或者多次违法",
                **AGGRAVATED,
            ),
        ],
        True,
    ),
    (
        "AD-57-1",
        "2025年版",
        date(2025, 7, 1),
        [
            _fixed(
                "mitigated",
                10000,
                200000,
                ["warning", "fine"],
                "有法定减轻情节，违法广告传播范围小、时间短",
                **MITIGATING,
            ),
            _fixed(
                "lighter",
                200000,
                400000,
                ["fine"],
                "主动删除违法广告，影响范围较小",
                flags=["promptly_corrected"],
            ),
            _fixed("ordinary", 400000, 700000, ["fine"], "无从轻、从重情节"),
            _fixed(
                "heavier",
                700000,
                1000000,
                ["fine", "revoke_licence"],
                "造成恶劣社会影响，或者多次违法",
                **AGGRAVATED,
            ),
        ],
        True,
    ),
    (
        "PQ-54",
        "2025年版",
        date(2025, 7, 1),
        [
            _multiple(
                "lighter",
                "0",
                "0.1",
                None,
                None,
                ["fine", "confiscate_gains"],
                "及时改正，涉案产品数量较少",
                flags=["promptly_corrected"],
            ),
            _multiple(
                "ordinary",
                "0.1",
                "0.2",
                None,
                None,
                ["fine", "confiscate_gains"],
                "无从轻、从重情节",
            ),
            _multiple(
                "heavier",
                "0.2",
                "0.3",
                None,
                None,
                ["fine", "confiscate_gains"],
                "涉案产品货值大，或者多次违法",
                **AGGRAVATED,
            ),
        ],
        True,
    ),
    # An open draft, to show the editing state.
    (
        "CONSUMER-56-9",
        "2027年版（征求意见稿）",
        date(2027, 1, 1),
        [
            _no_penalty("初次违法，涉及个人信息数量少，及时删除并告知消费者"),
            _multiple(
                "lighter",
                "1",
                "3.7",
                "0",
                "150000",
                ["warning", "confiscate_gains", "fine"],
                "及时改正，涉及个人信息数量较少",
                flags=["promptly_corrected"],
            ),
            _multiple(
                "ordinary",
                "3.7",
                "7.3",
                "150000",
                "350000",
                ["confiscate_gains", "fine"],
                "无从轻、从重情节",
            ),
            _multiple(
                "heavier",
                "7.3",
                "10",
                "350000",
                "500000",
                CONSUMER_TYPES,
                "出售或者非法提供个人信息，或者多次违法",
                **AGGRAVATED,
            ),
        ],
        False,
    ),
]

FIRST_OFFENCE: list[tuple[str, date, str]] = [
    ("PRICE-42", date(2025, 1, 1), "初次违反明码标价规定，未造成危害后果，经责令后立即改正的"),
    (
        "FOOD-125B",
        date(2025, 1, 1),
        "食品标签、说明书存在瑕疵，初次违法，不影响食品安全且不会误导消费者，及时改正的",
    ),
    (
        "AD-59-1",
        date(2025, 1, 1),
        "广告内容表述不准确，初次违法，未造成危害后果，及时停止发布并改正的",
    ),
    (
        "FOOD-126-6",
        date(2025, 7, 1),
        "初次违法，涉事从业人员在责令期限内取得健康证明，未造成危害后果的",
    ),
]


def _admin_of(agency: Agency):
    user = get_user_model().objects.filter(username=ADMIN_USERNAME).first()
    officer = getattr(user, "officer", None) if user is not None else None
    if officer is None or officer.agency_id != agency.pk or not has_role(user, Role.AGENCY_ADMIN):
        return None
    return user


def load_benchmarks(agency: Agency, admin, *, stdout: TextIO) -> None:
    done = set(
        BenchmarkVersion.objects.filter(agency=agency).values_list("violation__code", "label")
    )
    for code, label, start, specs, publish in BENCHMARKS:
        if (code, label) in done:
            continue
        vt = ViolationType.objects.get(code=code)
        if agency.domains.exists() and not agency.domains.filter(pk=vt.domain_id).exists():
            continue
        if BenchmarkVersion.objects.filter(agency=agency, violation=vt, status="draft").exists():
            continue
        # Written a fortnight before it takes effect: benchmarks are published before they
        # apply (never retroactively), so the clock moves back for the demo's history.
        today = clock.today()
        travel_to = min(today, start - timedelta(days=14)) if publish else today
        with clock.travel(travel_to):
            draft = bm.create_draft(
                agency=agency, violation=vt, by=admin, label=label, prefill=False
            )
            bm.replace_tiers(version=draft, specs=specs, by=admin, source="demo")
            if publish:
                bm.publish(
                    version=draft,
                    effective_from=start,
                    approved_by="局长办公会议审议通过",
                    by=admin,
                )
        stdout.write(f"  benchmark {code} {label}{'' if publish else '（草稿）'}\n")


def load_first_offence(agency: Agency, admin, *, stdout: TextIO) -> None:
    for code, start, conditions in FIRST_OFFENCE:
        vt = ViolationType.objects.get(code=code)
        if FirstOffenceEntry.objects.filter(agency=agency, violation=vt).exists():
            continue
        if agency.domains.exists() and not agency.domains.filter(pk=vt.domain_id).exists():
            continue
        bm.add_first_offence_entry(
            agency=agency, violation=vt, conditions=conditions, effective_from=start, by=admin
        )
        stdout.write(f"  first-offence list: {code}\n")


def load(*, stdout: TextIO) -> None:
    """Catalogue for everyone; benchmarks and the first-offence list for 滨江."""
    stdout.write("penalties: violation catalogue, benchmarks, first-offence list\n")
    load_catalogue(stdout=stdout)
    agency = Agency.objects.filter(name=AGENCY).first()
    if agency is None:
        stdout.write(f"  {AGENCY} not found: benchmarks skipped\n")
        return
    admin = _admin_of(agency)
    if admin is None:
        stdout.write(f"  no agency admin {ADMIN_USERNAME} for {AGENCY}: benchmarks skipped\n")
        return
    load_benchmarks(agency, admin, stdout=stdout)
    load_first_offence(agency, admin, stdout=stdout)

    from penalties import demo_proposals

    demo_proposals.load(stdout=stdout)

    from penalties import demo_notices

    demo_notices.load(stdout=stdout)

    from penalties import demo_decisions

    demo_decisions.load(stdout=stdout)

    from penalties import demo_execution

    demo_execution.load(stdout=stdout)
