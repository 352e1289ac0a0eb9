"""Pydantic's validation errors, in the caller's language.

Pydantic writes its messages in English only; the common error types are translated here and
the rest fall back to pydantic's own text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _


def translate_error(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    messages = {
        "missing": lambda: _("This field is required."),
        "string_too_short": lambda: _("At least %(n)s characters.") % {
            "n": ctx.get("min_length")},
        "string_too_long": lambda: _("At most %(n)s characters.") % {"n": ctx.get("max_length")},
        "string_pattern_mismatch": lambda: _("The value has the wrong form."),
        "string_type": lambda: _("Text is expected."),
        "int_parsing": lambda: _("A whole number is expected."),
        "int_type": lambda: _("A whole number is expected."),
        "bool_parsing": lambda: _("true or false is expected."),
        "greater_than_equal": lambda: _("Must be at least %(n)s.") % {"n": ctx.get("ge")},
        "less_than_equal": lambda: _("Must be at most %(n)s.") % {"n": ctx.get("le")},
        "enum": lambda: _("Must be one of: %(values)s.") % {"values": ctx.get("expected", "")},
        "uuid_parsing": lambda: _("A UUID is expected."),
        "datetime_parsing": lambda: _("A date and time in ISO 8601 form is expected."),
        "datetime_from_date_parsing": lambda: _(
            "A date and time in ISO 8601 form is expected."),
        "json_invalid": lambda: _("The body is not valid JSON."),
        "model_attributes_type": lambda: _("A JSON object is expected."),
        "dict_type": lambda: _("A JSON object is expected."),
    }
    make = messages.get(kind)
    return make() if make is not None else str(error.get("msg", ""))
