"""Render a contract's page from its schema: fields, defaults, invariants, error catalog.

``make docs`` writes one page a contract (``python -m stream_kernel.config._docgen v1 >
docs/contract.md``, ``... v2 > docs/contract-v2.md``); a test fails when a committed
page differs from what its schema says now.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from ._catalog import catalog
from ._contracts import DEFAULT_CONTRACT, Contract, contract_named
from ._messages import TYPE_WORDS, json_type
from ._schema import (
    BRANCHES,
    CODE_KEYWORD,
    DEFAULT_FROM_KEYWORD,
    iter_subschemas,
    resolve_ref,
    type_names,
)
from .diagnostics import dotted

__all__ = ["PAGES", "render"]

#: The page each bundled contract is rendered to, relative to the repository.
PAGES: Final = {"v1": "docs/contract.md", "v2": "docs/contract-v2.md"}

_OWNED = ("runtime", "platform")
_RANGE_WORDS = {"minimum": ">= {}", "exclusiveMinimum": "> {}", "maximum": "<= {}"}
#: Where in the schema a subschema is a condition or a rule about a field, not a field.
_NOT_FIELDS = frozenset({*BRANCHES, "allOf", "anyOf", "not", "propertyNames"})

# What each page says before its tables: the parts of runtime.platform the contract owns.
_INTRO: Final = {
    "v1": [
        "Everything outside `runtime.platform.bootstrap` and `runtime.platform.execution_ipc`",
        "passes through untouched. An empty (null) block means the same as an absent one.",
    ],
    "v2": [
        "Everything outside `runtime.platform.bootstrap` and `runtime.platform.execution_ipc`",
        "passes through untouched; `runtime.platform.process_groups` is only read, for the",
        "`bootstrap.mode` default. An empty (null) block means the same as an absent one, and",
        "a `per_group` entry left empty is no override.",
    ],
}

# The framework's names for default rules: reserved codes, never raised.
_RESERVED: Final = {
    "v1": [
        "`BOOT-CFG-04` is not an error: the spec uses it for the `bootstrap.mode` default",
        "(`inline`). It is reserved and never raised.",
    ],
    "v2": [
        "`BOOT-CFG-04` and `BOOT-CFG-11` are not errors: the framework uses them for the",
        "`bootstrap.mode` defaults (`inline`; `process_supervisor` when process groups are",
        "declared). They are reserved and never raised.",
    ],
}


def _value(value: object) -> str:
    return f"`{json.dumps(value)}`" if not isinstance(value, str) else f"`{value}`"


def _dotted(parts: Iterable[str]) -> str:
    return dotted(parts) or "(root)"


def _short(parts: tuple[str, ...]) -> str:
    """The path relative to runtime.platform, as the field table shows it."""
    return _dotted(parts[2:] if parts[:2] == _OWNED else parts)


def _values(schema: Mapping[str, Any]) -> list[Any] | None:
    """The values a field allows: its enum, or the enum both branches of its own
    ``if`` hold (a field whose refused values get two codes, such as v2's transport)."""
    if "enum" in schema:
        return list(schema["enum"])
    then, otherwise = schema.get("then", {}), schema.get("else", {})
    if "enum" in then and then.get("enum") == otherwise.get("enum"):
        return list(then["enum"])
    return None


def _kind(schema: Mapping[str, Any]) -> str:
    declared = schema.get("type")
    values = _values(schema)
    if declared is None and values is not None:
        declared = sorted({json_type(v) or type(v).__name__ for v in values})
    if declared is None:
        return ""
    return " or ".join(TYPE_WORDS.get(t, t) for t in type_names(declared))


def _codes(schema: Mapping[str, Any]) -> dict[str, str]:
    """The codes of a field's own rules, its branches' and its keys' (a map's names)."""
    found: dict[str, str] = {}
    ruled = (
        schema,
        schema.get("then", {}),
        schema.get("else", {}),
        schema.get("propertyNames", {}),
    )
    for where in ruled:
        for keyword, code in where.get(CODE_KEYWORD, {}).items():
            found.setdefault(f"{keyword}:{code}", code)
    return found


def _allowed(schema: Mapping[str, Any]) -> str:
    parts: list[str] = []
    values = _values(schema)
    if values is not None:
        parts.append(", ".join(_value(v) for v in values))
    refused = schema.get("if", {}).get("enum")
    if values is not None and refused and "enum" not in schema:
        code = schema["then"].get(CODE_KEYWORD, {}).get("enum", "")
        parts.append(", ".join(_value(v) for v in refused) + f" refused ({code})")
    parts.extend(_RANGE_WORDS[k].format(schema[k]) for k in _RANGE_WORDS if k in schema)
    if schema.get("minLength") == 1:
        parts.append("non-empty")
    entries = schema.get("additionalProperties")
    if isinstance(entries, Mapping):
        parts.append(f"a map of names (non-empty) to: {entries.get('title', 'entries')}")
    if entries is False:
        parts.append("known keys only")
    if schema.get("writeOnly"):
        parts.append("never echoed")
    return "; ".join(parts)


def _condition_clauses(
    schema: Mapping[str, Any], at: tuple[str, ...], root: Mapping[str, Any]
) -> Iterator[str]:
    if "$ref" in schema:
        yield from _condition_clauses(resolve_ref(root, schema["$ref"])[1], at, root)
        return
    for name, sub in schema.get("properties", {}).items():
        path = (*at, name)
        if "const" in sub:
            yield f"`{_short(path)}` is {_value(sub['const'])}"
        if sub.get("minItems") == 1:
            yield f"`{_short(path)}` is a non-empty list"
        if sub.get("not") == {}:
            yield f"`{_short(path)}` is absent"
        yield from _condition_clauses(sub, path, root)
    if "enum" in schema:
        yield f"`{_short(at)}` is " + " or ".join(_value(v) for v in schema["enum"])
    for sub in schema.get("allOf", ()):
        yield from _condition_clauses(sub, at, root)
    if "anyOf" in schema:
        either = [_condition_text(sub, at, root) for sub in schema["anyOf"]]
        yield "(" + "; or ".join(either) + ")"


def _condition_text(schema: Mapping[str, Any], at: tuple[str, ...], root: Mapping[str, Any]) -> str:
    return " and ".join(_condition_clauses(schema, at, root))


def _defaults_in(
    schema: Mapping[str, Any], at: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], object]]:
    """Each default a branch sets, however deep under its ``properties``."""
    for name, sub in schema.get("properties", {}).items():
        if "default" in sub:
            yield (*at, name), sub["default"]
        yield from _defaults_in(sub, (*at, name))


