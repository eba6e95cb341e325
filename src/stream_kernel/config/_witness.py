"""Witness configs for the contract diff: built, repaired, minimized, and checked.

A witness is a complete config that shows a difference between two contracts: the old
one accepts it and the new one refuses it, or normalizes it differently. The diff
proposes where to look (a field, a value to write there or a field to leave out, the
conditions under which the rule applies); this module builds the smallest config that
shows it and asks both contracts for their verdict. Nothing here decides what a
contract means: :func:`judge_under` runs the project's own validator and defaults pass.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from ._contracts import contract_from_schema
from ._copy import json_copy
from ._defaults import fill_defaults
from ._refs import inline_refs
from ._schema import compile_validator

__all__ = [
    "Condition",
    "Edit",
    "Expect",
    "Problem",
    "Verdict",
    "Witnesses",
    "conflicts",
    "judge_under",
    "samples",
]

Path = tuple[str, ...]

#: What a witness must show. ``refused``: the old contract accepts it, the new one refuses
#: it at the edited field. ``conflict``: both accept it, and a value of the old normalized
#: document at (or under) the edited field differs or is gone in the new one.
#: ``extended``: both accept it, and the new normalized document gains the edited field.
Expect = Literal["refused", "conflict", "extended"]

# Combinations tried per set of conditions: a condition names a few fields, each with a
# few candidate values; past this many, the first (smallest) ones have been tried.
_MAX_BASES: Final = 24
_REPAIR_ROUNDS: Final = 12


@dataclass(frozen=True)
class Problem:
    """One refusal: where (instance path), by which keyword, and the keys it names
    (the missing ones for ``required``, the unknown ones for ``additionalProperties``)."""

    path: Path
    keyword: str
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """A contract's verdict on a document: its normalized copy, or why it is refused."""

    normalized: dict[str, Any] | None
    problems: tuple[Problem, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.normalized is not None


def judge_under(schema: Mapping[str, Any]) -> Callable[[object], Verdict]:
    """Validate and normalize documents under ``schema``: the diff's one way to ask a contract.

    ``schema`` becomes a contract of its own, as a schema file given to ``diff`` does: its
    validator's registry holds nothing else (two contracts sharing an ``$id`` never
    meet), and the package's one defaults pass fills what it accepts.
    """
    contract = contract_from_schema(schema, name="<compared>", source="<compared>")
    validator = contract.validator()

    def judge(document: object) -> Verdict:
        problems = tuple(_problem(error) for error in validator.iter_errors(document))
        if problems:
            return Verdict(None, problems)
        normalized: dict[str, Any] = json_copy(document)
        fill_defaults(normalized, contract)
        return Verdict(normalized)

    return judge


def _remembering(judge: Callable[[object], Verdict]) -> Callable[[object], Verdict]:
    """``judge`` with its verdicts kept: a witness search asks about the same few
    documents many times. Only for the search's own documents, which nobody changes."""
    verdicts: dict[str, Verdict] = {}

    def remembered(document: object) -> Verdict:
        key = _canon(document)
        if key not in verdicts:
            verdicts[key] = judge(document)
        return verdicts[key]

    return remembered


def _problem(error: Any) -> Problem:  # noqa: ANN401 - a jsonschema ValidationError
    path = tuple(str(part) for part in error.absolute_path)
    keys: tuple[str, ...] = ()
    if isinstance(error.instance, dict):
        if error.validator == "required":
            keys = tuple(n for n in error.validator_value if n not in error.instance)
        elif error.validator == "additionalProperties":
            declared = error.schema.get("properties", {})
            keys = tuple(str(k) for k in error.instance if k not in declared)
    return Problem(path, str(error.validator), keys)


def _canon(value: object) -> str:
    # Type-aware: 1, 1.0 and true are three different normalized values.
    return json.dumps(value, sort_keys=True, default=repr)


def conflicts(old: Mapping[str, Any], new: Mapping[str, Any], at: Path = ()) -> Iterator[Path]:
    """Paths where ``old`` holds a value that ``new`` lacks or holds differently."""
    for key, value in old.items():
        where = (*at, str(key))
        if key not in new:
            yield where
        elif isinstance(value, dict) and isinstance(new[key], dict):
            yield from conflicts(value, new[key], where)
        elif _canon(value) != _canon(new[key]):
            yield where


def _has(document: object, at: Path) -> bool:
    for name in at:
        if not isinstance(document, dict) or name not in document:
            return False
        document = document[name]
    return True


@dataclass(frozen=True)
class Edit:
    """The change at the heart of a witness: ``value`` written at ``at``, or (``omit``) the
    field at ``at`` left out while its block is present."""

    at: Path
    value: Any = None
    omit: bool = False


@dataclass(frozen=True)
class Condition:
    """An ``if`` of the schema (references written out) at block ``at``, assumed to hold or not."""

    at: Path
    schema: Mapping[str, Any] = field(compare=False)
    holds: bool


_GENERIC: Final[tuple[Any, ...]] = ({}, 0, 1, "x", True, None, [])


def _nodes(schema: object, at: Path) -> Iterator[Mapping[str, Any]]:
    """Every subschema of a ref-free ``schema`` that may apply at instance path ``at``
    (a source of sample values, so every alternative counts)."""
    if not isinstance(schema, Mapping):
        return
    if not at:
        yield schema
    for branch in ("then", "else"):
        yield from _nodes(schema.get(branch), at)
    for key in ("allOf", "anyOf", "oneOf"):
        for item in schema.get(key, ()):
            yield from _nodes(item, at)
    if at:
        properties = schema.get("properties", {})
        if at[0] in properties:
            yield from _nodes(properties[at[0]], at[1:])
        elif isinstance(schema.get("additionalProperties"), Mapping):
            yield from _nodes(schema["additionalProperties"], at[1:])


def samples(trees: tuple[Mapping[str, Any], ...], at: Path) -> list[Any]:
    """Values worth trying at ``at``: the schemas' own defaults, constants, enum values and
    bounds first, then a few plain values of each JSON type."""
    found: list[Any] = []
    for tree in trees:
        for node in _nodes(tree, at):
            found.extend(v for k, v in node.items() if k in ("default", "const"))
            found.extend(node.get("enum", ()))
            found.extend(node[k] for k in ("minimum", "maximum") if k in node)
            if "minLength" in node:
                found.append("x" * max(1, node["minLength"]))
            if "minItems" in node:
                found.append(["x"] * node["minItems"])
    return _unique([*found, *_GENERIC])


def _unique(values: list[Any]) -> list[Any]:
    unique: dict[str, Any] = {}
    for value in values:
        unique.setdefault(_canon(value), value)
    return list(unique.values())


def _place(document: dict[str, Any], at: Path, value: object, omit: bool) -> None:
    node = document
    for name in at[:-1]:
        child = node.get(name)
        if not isinstance(child, dict):
            child = node[name] = {}
        node = child
    if omit:
        node.pop(at[-1], None)
    else:
        node[at[-1]] = json_copy(value)


def _without(document: dict[str, Any], at: Path) -> dict[str, Any]:
    copied: dict[str, Any] = json_copy(document)
    _place(copied, at, None, omit=True)
    return copied


def _key_paths(value: object, at: Path = ()) -> Iterator[Path]:
    """Every key path of a document, the deepest first."""
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _key_paths(sub, (*at, key))
            yield (*at, key)


def _merge(into: dict[str, Any], part: Mapping[str, Any]) -> bool:
    for key, value in part.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            if not _merge(into[key], value):
                return False
        elif key in into and _canon(into[key]) != _canon(value):
            return False
        else:
            into[key] = json_copy(value)
    return True


class Witnesses:
    """Finds and checks witnesses between an ``old`` and a ``new`` contract schema."""

    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.old, self.new = _remembering(judge_under(old)), _remembering(judge_under(new))
        self._trees = (inline_refs(old), inline_refs(new))
        self._satisfiers: dict[tuple[Path, str, bool], list[dict[str, Any]]] = {}

    def holds(self, document: dict[str, Any], edit: Edit, expect: Expect) -> bool:
        """True when ``document`` shows what ``expect`` says about the field ``edit`` names."""
        old = self.old(document)
        if old.normalized is None:
            return False
        new = self.new(document)
        if expect == "refused":
            return any(_relevant(p, edit.at) for p in new.problems)
        if new.normalized is None:
            return False
        changed = [
            p for p in conflicts(old.normalized, new.normalized) if p[: len(edit.at)] == edit.at
        ]
        if expect == "conflict":
            return bool(changed)
        return not changed and _has(new.normalized, edit.at) and not _has(old.normalized, edit.at)

    def breaks(self, document: dict[str, Any]) -> bool:
        """True when the old contract accepts ``document`` and the new one refuses it, or
        normalizes it so that a value of the old normalized document changes or goes."""
        old = self.old(document)
        if old.normalized is None:
            return False
        new = self.new(document)
        return new.normalized is None or any(conflicts(old.normalized, new.normalized))

    def find(
        self, edit: Edit, context: tuple[Condition, ...], expect: Expect
    ) -> dict[str, Any] | None:
        """The smallest witness found for ``edit`` under ``context``, or None."""
        for base in self._bases(context):
            document = json_copy(base)
            _place(document, edit.at, edit.value, edit.omit)
            repaired = self._repair(document, edit, expect)
            if repaired is not None and self.holds(repaired, edit, expect):
                return self._minimize(repaired, edit, expect)
        return None

    # --- the conditions a witness must meet ------------------------------------------

    def _bases(self, context: tuple[Condition, ...]) -> Iterator[dict[str, Any]]:
        choices = [self._satisfiers_of(c) for c in context]
        for combination in itertools.islice(itertools.product(*choices), _MAX_BASES):
            base: dict[str, Any] = {}
            if all(_merge(base, part) for part in combination):
                yield base

    def _satisfiers_of(self, condition: Condition) -> list[dict[str, Any]]:
        key = (condition.at, _canon(condition.schema), condition.holds)
        if key not in self._satisfiers:
            found = itertools.islice(self._satisfying(condition), _MAX_BASES)
            self._satisfiers[key] = list(found)
        return self._satisfiers[key]

    def _satisfying(self, condition: Condition) -> Iterator[dict[str, Any]]:
        """Documents whose block at ``condition.at`` makes the ``if`` hold (or fail), the
        fewest fields first."""
        check = compile_validator(condition.schema).is_valid
        named = set(_probe_fields(condition.schema))
        # A block the condition looks into is built from its fields, not tried as a value.
        fields = sorted(f for f in named if not any(g[: len(f)] == f != g for g in named))
        options = [
            _unique([*samples((condition.schema,), rel), *samples(self._trees, condition.at + rel)])
            for rel in fields
        ]
        if not fields:
            # A condition on the value itself (an enum in an `if` on a field): try values.
            for value in _unique(
                [*samples((condition.schema,), ()), *samples(self._trees, condition.at)]
            ):
                if condition.at and check(value) == condition.holds:
                    document: dict[str, Any] = {}
                    _place(document, condition.at, value, omit=False)
                    yield document
            return
        for count in range(len(fields) + 1):
            for chosen in itertools.combinations(range(len(fields)), count):
                for values in itertools.product(*(options[i] for i in chosen)):
                    block: dict[str, Any] = {}
                    for i, value in zip(chosen, values, strict=True):
                        _place(block, fields[i], value, omit=False)
                    if check(block) == condition.holds:
                        document = {}
                        if condition.at:
                            _place(document, condition.at, block, omit=False)
                        else:
                            document = block
                        yield document

    # --- repair and minimize -----------------------------------------------------------

    def _repair(
        self, document: dict[str, Any], edit: Edit, expect: Expect
    ) -> dict[str, Any] | None:
        """``document`` changed away from the edited field until the old contract accepts
        it (and the new one too, unless it must refuse it), or None."""
        judges = (self.old,) if expect == "refused" else (self.old, self.new)
        for _ in range(_REPAIR_ROUNDS):
            for judge in judges:
                verdict = judge(document)
                if not verdict.accepted:
                    fixed = self._fix(document, verdict.problems[0], edit, judge)
                    if fixed is None:
                        return None
                    document = fixed
                    break
            else:
                return document
        return None

    def _fix(
        self,
        document: dict[str, Any],
        problem: Problem,
        edit: Edit,
        judge: Callable[[object], Verdict],
    ) -> dict[str, Any] | None:
        at = problem.path
        if problem.keyword in ("required", "additionalProperties"):
            return self._fix_keys(document, problem, edit, judge)
        if edit.at[: len(at)] == at:
            return None  # the edited field, or a block around it, is what is refused
        shorter = _without(document, at)
        if not any(p.path[: len(at)] == at for p in judge(shorter).problems):
            return shorter
        return self._fill(document, at, judge)

    def _fix_keys(
        self,
        document: dict[str, Any],
        problem: Problem,
        edit: Edit,
        judge: Callable[[object], Verdict],
    ) -> dict[str, Any] | None:
        """A missing key written, or unknown keys removed, unless it is the edited one."""
        at = problem.path
        for name in problem.keys:
            if edit.at[: len(at) + 1] == (*at, name):
                return None
            if problem.keyword == "required":
                document = self._fill(document, (*at, name), judge)
            else:
                document = _without(document, (*at, name))
        return document

    def _fill(
        self, document: dict[str, Any], at: Path, judge: Callable[[object], Verdict]
    ) -> dict[str, Any]:
        best, fewest = document, None
        for value in samples(self._trees, at):
            trial: dict[str, Any] = json_copy(document)
            _place(trial, at, value, omit=False)
            problems = judge(trial).problems
            here = sum(1 for p in problems if p.path[: len(at)] == at or at[-1] in p.keys)
            if fewest is None or (here, len(problems)) < fewest:
                best, fewest = trial, (here, len(problems))
            if not problems:
                break
        return best

    def _minimize(self, document: dict[str, Any], edit: Edit, expect: Expect) -> dict[str, Any]:
        kept = {edit.at[:n] for n in range(1, len(edit.at) + 1)} if not edit.omit else set()
        shrinking = True
        while shrinking:
            shrinking = False
            for at in _key_paths(document):
                if at in kept:
                    continue
                trial = _without(document, at)
                if self.holds(trial, edit, expect):
                    document, shrinking = trial, True
                    break
        return document


def _relevant(problem: Problem, at: Path) -> bool:
    return problem.path == at or (problem.path == at[:-1] and at[-1] in problem.keys)


def _probe_fields(condition: object, at: Path = ()) -> Iterator[Path]:
    """The fields an ``if`` looks at, as paths relative to its block (leaves only)."""
    if not isinstance(condition, Mapping):
        return
    for name in condition.get("required", ()):
        yield (*at, name)
    for name, sub in condition.get("properties", {}).items():
        nested = list(_probe_fields(sub, (*at, name)))
        yield from nested or [(*at, name)]
    for key in ("allOf", "anyOf", "oneOf"):
        for item in condition.get(key, ()):
            yield from _probe_fields(item, at)
    yield from _probe_fields(condition.get("not"), at)
