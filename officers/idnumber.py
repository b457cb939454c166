"""Resident identity numbers (居民身份证号码, GB 11643-1999).

18 characters: 6-digit region code, 8-digit birth date, 3-digit sequence, and a check
character computed ISO 7064 MOD 11-2 over the first 17 digits ("X" stands for 10).
A typo in any single digit changes the check character, so validation catches it before a
wrong number reaches a served document.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(first17: str) -> str:
    """The GB 11643 check character for 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalise(value: str) -> str:
    return (value or "").strip().upper()


def validate_id_number(value: str) -> str:
    """Return the normalised number or raise ValidationError with a Chinese message."""
    n = normalise(value)
    if len(n) != 18 or not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
        raise ValidationError(
            _("身份证号应为18位：前17位为数字，最后一位为数字或X。"), code="id_format"
        )
    try:
        born = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号中的出生日期无效。"), code="id_birth") from None
    if born.year < 1900:
        raise ValidationError(_("身份证号中的出生日期无效。"), code="id_birth")
    if check_char(n[:17]) != n[17]:
        raise ValidationError(
            _("身份证号校验码错误（GB 11643），请核对后重新输入。"), code="id_checksum"
        )
    return n


def mask(value: str) -> str:
    """Shown everywhere except the audited unmasked view: 330***********1234."""
    n = value or ""
    return f"{n[:3]}{'*' * (len(n) - 7)}{n[-4:]}" if len(n) > 7 else "*" * len(n)
