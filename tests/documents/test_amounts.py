"""Amounts in Chinese capitals as printed on decisions (人民币伍佰元整)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from documents.amounts import amount_both, amount_in_capitals, amount_in_figures


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("500"), "人民币伍佰元整"),
        (Decimal("500.00"), "人民币伍佰元整"),
        (5000, "人民币伍仟元整"),
        ("200", "人民币贰佰元整"),
        (Decimal("10000"), "人民币壹万元整"),
        (Decimal("100000"), "人民币壹拾万元整"),
        (Decimal("100200"), "人民币壹拾万零贰佰元整"),
        (Decimal("1250.50"), "人民币壹仟贰佰伍拾元伍角整"),
        (Decimal("12.30"), "人民币壹拾贰元叁角整"),
        (Decimal("0.50"), "人民币伍角整"),
        (Decimal("1680.32"), "人民币壹仟陆佰捌拾元叁角贰分"),
        (Decimal("1001.07"), "人民币壹仟零壹元零柒分"),
        (Decimal("16409.02"), "人民币壹万陆仟肆佰零玖元零贰分"),
        (Decimal("0.05"), "人民币伍分"),
        (Decimal("0"), "人民币零元整"),
        ("3,000.00", "人民币叁仟元整"),
    ],
)
def test_amount_in_capitals(amount, expected):
    assert amount_in_capitals(amount) == expected


def test_capitals_end_in_zheng_unless_fen():
    """整 after 元 or 角 guards against an added digit; nothing follows 分."""
    assert amount_in_capitals(Decimal("7")).endswith("元整")
    assert amount_in_capitals(Decimal("7.10")).endswith("角整")
    assert amount_in_capitals(Decimal("7.11")).endswith("分")


@pytest.mark.parametrize(
    "bad", [Decimal("-1"), "abc", "", 1.5, True, Decimal("1.005"), Decimal("NaN"), None]
)
def test_bad_amounts_are_refused(bad):
    with pytest.raises(ValueError):
        amount_in_capitals(bad)


def test_figures_and_both():
    assert amount_in_figures(Decimal("5000")) == "5,000.00元"
    assert amount_both("1250.5") == "人民币壹仟贰佰伍拾元伍角整（1,250.50元）"
