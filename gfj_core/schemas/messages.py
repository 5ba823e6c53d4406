"""One wording for a refused field, in a person's words rather than pydantic's ("String should
have at least 1 character", "Input should be a valid date"). Every form, table editor and import
that shows a pydantic problem goes through `friendly_message`."""

from __future__ import annotations

REQUIRED = "This is required."

_WORDS = {
    "missing": lambda ctx: REQUIRED,
    "string_too_short": lambda ctx: (
        REQUIRED
        if ctx.get("min_length") in (None, 1)
        else f"Use at least {ctx.get('min_length')} characters."
    ),
    "string_too_long": lambda ctx: f"Keep it under {ctx.get('max_length')} characters.",
    "too_long": lambda ctx: f"At most {ctx.get('max_length')} entries.",
    "too_short": lambda ctx: (
        "Choose at least one."
        if ctx.get("min_length") in (None, 1)
        else f"Choose at least {ctx.get('min_length')}."
    ),
    "greater_than_equal": lambda ctx: f"Must be at least {ctx.get('ge')}.",
    "less_than_equal": lambda ctx: f"Must be at most {ctx.get('le')}.",
    "int_parsing": lambda ctx: "Enter a whole number.",
    "date_from_datetime_parsing": lambda ctx: "Enter a date.",
    "date_parsing": lambda ctx: "Enter a date.",
    "decimal_max_places": lambda ctx: f"Use at most {ctx.get('decimal_places')} decimals.",
}

# An empty widget reaches the schema as None or "": for these types that means "left blank".
_EMPTY_MEANS_REQUIRED = (
    "date_type",
    "date_from_datetime_parsing",
    "int_type",
    "string_type",
    "decimal_type",
)


def friendly_message(err: dict) -> str:
    """The message for one pydantic error (an item of `ValidationError.errors()`)."""
    if err.get("input") in (None, "") and err["type"] in _EMPTY_MEANS_REQUIRED:
        return REQUIRED
    words = _WORDS.get(err["type"])
    message = words(err.get("ctx") or {}) if words else err["msg"]
    return message.removeprefix("Value error, ")
