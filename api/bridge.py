"""The UI's Django forms, reused by the API.

An API write validates in two steps, so that it accepts exactly what the browser accepts:

1. a DRF serializer checks the JSON shape (types, required fields, lengths, NUL bytes) and
   documents it in the OpenAPI schema; `serializer_for_form()` derives it from the form's
   declared fields, so a field added to a form appears in the API by itself;
2. the same Django form the page uses is then bound to the validated data: its querysets
   (e.g. "an officer assigned to this case"), `clean_*` methods and cross-field checks run
   unchanged. Its errors come back as a 400 problem listing each field.

The service is then called exactly as the page calls it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from rest_framework import serializers

from api.errors import form_errors

_cache: dict[tuple[type, str], type[serializers.Serializer]] = {}


def _choices(field: forms.ChoiceField) -> list[tuple[Any, Any]]:
    return [(value, label) for value, label in field.choices if value not in ("", None)]


def drf_field(field: forms.Field) -> serializers.Field:
    """One form field as a DRF field (model choices become ids)."""
    common: dict[str, Any] = {
        "required": field.required,
        "label": field.label,
        "help_text": field.help_text or None,
    }
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(
            child=serializers.IntegerField(min_value=1), allow_empty=not field.required, **common
        )
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(min_value=1, allow_null=not field.required, **common)
    if isinstance(field, forms.ChoiceField):
        choices = _choices(field)
        return serializers.ChoiceField(choices=choices, allow_blank=not field.required, **common)
    if isinstance(field, forms.BooleanField):
        common["required"] = False
        return serializers.BooleanField(default=False, **common)
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(allow_null=not field.required, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    if isinstance(field, forms.TimeField):
        return serializers.TimeField(allow_null=not field.required, **common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(
            min_value=field.min_value,
            max_value=field.max_value,
            allow_null=not field.required,
            **common,
        )
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            min_value=field.min_value,
            max_value=field.max_value,
            coerce_to_string=True,
            allow_null=not field.required,
            **common,
        )
    if isinstance(field, forms.FileField):
        if getattr(field.widget, "allow_multiple_selected", False):
            return serializers.ListField(
                child=serializers.FileField(), allow_empty=not field.required, **common
            )
        return serializers.FileField(allow_null=not field.required, **common)
    if isinstance(field, forms.CharField):
        return serializers.CharField(
            max_length=field.max_length, allow_blank=not field.required, **common
        )
    raise TypeError(f"No API mapping for form field {type(field).__name__}")


def serializer_for_form(
    form_class: type[forms.Form],
    name: str,
    *,
    exclude: tuple[str, ...] = (),
    extra: dict[str, serializers.Field] | None = None,
    form_kwargs: dict[str, Any] | None = None,
) -> type[serializers.Serializer]:
    """A named serializer with one field per form field (cached per name): the declared
    fields, or with `form_kwargs` those of an unbound instance (forms that add their
    fields in `__init__`, e.g. a checklist with one field per item)."""
    key = (form_class, name)
    if key not in _cache:
        fields = (
            form_class(**form_kwargs).fields if form_kwargs is not None else form_class.base_fields
        )
        attrs: dict[str, Any] = {
            field_name: drf_field(field)
            for field_name, field in fields.items()
            if field_name not in exclude
        }
        attrs.update(extra or {})
        attrs["__doc__"] = (form_class.__doc__ or "").strip() or None
        attrs["Meta"] = type("Meta", (), {"ref_name": name})
        _cache[key] = type(name, (serializers.Serializer,), attrs)
    return _cache[key]


def _is_file(value: Any) -> bool:
    return hasattr(value, "read") and hasattr(value, "name")


def has_files(form_class: type[forms.Form]) -> bool:
    return any(isinstance(f, forms.FileField) for f in form_class.base_fields.values())


def form_data(validated: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split validated data into (data, files) for binding a Django form; None is left
    out so that the form sees an omitted optional field."""
    data: dict[str, Any] = {}
    files: dict[str, Any] = {}
    for key, value in validated.items():
        if value is None:
            continue
        if _is_file(value) or (
            isinstance(value, list) and value and all(_is_file(v) for v in value)
        ):
            files[key] = value
        else:
            data[key] = value
    return data, files


def bind(form_class: type[forms.Form], validated: dict[str, Any], **kwargs: Any) -> forms.Form:
    """The UI form bound to already shape-checked data; a 400 problem if it refuses."""
    data, files = form_data(validated)
    form = form_class(data, files or None, **kwargs)
    if not form.is_valid():
        raise serializers.ValidationError(form_errors(form))
    return form
