"""The words of every message: from jsonschema errors to coded diagnostics, and how a
value is named in them.

The code of every rule is declared in the schema next to the rule, under the
``x-error-code`` annotation, keyed by the validation keyword. One small function per
keyword turns an error into the detail of its message; the catalog title from the
schema leads it. A value is shown short, in YAML terms, and never when it may be the
secret (:func:`describe`); each JSON Schema type has one word (:data:`TYPE_WORDS`).

>>> describe("hkdf-sha256"), describe({"a": 1}), describe(None), describe("s3cr3t", hidden=True)
("'hkdf-sha256'", 'a mapping', 'null', 'a string (value hidden)')
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

from ._catalog import catalog_diagnostic
from ._contracts import Contract
from ._schema import CODE_KEYWORD, type_names
from .diagnostics import Diagnostic, part_text

__all__ = [
    "SHOWN_CHARS",
    "TYPE_WORDS",
    "describe",
    "diagnose",
    "document_diagnostic",
    "json_type",
    "sort_diagnostics",
]

#: The word for each JSON Schema type, as someone writing YAML calls it.
TYPE_WORDS: Final[Mapping[str, str]] = {
    "object": "mapping",
    "array": "list",
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "null": "null",
}

#: The most characters of a user's text that a message quotes.
SHOWN_CHARS: Final = 40
_SHOWN_INT_BITS: Final = 128


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
        shown = value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "..."
        return repr(str(shown))
    return _noun(value)


# Checked in order: bool before int, because a bool is an int in Python.
_JSON_TYPES: Final[tuple[tuple[type, str], ...]] = (
    (dict, "object"),
    (list, "array"),
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (type(None), "null"),
)


def json_type(value: object) -> str | None:
    """The JSON Schema type a loaded YAML value is written as (a float is a ``number``);
    ``None`` for anything YAML data does not hold."""
    for kind, name in _JSON_TYPES:
        if isinstance(value, kind):
            return name
    return None


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _noun(value: object) -> str:
    kind = json_type(value)
    if kind is None:
        return f"a value of type {type(value).__name__}"
    # null is a value, not a kind of value: it takes no article.
    return TYPE_WORDS[kind] if kind == "null" else _a(TYPE_WORDS[kind])


def _expected(kind: str) -> str:
    # A null is what YAML makes of a block whose keys are all left out (or commented out).
    if kind == "null":
        return "empty (null)"
    return _a(TYPE_WORDS[kind]) if kind in TYPE_WORDS else kind


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


# One function per validation keyword: what the rule says (its keyword value), the value
# that broke it, the subschema holding it, and whether the value must stay hidden.
# Each yields (path parts below the error's path, message detail).
_Found = Iterator[tuple[tuple[object, ...], str]]
_Detail = Callable[[Any, Any, Mapping[str, Any], bool], _Found]


def _enum(allowed: Sequence[object], got: object, _: Mapping[str, Any], hidden: bool) -> _Found:
    # With one allowed value the list already says it; a "did you mean" would only repeat it.
    hint = "" if hidden or len(allowed) < 2 else _suggestion(got, allowed)
    yield (), f"got {describe(got, hidden=hidden)}{hint}; allowed: {_choices(allowed)}"


def _const(allowed: object, got: object, schema: Mapping[str, Any], hidden: bool) -> _Found:
    return _enum([allowed], got, schema, hidden)


def _type(declared: str | list[str], got: object, _: Mapping[str, Any], hidden: bool) -> _Found:
    expected = " or ".join(_expected(t) for t in type_names(declared))
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
        hint = _suggestion(key, known)
        yield (key,), f"{describe(key)}{hint}; allowed keys: {', '.join(known)}"


def _minimum(limit: object, got: object, _: Mapping[str, Any], hidden: bool) -> _Found:
    yield (), f"must be at least {limit}, got {describe(got, hidden=hidden)}"


def _maximum(limit: object, got: object, _: Mapping[str, Any], hidden: bool) -> _Found:
    yield (), f"must be at most {limit}, got {describe(got, hidden=hidden)}"


def _exclusive_minimum(limit: object, got: object, _: Mapping[str, Any], hidden: bool) -> _Found:
    yield (), f"must be greater than {limit}, got {describe(got, hidden=hidden)}"


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
    "exclusiveMinimum": _exclusive_minimum,
    "minLength": _min_length,
}


def _unreadable(_: object, __: object, ___: Mapping[str, Any], ____: bool) -> _Found:
    yield (), "a value could not be compared or shown"


def diagnose(error: ValidationError, contract: Contract) -> Iterator[Diagnostic]:
    """The diagnostics of one jsonschema error of ``contract``'s schema (an unknown-keys
    error gives one per key)."""
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
    if _about_a_key(error.absolute_schema_path):
        # jsonschema checks a map's keys at the map's path, with the key as the instance:
        # the diagnostic is about the key, so it is at the key's path.
        base = (*base, got)
    for extra, detail in details(rule, got, schema, hidden):
        parts = base + extra
        yield catalog_diagnostic(code, detail, parts, contract=contract)


def _about_a_key(schema_path: Iterable[object]) -> bool:
    # `propertyNames` as a keyword, not as the name of a property (after `properties`).
    before: object = None
    for part in schema_path:
        if part == "propertyNames" and before != "properties":
            return True
        before = part
    return False


def document_diagnostic(code: str, detail: str, contract: Contract) -> Diagnostic:
    """A diagnostic about the document as a whole (it cannot even be copied)."""
    return catalog_diagnostic(code, detail, contract=contract)


def sort_diagnostics(found: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Deterministic order, duplicates dropped: by path, then code, then message."""
    unique = {(d.path_parts, d.code, d.message): d for d in found}
    return tuple(
        sorted(
            unique.values(),
            key=lambda d: (tuple(map(part_text, d.path_parts)), d.code, d.message),
        )
    )
