"""Parties (当事人): the natural persons and organisations cases are brought against.

A party is one row across all agencies, identified by its ID type and number (or its
unified social credit code), so that R-11 (one act, one fine) can find the same party in
another agency's case and R-13/R-74 can read its whole history. The number is validated
(GB 11643 / GB 32100) and shown masked except to those who need it; every unmasked view
is an audit event (see cases.services.parties.reveal_id_number).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.validators import mask


class Party(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("自然人")
        ORGANISATION = "organisation", _("法人或其他组织")

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("居民身份证")
        PASSPORT = "passport", _("护照")
        HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
        TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
        FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")
        CREDIT_CODE = "credit_code", _("统一社会信用代码")
        OTHER = "other", _("其他")

    kind = models.CharField(_("当事人类型"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称或姓名"), max_length=200, db_index=True)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("证件号码"), max_length=40)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("住所或地址"), max_length=255, blank=True)
    legal_representative = models.CharField(_("法定代表人或负责人"), max_length=100, blank=True)
    registered_by = models.ForeignKey(
        "officers.Agency",
        verbose_name=_("登记机关"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # Bookkeeping (real time).
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["id_type", "id_number"], name="cases_party_unique_id"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask(self.id_number)

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.PERSON

    @property
    def audit_agency_id(self) -> int | None:
        return self.registered_by_id
