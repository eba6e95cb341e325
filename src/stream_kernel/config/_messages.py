"""The words of every message: from jsonschema errors to coded diagnostics, and how a
value is named in them.

The code of every rule is declared in the schema next to the rule, under the
``x-error-code`` annotation, keyed by the validation keyword. One small function per
keyword turns an error into the detail of its message; the catalog title from the
schema leads it. A value is shown short, in YAML terms, and never when it may be the
secret (:func:`describe`); each JSON Schema type has one word (:data:`TYPE_WORDS`).

>>> describe("hkdf-sha256"), describe({"a": 1}), describe(None), describe("s3cr3t", hidden=True)
("'hkdf-sha256'", 'a mapping', 'null', 'a 6-character string (value hidden)')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

from ._catalog import catalog_diagnostic
from ._contracts import Contract
from ._schema import CODE_KEYWORD, type_names
from ._secrets import Exposure
from ._suggest import closest
from .diagnostics import Diagnostic, HiddenKey, part_text

__all__ = [
    "SHOWN_CHARS",
    "TYPE_WORDS",
    "describe",
    "diagnose",
    "document_diagnostic",
    "enum_suggestion",
    "hide_written_keys",
    "json_type",
    "kind",
    "sort_diagnostics",
    "suggestion_for",
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
# Beyond this a "did you mean" is no help, and the comparison's work grows with the text.
_SUGGESTED_CHARS: Final = 100


def describe(value: object, *, hidden: bool = False) -> str:
    """A short, safe rendering of an offending value, in YAML terms. Never raises.

    Bounded whatever the value: a string is cut, a container is only named, and a
    caller's subclass is rendered by the built-in type's own code, never its overrides.
    A hidden value is named by its kind (and a string by its length) only.
    """
    try:
        return kind(value) + " (value hidden)" if hidden else _render(value)
    except Exception:  # noqa: BLE001 - a caller's object whose __repr__ fails is still named
        return f"a value of type {type(value).__name__}"


def kind(value: object) -> str:
    """What ``value`` is, without showing it: ``a 14-character string``, ``a mapping``."""
    if isinstance(value, str):
        length = str.__len__(value)
        if not length:
            return "an empty string"
        return f"{_article(length)} {length}-character string"
    return _noun(value)


def _article(number: int) -> str:
    # "an" before the numbers said with a vowel first: 8, 11, 18, 80-89, 800-899, 11,000...
    digits = str(number)
    leading_pair = len(digits) % 3 == 2 and digits[:2] in {"11", "18"}
    return "an" if digits.startswith("8") or leading_pair else "a"


def _render(value: object) -> str:  # noqa: PLR0911 - one return a kind of value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if type(value) is int:
        return "a very large integer" if value.bit_length() > _SHOWN_INT_BITS else repr(value)
    if type(value) is float:
        return repr(value)
    if isinstance(value, int | float):  # a caller's subclass: its __repr__ is its own code
        return f"a value of type {type(value).__name__}"
    if isinstance(value, str):
        shown = str.__getitem__(value, slice(None, SHOWN_CHARS))  # a plain str, even of a subclass
        cut = "..." if str.__len__(value) > SHOWN_CHARS else ""
        return repr(shown + cut)
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


def suggestion_for(got: object, candidates: Iterable[object]) -> str | None:
    """The candidate a "did you mean" names for ``got``, if any (editors offer it as a fix)."""
    if not isinstance(got, str) or str.__len__(got) > _SUGGESTED_CHARS:
        return None
    text = str.__getitem__(got, slice(None))  # a caller's str subclass, as plain text
    return closest(text, (c for c in candidates if isinstance(c, str)))


def enum_suggestion(allowed: Sequence[object], got: object, *, secret: bool) -> str | None:
    """The allowed value an enum (or const) error suggests for ``got``, if any.

    A suggestion names the schema's value, not the one written, so a hidden value keeps
    it; the secret's own field does not.
    """
    # With one allowed value the list already says it; a "did you mean" would only repeat it.
    return None if secret or len(allowed) < 2 else suggestion_for(got, allowed)


def _suggestion(match: str | None) -> str:
    return f" (did you mean {match!r}?)" if match is not None else ""


@dataclass(frozen=True, slots=True)
class _Shown:
    """What the message about one error may show, decided from where its value came from."""

    hidden: bool  # the offending value is named by its kind only
    secret: bool  # it is the secret's own field: not even a "did you mean"
    hides_key: Callable[[object], bool]  # a key of the offending mapping that is never shown


# One function per validation keyword: what the rule says (its keyword value), the value
# that broke it, the subschema holding it, and what may be shown of the value.
# Each yields (path parts below the error's path, message detail).
_Found = Iterator[tuple[tuple[object, ...], str]]
_Detail = Callable[[Any, Any, Mapping[str, Any], _Shown], _Found]


def _enum(allowed: Sequence[object], got: object, _: Mapping[str, Any], shown: _Shown) -> _Found:
    hint = _suggestion(enum_suggestion(allowed, got, secret=shown.secret))
    yield (), f"got {describe(got, hidden=shown.hidden)}{hint}; allowed: {_choices(allowed)}"


def _const(allowed: object, got: object, schema: Mapping[str, Any], shown: _Shown) -> _Found:
    return _enum([allowed], got, schema, shown)


def _type(declared: str | list[str], got: object, _: Mapping[str, Any], shown: _Shown) -> _Found:
    expected = " or ".join(_expected(t) for t in type_names(declared))
    found = describe(got, hidden=shown.hidden)
    yield (), f"expected {expected}, got {found}{_not_a_dict(declared, got)}"


def _not_a_dict(declared: str | list[str], got: object) -> str:
    # A caller's read-only or custom mapping is a mapping to Python but not to JSON
    # Schema, whose "object" is what a YAML or JSON load returns: say what to pass.
    try:
        other = isinstance(got, Mapping) and not isinstance(got, dict)
    except Exception:  # noqa: BLE001 - a caller's object may fail even isinstance
        return ""
    if not other or "object" not in type_names(declared):
        return ""
    return (
        f" (pass a dict, as a YAML or JSON load returns; dict(...) copies a {type(got).__name__})"
    )


def _required(names: list[str], got: object, _: Mapping[str, Any], __: _Shown) -> _Found:
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


def _additional(_: object, got: dict[Any, Any], schema: Mapping[str, Any], shown: _Shown) -> _Found:
    # Unknown keys are named (shortened); their values are never shown. A hidden key is
    # named by its kind, and its path part by a placeholder that remembers only its place.
    known = list(schema.get("properties", {}))
    names = frozenset(known)
    unknown = [(index, k) for index, k in enumerate(got) if _unknown(k, names)]
    for index, key in sorted(unknown, key=lambda found: part_text(found[1])):
        hint = _suggestion(suggestion_for(key, known))
        allowed = f"; allowed keys: {', '.join(known)}"
        if shown.hides_key(key):
            yield (HiddenKey(kind(key), index),), f"{kind(key)} (key hidden){hint}{allowed}"
        else:
            yield (key,), f"{describe(key)}{hint}{allowed}"


def _minimum(limit: object, got: object, _: Mapping[str, Any], shown: _Shown) -> _Found:
    yield (), f"must be at least {limit}, got {describe(got, hidden=shown.hidden)}"


def _maximum(limit: object, got: object, _: Mapping[str, Any], shown: _Shown) -> _Found:
    yield (), f"must be at most {limit}, got {describe(got, hidden=shown.hidden)}"


def _exclusive_minimum(limit: object, got: object, _: Mapping[str, Any], shown: _Shown) -> _Found:
    yield (), f"must be greater than {limit}, got {describe(got, hidden=shown.hidden)}"


def _min_length(limit: int, _: object, __: Mapping[str, Any], ___: _Shown) -> _Found:
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


def _unreadable(_: object, __: object, ___: Mapping[str, Any], ____: _Shown) -> _Found:
    yield (), "a value could not be compared or shown"


def diagnose(error: ValidationError, exposure: Exposure) -> Iterator[Diagnostic]:
    """The diagnostics of one jsonschema error of ``exposure.contract``'s schema (an
    unknown-keys error gives one per key).

    ``exposure`` says where the document's values came from; what may be shown of the
    offending value is decided here, from its path, never by matching text afterwards.
    """
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    keyword = str(error.validator)
    codes: Mapping[str, str] = schema.get(CODE_KEYWORD, {})
    # Only the guarded validator raises errors from keywords without a code (a
    # `properties` walk that met a value it could not compare): not plain data.
    code = codes.get(keyword, "SK-CFG-104")
    details = _DETAILS[keyword] if keyword in codes else _unreadable
    base = tuple(error.absolute_path)
    rule: Any = error.validator_value
    got: Any = error.instance
    secret = schema.get("writeOnly") is True
    if _about_a_key(error.absolute_schema_path):
        # jsonschema checks a map's keys at the map's path, with the key as the instance:
        # the diagnostic is about the key, so it is at the key's path, shown as a key.
        hidden = secret or exposure.hides_key(base, None, got)
        base = (*base, got)
    else:
        hidden = secret or exposure.hides_value(base, got)
    shown = _Shown(
        hidden=hidden,
        secret=secret,
        hides_key=lambda key: exposure.hides_key(base, got, key),
    )
    try:
        # A caller's mapping may fail as it is read (its __iter__ raises): not plain data.
        found = list(details(rule, got, schema, shown))
    except RecursionError:
        raise
    except Exception:  # noqa: BLE001 - any failure of a caller's object
        code, found = "SK-CFG-104", list(_unreadable(rule, got, schema, shown))
    for extra, detail in found:
        yield catalog_diagnostic(code, detail, base + extra, contract=exposure.contract)


def hide_written_keys(diagnostic: Diagnostic, document: object, exposure: Exposure) -> Diagnostic:
    """``diagnostic`` with each key on its path that was written under a secret's block
    (the secret's anchor used as a key elsewhere: ``per_group: {*s: ...}``) shown as a
    :class:`~stream_kernel.config.diagnostics.HiddenKey`, as a key under ``auth`` is.

    ``document`` is the one the path is about. Never raises: a caller's mapping that
    cannot be read leaves the path as the rules that made it decided.
    """
    parts = list(diagnostic.path_parts)
    changed = False
    node = document
    try:
        for at, part in enumerate(parts):
            if isinstance(node, dict):
                # A mapping's keys are listed only for a key to hide or to look below: a
                # finding per key of a wide mapping must not list it once per finding.
                if isinstance(part, HiddenKey):
                    if at == len(parts) - 1:
                        break  # nothing below it to look at
                    part = list(node)[part.index]  # noqa: PLW2901 - the key it stands for
                elif exposure.written_under_a_secret(part):
                    # Its place by identity first, else by equality (the path may be about
                    # a copy of the document): what `list.index` compares.
                    index = list(node).index(part)
                    parts[at], changed = HiddenKey(kind(part), index), True
                node = node[part]
            elif isinstance(node, list) and type(part) is int and 0 <= part < len(node):
                node = node[part]
            else:
                break
    except Exception:  # noqa: BLE001, S110 - a caller's container that cannot be read
        pass
    return replace(diagnostic, path_parts=tuple(parts)) if changed else diagnostic


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
