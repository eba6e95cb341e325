"""Render docs/contract.md from the schema: fields, defaults, invariants, error catalog.

``make docs`` writes it (``python -m stream_kernel.config._docgen > docs/contract.md``);
a test fails when the committed file differs from what the schema says now.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ._catalog import catalog
from ._contracts import V1
from ._messages import TYPE_WORDS, json_type
from ._schema import BRANCHES, CODE_KEYWORD, iter_subschemas, type_names
from .diagnostics import dotted

__all__ = ["render"]

_OWNED = ("runtime", "platform")
_RANGE_WORDS = {"minimum": ">= {}", "maximum": "<= {}"}


def _value(value: object) -> str:
    return f"`{json.dumps(value)}`" if not isinstance(value, str) else f"`{value}`"


def _dotted(parts: Iterable[str]) -> str:
    return dotted(parts) or "(root)"


def _short(parts: tuple[str, ...]) -> str:
    """The path relative to runtime.platform, as the field table shows it."""
    return _dotted(parts[2:] if parts[:2] == _OWNED else parts)


def _kind(schema: Mapping[str, Any]) -> str:
    declared = schema.get("type")
    if declared is None and "enum" in schema:
        declared = sorted({json_type(v) or type(v).__name__ for v in schema["enum"]})
    if declared is None:
        return ""
    return " or ".join(TYPE_WORDS.get(t, t) for t in type_names(declared))


def _allowed(schema: Mapping[str, Any]) -> str:
    parts: list[str] = []
    if "enum" in schema:
        parts.append(", ".join(_value(v) for v in schema["enum"]))
    parts.extend(_RANGE_WORDS[k].format(schema[k]) for k in _RANGE_WORDS if k in schema)
    if schema.get("minLength") == 1:
        parts.append("non-empty")
    if schema.get("additionalProperties") is False:
        parts.append("known keys only")
    if schema.get("writeOnly"):
        parts.append("never echoed")
    return "; ".join(parts)


def _condition_clauses(schema: Mapping[str, Any], at: tuple[str, ...]) -> Iterator[str]:
    for name, sub in schema.get("properties", {}).items():
        path = (*at, name)
        if "const" in sub:
            yield f"`{_short(path)}` is {_value(sub['const'])}"
        yield from _condition_clauses(sub, path)


def _condition_text(schema: Mapping[str, Any], at: tuple[str, ...]) -> str:
    return " and ".join(_condition_clauses(schema, at))


def _conditional_defaults() -> dict[tuple[str, ...], list[str]]:
    """Field path -> how its default depends on an if/then/else."""
    found: dict[tuple[str, ...], list[str]] = {}
    for at, _, schema in iter_subschemas(V1.schema()):
        if "if" not in schema:
            continue
        condition = _condition_text(schema["if"], at)
        for branch, lead in (("then", f"when {condition}"), ("else", "otherwise")):
            for name, sub in schema.get(branch, {}).get("properties", {}).items():
                if "default" in sub:
                    text = f"{_value(sub['default'])} {lead}"
                    found.setdefault((*at, name), []).append(text)
    return found


def _fields() -> Iterator[str]:
    conditional = _conditional_defaults()
    yield "| path under `runtime.platform` | type | allowed | default | codes |"
    yield "| --- | --- | --- | --- | --- |"
    for at, where, schema in iter_subschemas(V1.schema()):
        if len(at) <= len(_OWNED) or any(b in where for b in BRANCHES):
            continue
        if "default" in schema:
            default = _value(schema["default"])
        elif at in conditional:
            default = "; ".join(conditional[at])
        else:
            default = "absent (block: memory profile)" if "properties" in schema else "absent"
        codes = ", ".join(dict.fromkeys(schema.get(CODE_KEYWORD, {}).values()))
        yield f"| `{_short(at)}` | {_kind(schema)} | {_allowed(schema)} | {default} | {codes} |"


def _rule_text(at: tuple[str, ...], keyword: str, schema: Mapping[str, Any]) -> str:
    value = schema[keyword]
    if keyword == "required":
        return "requires " + ", ".join(f"`{_short((*at, n))}`" for n in value)
    if keyword == "type":
        return f"`{_short(at)}` must be a {_kind(schema)}"
    if keyword in ("const", "enum"):
        allowed = [value] if keyword == "const" else value
        return f"`{_short(at)}` must be " + " or ".join(_value(v) for v in allowed)
    return f"`{_short(at)}`: {keyword} {_value(value)}"


def _invariants() -> Iterator[str]:
    for at, _, schema in iter_subschemas(V1.schema()):
        if "if" not in schema or "then" not in schema:
            continue
        rules = [
            f"{_rule_text(sub_at, keyword, sub)} ({code})"
            for sub_at, _, sub in iter_subschemas(schema["then"], at)
            for keyword, code in sub.get(CODE_KEYWORD, {}).items()
        ]
        if rules:
            yield f"- When {_condition_text(schema['if'], at)}: " + "; ".join(rules) + "."


def _where_codes_fire() -> dict[str, list[str]]:
    paths: dict[str, list[str]] = {code: [] for code in catalog()}
    for at, _, schema in iter_subschemas(V1.schema()):
        for keyword, code in schema.get(CODE_KEYWORD, {}).items():
            # A missing key is reported at the key, not at the mapping that lacks it.
            targets = [(*at, n) for n in schema[keyword]] if keyword == "required" else [at]
            for target in map(_dotted, targets):
                if target not in paths[code]:
                    paths[code].append(target)
    return paths


# Codes that no schema rule raises, by who raises them.
_ORIGINS = {
    "validator": "any path; the validator raises it itself, not a schema rule",
    "loader": "the position in the file; the YAML loader refuses the file before validation",
    "lint": "a valid config; a lint rule of `stream-kernel-config check`, an error under --strict",
}


def _catalog() -> Iterator[str]:
    fires = _where_codes_fire()
    for code, entry in catalog().items():
        yield f"### {code}: {entry['title']}"
        yield ""
        where = _ORIGINS.get(entry.get("raised_by", ""), "") or ", ".join(
            f"`{p}`" for p in fires[code]
        )
        yield f"Severity: {entry['severity']}. Raised at: {where}."
        yield ""
        yield entry["explanation"]
        yield ""
        yield "Fails:"
        yield ""
        yield "```yaml" if not entry["example"].startswith("validate_") else "```python"
        yield entry["example"].rstrip("\n")
        yield "```"
        yield ""
        yield f"Fix: {entry['fix']}"
        yield ""


def render() -> str:
    schema = V1.schema()
    lines = [
        "# Runtime config contract v1",
        "",
        f"<!-- Generated by `make docs` from `{V1.schema_file}`; do not edit by hand. -->",
        "",
        f"Schema: `{V1.schema_file}` (draft-07), `$id` `{schema['$id']}`.",
        "Everything outside `runtime.platform.bootstrap` and `runtime.platform.execution_ipc`",
        "passes through untouched. An empty (null) block means the same as an absent one.",
        "The document root must be a mapping (SK-CFG-101); `runtime` and `runtime.platform`",
        "must be mappings when present (SK-CFG-102).",
        "",
        "## Fields",
        "",
        *_fields(),
        "",
        "## Invariants",
        "",
        *_invariants(),
        "",
        "## Error catalog",
        "",
        "`BOOT-CFG-04` is not an error: the spec uses it for the `bootstrap.mode` default",
        "(`inline`). It is reserved and never raised.",
        "",
        *_catalog(),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    print(render(), end="")
