"""Checksums of the two national identifiers a party carries.

GB 11643-1999: the 18-digit citizen identity number (居民身份证号码): 6-digit area code,
8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check character (0–9 or X).
GB 32100-2015: the 18-character unified social credit code (统一社会信用代码), alphabet
without I, O, Z, S, V, check character by MOD 31.

Both validators raise `ValidationError` with a translated message; `birth_date_from_id`
derives the birth date (R-15 needs the party's age on the act date).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def birth_date_from_id(number: str) -> date | None:
    """The birth date encoded in an 18-digit identity number, or None if not a date."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except (ValueError, IndexError):
        return None


def normalise_id(number: str) -> str:
    return (number or "").strip().upper()


def validate_resident_id(number: str) -> None:
    """GB 11643: 18 characters, digits with a final digit or X, a real birth date, check."""
    n = normalise_id(number)
    if len(n) != 18 or not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
        raise ValidationError(
            _("身份证号码应为18位（前17位为数字，末位为数字或X）"), code="id_format"
        )
    born = birth_date_from_id(n)
    if born is None or born.year < 1900:
        raise ValidationError(_("身份证号码中的出生日期无效"), code="id_birth_date")
    if id_check_char(n[:17]) != n[17]:
        raise ValidationError(_("身份证号码校验位错误"), code="id_checksum")


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    check = 31 - total % 31
    return CREDIT_ALPHABET[0 if check == 31 else check]


def validate_credit_code(code: str) -> None:
    """GB 32100: 18 characters from the code alphabet, MOD 31 check character."""
    c = normalise_id(code)
    if len(c) != 18 or any(ch not in CREDIT_ALPHABET for ch in c):
        raise ValidationError(
            _("统一社会信用代码应为18位，由数字和大写字母组成（不含 I、O、Z、S、V）"),
            code="credit_format",
        )
    if credit_check_char(c[:17]) != c[17]:
        raise ValidationError(_("统一社会信用代码校验位错误"), code="credit_checksum")


def make_resident_id(first17: str) -> str:
    """Complete 17 digits with their check character (tests and demo data)."""
    return first17 + id_check_char(first17)


def make_credit_code(first17: str) -> str:
    return first17 + credit_check_char(first17)


def mask(number: str) -> str:
    """Shown to those who do not need the full number: first 3 and last 4 kept."""
    n = number or ""
    if len(n) <= 7:
        return "*" * len(n)
    return f"{n[:3]}{'*' * (len(n) - 7)}{n[-4:]}"
