"""Migrate a config file from one contract to the next, keeping its meaning and its text.

The edits come from the contract diff, not from a list kept here: each breaking finding
whose fix is to write the old value out (a changed default, a field now required that
the old contract filled in) names a field; wherever a file leaves such a field out, the
old contract's value for it is a candidate. Of the candidates, the fewest that make the
new contract read the file as the old one did are written (a field whose new default
already agrees stays unwritten). The text is edited in place (:mod:`._yaml_edit`), and
the file's schema modeline is moved to the new contract.

Nothing is returned unchecked: the migrated text must load to exactly the old document
plus the written fields, stay valid under the old contract, be valid under the new one,
keep every value the old contract normalized, give the same summary, and need no
further migration. A text that fails any of these raises :class:`MigrationError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

from stream_kernel.app.runtime import project_normalized, runtime_contract_summary

from ._diff import Finding, diff
from ._document import value_at
from ._fixes import Path, write_old_values
from ._witness import conflicts, judge_under
from ._yaml_edit import EditError, insert_fields, line_ending
from .check import CheckResult, check_text
from .diagnostics import ConfigError
from .loader import load_yaml
from .validator import validate_newgen_config

__all__ = ["Migration", "MigrationError", "Migrator", "bundled_schema", "schema_file_name"]

_BOM: Final = "\ufeff"
_BREAK: Final = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# yaml-language-server's modeline: among the comments before the document's content, the
# first `# yaml-language-server: ...` (or JetBrains' `# $schema: ...`) decides; the
# schema reference follows `$schema=` or `$schema:` and runs to the next blank.
_IS_MODELINE: Final = re.compile(r"#\s+(?:yaml-language-server\s*:|\$schema:)")
_REFERENCE: Final = re.compile(r"\$schema(?:=|:[ \t]*)(\S+)")
_MODELINE: Final = "# yaml-language-server: $schema={reference}"


class MigrationError(ValueError):
    """The file cannot be migrated safely; the message says why. It was not changed."""


def schema_file_name(contract: str) -> str:
    """The file name of a bundled contract's schema (``runtime-config.v2.schema.json``)."""
    return f"runtime-config.{contract}.schema.json"


@cache
def bundled_schema(contract: str) -> Mapping[str, Any]:
    """The parsed schema of a bundled contract (``v1``, ``v2``). Shared: never mutate it.

    :raises ValueError: no bundled schema has that name.
    """
    schemas = resources.files(__package__).joinpath("schemas")
    if (
        not re.fullmatch(r"v\d+", contract)
        or not schemas.joinpath(schema_file_name(contract)).is_file()
    ):
        raise ValueError(f"unknown contract {contract!r}")
    parsed: dict[str, Any] = json.loads(
        schemas.joinpath(schema_file_name(contract)).read_text("utf-8")
    )
    return parsed


@dataclass(frozen=True, slots=True)
class Migration:
    """What migrating one text gives.

    ``after`` is the migrated text (``before`` itself when nothing changes); ``written``
    the fields written, with their values; ``modeline`` what happened to the schema
    modeline (``"kept"``, ``"rewritten"``, ``"added"``). ``refused`` holds the old
    contract's check of a text it does not accept (then nothing else is done).
    """

    source: str
    before: str
    after: str
    written: tuple[tuple[Path, Any], ...] = ()
    modeline: str = "kept"
    refused: CheckResult | None = None

    @property
    def changed(self) -> bool:
        return self.after != self.before


@dataclass(frozen=True, slots=True)
class _Modeline:
    start: int  # the reference's offset in the text
    reference: str


def _modeline(text: str) -> _Modeline | None:
    """The first modeline among the comments before the document's content."""
    offset = 0
    for line in _BREAK.split(text):
        body = line.lstrip(" \t")
        if body.startswith("---"):
            body = body[3:].lstrip(" \t")
        if body and not body.startswith(("#", "%")):
            return None
        if _IS_MODELINE.match(body):
            found = _REFERENCE.search(line)
            return None if found is None else _Modeline(offset + found.start(1), found[1])
        found_break = _BREAK.search(text, offset)
        if found_break is None:
            return None
        offset = found_break.end()
    return None


def _names(reference: str, schema: Mapping[str, Any], file_name: str) -> bool:
    """Whether a modeline's reference names this schema: its ``$id``, or a path or URL
    whose last segment is its file name."""
    target = reference.partition("#")[0]
    if target == str(schema.get("$id", "")).partition("#")[0]:
        return True
    return re.split(r"[/\\]", target.partition("?")[0])[-1] == file_name


