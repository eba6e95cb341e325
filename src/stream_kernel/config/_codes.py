"""From jsonschema errors to coded diagnostics.

The code of every rule is declared in the schema next to the rule, under the
``x-error-code`` annotation, keyed by the validation keyword. One small function per
keyword turns an error into the detail of its message; the catalog title from the
schema leads it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache

from jsonschema.exceptions import ValidationError

from ._diagnostics import Diagnostic, dotted
from ._schema import CODE_KEYWORD, contract_schema

__all__ = ["catalog", "diagnose", "document_diagnostic", "sort_diagnostics"]

CATALOG_KEYWORD = "x-error-catalog"

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


@cache
def catalog() -> Mapping[str, Mapping[str, str]]:
    """Every code the project defines, with its title, severity, explanation, example and fix."""
    entries: Mapping[str, Mapping[str, str]] = contract_schema()[CATALOG_KEYWORD]
    return entries


def describe(value: object, *, hidden: bool = False) -> str:
    """A short, safe rendering of an offending value, in YAML terms."""
    if hidden:
        return f"{_noun(value)} (value hidden)"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        shown = value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "..."
        return repr(shown)
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


def _suggestion(got: object, candidates: Iterable[object]) -> str:
    if not isinstance(got, str):
        return ""
    names = [c for c in candidates if isinstance(c, str)]
    folded = {c.casefold(): c for c in names}
    match = folded.get(got.casefold())
    if match is None:
        close = difflib.get_close_matches(got, names, n=1, cutoff=0.6)
        match = close[0] if close else None
    return f" (did you mean {match!r}?)" if match is not None else ""


# One function per validation keyword: (error, hidden) -> [(extra path parts, detail)].
_Detail = Callable[[ValidationError, bool], Iterator[tuple[tuple[object, ...], str]]]


def _enum(error: ValidationError, hidden: bool) -> Iterator[tuple[tuple[object, ...], str]]:
    allowed: Sequence[object] = (
        [error.validator_value] if error.validator == "const" else error.validator_value
    )
    # With one allowed value the list already says it; a "did you mean" would only repeat it.
    hint = "" if hidden or len(allowed) < 2 else _suggestion(error.instance, allowed)
    yield (), f"got {describe(error.instance, hidden=hidden)}{hint}; allowed: {_choices(allowed)}"


def _type(error: ValidationError, hidden: bool) -> Iterator[tuple[tuple[object, ...], str]]:
    declared = error.validator_value
    wanted = [declared] if isinstance(declared, str) else list(declared)
    expected = " or ".join(_TYPE_WORDS.get(t, t) for t in wanted)
    yield (), f"expected {expected}, got {describe(error.instance, hidden=hidden)}"


def _required(error: ValidationError, hidden: bool) -> Iterator[tuple[tuple[object, ...], str]]:
    del hidden  # a missing key has no value to hide
    present = error.instance if isinstance(error.instance, dict) else {}
    for name in error.validator_value:
        if name not in present:
            yield (name,), f"{name} is missing"


def _additional(error: ValidationError, hidden: bool) -> Iterator[tuple[tuple[object, ...], str]]:
    del hidden  # unknown keys are named, their values never shown
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    known: Sequence[str] = list(schema.get("properties", {}))
    extras = [key for key in error.instance if key not in known]
    for key in sorted(extras, key=str):
        hint = _suggestion(key, known)
        yield (key,), f"{key!r}{hint}; allowed keys: {', '.join(known)}"


def _minimum(error: ValidationError, hidden: bool) -> Iterator[tuple[tuple[object, ...], str]]:
    got = describe(error.instance, hidden=hidden)
    yield (), f"must be at least {error.validator_value}, got {got}"


def _maximum(error: ValidationError, hidden: bool) -> Iterator[tuple[tuple[object, ...], str]]:
    got = describe(error.instance, hidden=hidden)
    yield (), f"must be at most {error.validator_value}, got {got}"


def _min_length(error: ValidationError, hidden: bool) -> Iterator[tuple[tuple[object, ...], str]]:
    del hidden  # the detail never shows the value
    if error.validator_value == 1:
        yield (), "got an empty string"
    else:
        yield (), f"must be at least {error.validator_value} characters long"


_DETAILS: Mapping[str, _Detail] = {
    "enum": _enum,
    "const": _enum,
    "type": _type,
    "required": _required,
    "additionalProperties": _additional,
    "minimum": _minimum,
    "maximum": _maximum,
    "minLength": _min_length,
}


def diagnose(error: ValidationError) -> Iterator[Diagnostic]:
    """The diagnostics of one jsonschema error (an unknown-keys error gives one per key)."""
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    keyword = str(error.validator)
    code: str = schema[CODE_KEYWORD][keyword]
    hidden = schema.get("writeOnly") is True
    title = catalog()[code]["title"]
    base = tuple(error.absolute_path)
    for extra, detail in _DETAILS[keyword](error, hidden):
        parts = base + extra
        yield Diagnostic(
            code=code, path=dotted(parts), message=f"{title}: {detail}", path_parts=parts
        )


def document_diagnostic(code: str, detail: str) -> Diagnostic:
    """A diagnostic about the document as a whole (it cannot even be copied)."""
    return Diagnostic(code=code, path="", message=f"{catalog()[code]['title']}: {detail}")


def sort_diagnostics(found: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Deterministic order, duplicates dropped: by path, then code, then message."""
    unique = {(d.path_parts, d.code, d.message): d for d in found}
    return tuple(
        sorted(
            unique.values(),
            key=lambda d: (tuple(str(p) for p in d.path_parts), d.code, d.message),
        )
    )
