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