def _conditional_defaults(contract: Contract) -> dict[tuple[str, ...], list[str]]:
    """Field path -> how its default depends on an if/then/else."""
    root = contract.schema()
    found: dict[tuple[str, ...], list[str]] = {}
    for at, _, schema in iter_subschemas(root):
        if "if" not in schema:
            continue
        condition = _condition_text(schema["if"], at, root)
        for branch, lead in (("then", f"when {condition}"), ("else", "otherwise")):
            for path, default in _defaults_in(schema.get(branch, {}), at):
                text = f"{_value(default)} {lead}"
                if text not in found.setdefault(path, []):
                    found[path].append(text)
    return found


def _fields(contract: Contract) -> Iterator[str]:
    conditional = _conditional_defaults(contract)
    yield "| path under `runtime.platform` | type | allowed | default | codes |"
    yield "| --- | --- | --- | --- | --- |"
    for at, where, schema in iter_subschemas(contract.schema()):
        if len(at) <= len(_OWNED) or _NOT_FIELDS & set(where):
            continue
        if "default" in schema:
            default = _value(schema["default"])
        elif at in conditional:
            default = "; ".join(conditional[at])
        elif DEFAULT_FROM_KEYWORD in schema:
            default = f"the same block's `{schema[DEFAULT_FROM_KEYWORD]}`"
        elif "properties" in schema and at[-1] == "execution_ipc":
            default = "absent (block: memory profile)"
        else:
            default = "absent"
        codes = ", ".join(dict.fromkeys(_codes(schema).values()))
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


def _field_rules(root: Mapping[str, Any]) -> set[tuple[tuple[str, ...], str, str, str]]:
    """(path, keyword, value, code) of every rule a field holds outside any branch."""
    return {
        (at, keyword, json.dumps(schema[keyword], sort_keys=True), code)
        for at, where, schema in iter_subschemas(root)
        if not _NOT_FIELDS & set(where)
        for keyword, code in schema.get(CODE_KEYWORD, {}).items()
    }


def _invariants(contract: Contract) -> Iterator[str]:
    root = contract.schema()
    # A branch may restate a field's own rule (a type beside the properties it sets
    # defaults in); that is no condition of its own.
    restated = _field_rules(root)
    seen: set[str] = set()
    for at, _, schema in iter_subschemas(root):
        if "if" not in schema or "then" not in schema:
            continue
        rules = [
            f"{_rule_text(sub_at, keyword, sub)} ({code})"
            for sub_at, _, sub in iter_subschemas(schema["then"], at, root=root)
            for keyword, code in sub.get(CODE_KEYWORD, {}).items()
            if (sub_at, keyword, json.dumps(sub[keyword], sort_keys=True), code) not in restated
        ]
        line = f"- When {_condition_text(schema['if'], at, root)}: " + "; ".join(rules) + "."
        if rules and line not in seen:
            seen.add(line)
            yield line


def _where_codes_fire(contract: Contract) -> dict[str, list[str]]:
    paths: dict[str, list[str]] = {code: [] for code in catalog(contract)}
    for at, _, schema in iter_subschemas(contract.schema()):
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
    "check": "the file's modeline; `stream-kernel-config check --contract` (and the check "
    "functions given a contract) when the modeline names another contract",
}


def _catalog(contract: Contract) -> Iterator[str]:
    fires = _where_codes_fire(contract)
    for code, entry in catalog(contract).items():
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


def render(contract: Contract = DEFAULT_CONTRACT) -> str:
    """The page of ``contract``, as Markdown."""
    schema = contract.schema()
    lines = [
        f"# Runtime config contract {contract.name}",
        "",
        f"<!-- Generated by `make docs` from `{contract.schema_file}`; do not edit by hand. -->",
        "",
        f"Schema: `{contract.schema_file}` (draft-07), `$id` `{schema['$id']}`.",
        *_INTRO.get(contract.name, [str(schema.get("description", ""))]),
        "The document root must be a mapping (SK-CFG-101); `runtime` and `runtime.platform`",
        "must be mappings when present (SK-CFG-102).",
        "",
        "## Fields",
        "",
        *_fields(contract),
        "",
        "## Invariants",
        "",
        *_invariants(contract),
        "",
        "## Error catalog",
        "",
        *_RESERVED.get(contract.name, []),
        "",
        *_catalog(contract),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    print(
        render(contract_named(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_CONTRACT.name)), end=""
    )
