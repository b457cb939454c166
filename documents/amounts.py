"""Amounts as printed on enforcement documents: in figures and in Chinese capitals.

Printed decisions state a fine twice, `人民币伍佰元整（500.00元）`, so that the figure cannot
be altered. The capitals follow the usual financial writing rules (支付结算办法): `整` after
an amount that ends in 元 or 角, none after 分; `零` where a zero sits between digits or in
the 角 place before a 分 (cn2an does the digit work).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import cn2an

_CENT = Decimal("0.01")
# 9,999,999,999,999.99: the widest amount cn2an spells (and far beyond any fine).
_MAX = Decimal("9999999999999.99")


def to_decimal(value: object) -> Decimal:
    """A Decimal from a Decimal, int or numeric string (the JSON snapshot holds strings).

    Raises ValueError for anything else, a negative amount, or more than two decimals.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError(f"amount must be a Decimal, int or numeric string, not {value!r}")
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not amount.is_finite() or amount < 0 or amount > _MAX:
        raise ValueError(f"amount out of range: {value!r}")
    if amount != amount.quantize(_CENT, rounding=ROUND_HALF_UP):
        raise ValueError(f"amount has more than two decimals: {value!r}")
    return amount.quantize(_CENT)


def amount_in_capitals(amount: Decimal | int | str) -> str:
    """`Decimal("500")` → `人民币伍佰元整`; `Decimal("1001.07")` → `人民币壹仟零壹元零柒分`."""
    value = to_decimal(amount)
    if value == 0:
        return "人民币零元整"
    words = cn2an.an2cn(format(value, "f"), "rmb")
    if not words.endswith(("整", "分")):
        words += "整"  # ends in 角: 整 guards against an added 分
    return "人民币" + words


def amount_in_figures(amount: Decimal | int | str) -> str:
    """`Decimal("5000")` → `5,000.00元`."""
    return f"{to_decimal(amount):,.2f}元"


def amount_both(amount: Decimal | int | str) -> str:
    """`人民币伍仟元整（5,000.00元）`: the way a document states an amount."""
    return f"{amount_in_capitals(amount)}（{amount_in_figures(amount)}）"