def _same(a: object, b: object) -> bool:
    """Equal as data, type for type (1, 1.0 and true differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


class Migrator:
    """Migrates texts from bundled contract ``old`` to ``new`` (their diff is run once)."""

    def __init__(self, old: str, new: str) -> None:
        self.old_name, self.new_name = old, new
        self.old_schema, self.new_schema = bundled_schema(old), bundled_schema(new)
        #: The diff of the two contracts, whose findings say what to write.
        self.findings = diff(self.old_schema, self.new_schema)
        every: list[Finding] = [f for top in self.findings for f in (top, *top.consequences)]
        #: The fields the migration may write: those of every break fixed by writing the
        #: old value out.
        self.patterns: tuple[Path, ...] = tuple(
            tuple(f.path.split(".")) for f in every if f.writes_old_value
        )
        self._old, self._new = judge_under(self.old_schema), judge_under(self.new_schema)

    # --- what to write -----------------------------------------------------------------

    def _reads_alike(self, document: dict[str, Any], old_normalized: Mapping[str, Any]) -> bool:
        new = self._new(document).normalized
        return new is not None and not any(conflicts(old_normalized, new))

    def plan(
        self, document: Mapping[str, Any], old_normalized: Mapping[str, Any]
    ) -> tuple[tuple[Path, Any], ...]:
        """The fewest of the old values to write into ``document`` (valid under the old
        contract, normalized there to ``old_normalized``) for the new one to read it alike."""
        fixed, candidates = write_old_values(document, old_normalized, list(self.patterns))
        if not candidates or not self._reads_alike(fixed, old_normalized):
            return ()  # nothing to write, or nothing written helps: the check says why
        kept = list(candidates)
        for at in candidates:
            fewer = [p for p in kept if p != at]
            trial, _ = write_old_values(document, old_normalized, fewer)
            if self._reads_alike(trial, old_normalized):
                kept = fewer
        return tuple((at, value_at(old_normalized, at)) for at in kept)

    # --- the whole migration -----------------------------------------------------------

    def migrate(self, text: str, *, source: str = "<string>") -> Migration:
        """``text`` migrated (see the module's docstring).

        :raises MigrationError: the text cannot be migrated safely (a field in a block
            the file shares through an anchor, a change no written value fixes, or a
            result that does not check out); the message says which.
        """
        bom = _BOM if text.startswith(_BOM) else ""
        body = text[len(bom) :]
        modeline = _modeline(body)
        new_file = schema_file_name(self.new_name)
        if modeline and _names(modeline.reference, self.new_schema, new_file):
            return Migration(source, text, text)  # already on the new contract
        checked = check_text(body, source=source, contract=self.old_name)
        if not checked.ok or checked.config is None:
            return Migration(source, text, text, refused=checked)
        loaded = load_yaml(body, source=source)
        written = self.plan(loaded.document, checked.config)
        try:
            new_body = insert_fields(body, loaded, written)
        except EditError as exc:
            raise MigrationError(f"cannot write the fields migration needs: {exc}") from None
        new_body, how = self._moved_modeline(new_body, modeline)
        after = bom + new_body
        self._check(loaded.document, checked.config, written, new_body, source)
        return Migration(source, text, after, written, how)

    def _moved_modeline(self, body: str, modeline: _Modeline | None) -> tuple[str, str]:
        old_file = schema_file_name(self.old_name)
        new_file = schema_file_name(self.new_name)
        if modeline is None:
            # No modeline: the new contract's $id, which names it wherever the file lives
            # (the command line reads it offline; editors map or fetch it).
            added = _MODELINE.format(reference=self.new_schema["$id"])
            return added + line_ending(body) + body, "added"
        if not _names(modeline.reference, self.old_schema, old_file):
            return body, "kept"  # another schema's modeline: the file's own choice
        reference = modeline.reference
        if reference.partition("#")[0] == self.old_schema.get("$id"):
            moved = str(self.new_schema["$id"]) + reference[len(reference.partition("#")[0]) :]
        else:
            # Only the file name changes: a relative path stays relative, a URL a URL.
            cut = reference.rfind(old_file)
            moved = reference[:cut] + new_file + reference[cut + len(old_file) :]
        end = modeline.start + len(reference)
        return body[: modeline.start] + moved + body[end:], "rewritten"

    def _check(
        self,
        document: Mapping[str, Any],
        old_normalized: Mapping[str, Any],
        written: tuple[tuple[Path, Any], ...],
        new_body: str,
        source: str,
    ) -> None:
        def refuse(why: str) -> MigrationError:
            return MigrationError(
                f"the migrated text does not check out ({why}); the file is left unchanged."
                " This is a bug of migrate: please report it with the file"
            )

        expected, _ = write_old_values(document, old_normalized, [p for p, _ in written])
        try:
            migrated = load_yaml(new_body, source=source).document
        except ConfigError as exc:
            raise refuse(f"it does not load: {exc}") from None
        if not _same(migrated, expected):
            raise refuse("it holds more than the old document and the written fields")
        # The old contract's verdict on the document itself: the text's new modeline names
        # the new contract, so checking the text would judge it by that one.
        try:
            again = validate_newgen_config(migrated, contract=self.old_name)
        except ConfigError:
            raise refuse(f"contract {self.old_name} refuses it") from None
        if not _same(again, old_normalized):
            raise refuse(f"contract {self.old_name} reads it differently")
        new = self._new(migrated)
        if new.normalized is None:
            problems = ", ".join(".".join(p.path) or "(root)" for p in new.problems)
            raise MigrationError(
                f"contract {self.new_name} refuses this file at {problems}, and no value of"
                f" contract {self.old_name} written out fixes it; the file is left unchanged"
            )
        changed = [".".join(p) for p in conflicts(old_normalized, new.normalized)]
        if changed:
            raise MigrationError(
                f"contract {self.new_name} reads {', '.join(changed)} differently, and no value"
                f" of contract {self.old_name} written out fixes it; the file is left unchanged"
            )
        if runtime_contract_summary(document) != project_normalized(new.normalized):
            raise refuse(f"its summary under {self.new_name} differs")
        if self.plan(migrated, old_normalized):
            raise refuse("migrating it again would write more")
