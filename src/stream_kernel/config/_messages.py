"""From jsonschema errors to coded diagnostics.

The code of every rule is declared in the schema next to the rule, under the
``x-error-code`` annotation, keyed by the validation keyword. One small function per
keyword turns an error into the detail of its message; the catalog title from the
schema leads it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

from ._catalog import catalog_diagnostic
from ._schema import CODE_KEYWORD
from .diagnostics import Diagnostic, part_text

__all__ = [
    "closest",
    "describe",
    "diagnose",
    "document_diagnostic",
    "enum_suggestion",
    "sort_diagnostics",
]

_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "empty (null)",
}
_SHOWN_CHARS = 40
_SHOWN_INT_BITS = 128


def describe(value: object, *, hidden: bool = False) -> str:
    """A short, safe rendering of an offending value, in YAML terms. Never raises."""
    try:
        return _noun(value) + " (value hidden)" if hidden else _render(value)
    except Exception:  # noqa: BLE001 - a caller's object whose __repr__ fails is still named
        return f"a value of type {type(value).__name__}"


def _render(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > _SHOWN_INT_BITS:
        return "a very large integer"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        shown = value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "..."
        return repr(str(shown))
    return _noun(value)


# Checked in order: bool before int, because a bool is an int in Python.
_NOUNS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (dict, "a mapping"),
    (list, "a list"),
    (bool, "a boolean"),
    (int, "an integer"),
    (float, "a number"),
    (str, "a string"),
    (type(None), "null"),
)


def _noun(value: object) -> str:
    for kinds, noun in _NOUNS:
        if isinstance(value, kinds):
            return noun
    return f"a value of type {type(value).__name__}"


def _choices(values: Iterable[object]) -> str:
    return ", ".join(repr(v) for v in values)


def closest(got: object, candidates: Iterable[object]) -> str | None:
    """The candidate a "did you mean" names for ``got``, if any (editors offer it as a fix)."""
    if not isinstance(got, str):
        return None
    names = [c for c in candidates if isinstance(c, str)]
    folded = {c.casefold(): c for c in names}
    match = folded.get(got.casefold())
    if match is None:
        close = difflib.get_close_matches(got, names, n=1, cutoff=0.6)
        match = close[0] if close else None
    return match


def enum_suggestion(allowed: Sequence[object], got: object, *, hidden: bool) -> str | None:
    """The allowed value an enum (or const) error suggests for ``got``, if any."""
    # With one allowed value the list already says it; a "did you mean" would only repeat it.
    return None if hidden or len(allowed) < 2 else closest(got, allowed)


def _suggestion(match: str | None) -> str:
    return f" (did you mean {match!r}?)" if match is not None else ""


# One function per validation keyword: what the rule says (its keyword value), the value
# that broke it, the subschema holding it, and whether the value must stay hidden.
# Each yields (path parts below the error's path, message detail).
_Found = Iterator[tuple[tuple[object, ...], str]]
_Detail = Callable[[Any, Any, Mapping[str, Any], bool], _Found]


def _enum(allowed: Sequence[object], got: object, _: Mapping[str, Any], hidden: bool) -> _Found:
    hint = _suggestion(enum_suggestion(allowed, got, hidden=hidden))
    yield (), f"got {describe(got, hidden=hidden)}{hint}; allowed: {_choices(allowed)}"


def _const(allowed: object, got: object, schema: Mapping[str, Any], hidden: bool) -> _Found:
    return _enum([allowed], got, schema, hidden)


def _type(declared: str | list[str], got: object, _: Mapping[str, Any], hidden: bool) -> _Found:
    wanted = [declared] if isinstance(declared, str) else declared
    expected = " or ".join(_TYPE_WORDS.get(t, t) for t in wanted)
    yield (), f"expected {expected}, got {describe(got, hidden=hidden)}"


def _required(names: list[str], got: object, _: Mapping[str, Any], __: bool) -> _Found:
    present = got if isinstance(got, dict) else {}
    for name in names:
        if name not in present:
            yield (name,), f"{name} is missing"


def _unknown(key: object, names: frozenset[str]) -> bool:
    # A set lookup hashes first, so a caller's key is compared only when its hash is
    # that of a contract key; one whose __eq__ then raises is not a key of ours.
    try:
        return key not in names
    except Exception:  # noqa: BLE001 - any failure of a foreign __eq__ means "not ours"
        return True


def _additional(_: object, got: dict[Any, Any], schema: Mapping[str, Any], __: bool) -> _Found:
    # Unknown keys are named (shortened); their values are never shown.
    known = list(schema.get("properties", {}))
    names = frozenset(known)
    for key in sorted((k for k in got if _unknown(k, names)), key=part_text):
        hint = _suggestion(closest(key, known))
        yield (key,), f"{describe(key)}{hint}; allowed keys: {', '.join(known)}"


def _minimum(limit: object, got: object, _: Mapping[str, Any], hidden: bool) -> _Found:
    yield (), f"must be at least {limit}, got {describe(got, hidden=hidden)}"


def _maximum(limit: object, got: object, _: Mapping[str, Any], hidden: bool) -> _Found:
    yield (), f"must be at most {limit}, got {describe(got, hidden=hidden)}"


def _min_length(limit: int, _: object, __: Mapping[str, Any], ___: bool) -> _Found:
    # Never shows the value: the only string with a length rule is the secret.
    yield (), "got an empty string" if limit == 1 else f"must be at least {limit} characters long"


_DETAILS: Mapping[str, _Detail] = {
    "enum": _enum,
    "const": _const,
    "type": _type,
    "required": _required,
    "additionalProperties": _additional,
    "minimum": _minimum,
    "maximum": _maximum,
    "minLength": _min_length,
}


def _unreadable(_: object, __: object, ___: Mapping[str, Any], ____: bool) -> _Found:
    yield (), "a value could not be compared or shown"


def diagnose(error: ValidationError) -> Iterator[Diagnostic]:
    """The diagnostics of one jsonschema error (an unknown-keys error gives one per key)."""
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    keyword = str(error.validator)
    codes: Mapping[str, str] = schema.get(CODE_KEYWORD, {})
    # Only the guarded validator raises errors from keywords without a code (a
    # `properties` walk that met a value it could not compare): not plain data.
    code = codes.get(keyword, "SK-CFG-104")
    details = _DETAILS[keyword] if keyword in codes else _unreadable
    hidden = schema.get("writeOnly") is True
    base = tuple(error.absolute_path)
    rule: Any = error.validator_value
    got: Any = error.instance
    for extra, detail in details(rule, got, schema, hidden):
        parts = base + extra
        yield catalog_diagnostic(code, detail, parts)


def document_diagnostic(code: str, detail: str) -> Diagnostic:
    """A diagnostic about the document as a whole (it cannot even be copied)."""
    return catalog_diagnostic(code, detail)


def sort_diagnostics(found: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Deterministic order, duplicates dropped: by path, then code, then message."""
    unique = {(d.path_parts, d.code, d.message): d for d in found}
    return tuple(
        sorted(
            unique.values(),
            key=lambda d: (tuple(map(part_text, d.path_parts)), d.code, d.message),
        )
    )
