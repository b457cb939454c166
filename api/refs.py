"""Small nested representations shared by the resource modules."""

from __future__ import annotations

from rest_framework import serializers


class DomainRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class OfficerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def label_field(source: str, **kwargs) -> serializers.CharField:
    """The translated label of a choices field, e.g. `label_field("get_state_display")`."""
    return serializers.CharField(source=source, read_only=True, **kwargs)


class ReadModelSerializer(serializers.ModelSerializer):
    """A response-only model serializer (`read_only_fields = fields`) that keeps the
    model's `allow_blank` / `allow_null`, so a choice field that may be blank documents
    the blank value in its enum (DRF drops these kwargs for read-only fields)."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        keep = {k: kwargs[k] for k in ("allow_blank", "allow_null") if k in kwargs}
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        kwargs.update(keep)
        return kwargs


def read_serializer(
    model, name: str, *, exclude: tuple[str, ...] = (), extra: dict | None = None
) -> type[ReadModelSerializer]:
    """A response-only serializer of every concrete field of `model` but `exclude`."""
    fields = [f.name for f in model._meta.concrete_fields if f.name not in exclude]
    attrs = dict(extra or {})
    fields += [k for k in attrs if k not in fields]
    meta = type("Meta", (), {"model": model, "fields": fields, "read_only_fields": fields})
    return type(name, (ReadModelSerializer,), {**attrs, "Meta": meta})
