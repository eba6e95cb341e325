"""Check config files: load safely, validate, lint; every finding with its line and column.

This is what the ``stream-kernel-config check`` command runs for each file, as a library
call for tools and tests of your own:

>>> result = check_text("runtime:\\n  platform:\\n    bootstrap:\\n      mode: inline\\n")
>>> result.ok, result.diagnostics
(True, ())
>>> found = check_text("runtime: {platform: {bootstrap: {mode: x}}}")
>>> [(d.line, d.column, d.code) for d in found.errors]
[(1, 40, 'BOOT-CFG-01')]
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from yaml.nodes import ScalarNode

from ._catalog import located_at_key
from ._contracts import Contract, ContractChoice, resolve_contract
from ._document import paths_matching
from ._lint import lint, yaml11_hint
from ._secrets import redact, secret_paths, secret_renderings
from .diagnostics import ConfigError, Diagnostic
from .loader import DEFAULT_LIMITS, Limits, LoadedDocument, load_file, load_yaml
from .loader import unreadable_diagnostic as _unreadable_diagnostic
from .validator import validate_newgen_config

__all__ = ["CheckResult", "check_file", "check_loaded", "check_text", "unreadable"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What checking one source found.

    ``diagnostics`` holds errors and warnings in source order (line, column, code).
    ``config`` is the normalized config when there is no error, else ``None``.
    """

    source: str
    diagnostics: tuple[Diagnostic, ...]
    config: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not self.errors

    @property
    def readable(self) -> bool:
        """False when the source could not be read at all (SK-CFG-309)."""
        return not any(d.code == "SK-CFG-309" for d in self.diagnostics)


def check_text(
    text: str | bytes,
    *,
    source: str = "<string>",
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = False,
    contract: ContractChoice = "v1",
) -> CheckResult:
    """Check YAML text against ``contract`` (``"v1"``, the default, or ``"v2"``).
    ``strict`` reports warnings as errors.

    A config that breaks the contract, or text the loader refuses, is not raised: every
    finding is in the result, with its line and column.

    :raises TypeError: ``text`` is neither ``str`` nor ``bytes``.
    :raises ValueError: ``contract`` names no contract.
    """
    chosen = resolve_contract(contract)
    try:
        loaded = load_yaml(text, source=source, limits=limits)
    except ConfigError as refused:
        return CheckResult(source, refused.diagnostics)
    return _check(loaded, strict=strict, contract=chosen)


def check_file(
    path: str | os.PathLike[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = False,
    contract: ContractChoice = "v1",
) -> CheckResult:
    """Check a YAML file against ``contract`` (``"v1"``, the default, or ``"v2"``); an
    unreadable file gives SK-CFG-309.

    A file that cannot be read, is refused by the loader or breaks the contract is not
    raised: every finding is in the result, with its line and column.

    :raises TypeError: ``path`` is not a path (``str`` or ``os.PathLike``).
    :raises ValueError: ``contract`` names no contract.
    """
    chosen = resolve_contract(contract)
    source = os.fspath(path)
    try:
        loaded = load_file(source, limits=limits)
    except ConfigError as refused:
        return CheckResult(source, refused.diagnostics)
    return _check(loaded, strict=strict, contract=chosen)


def unreadable(source: str, exc: BaseException) -> CheckResult:
    """The result for a source that could not be read at all (SK-CFG-309)."""
    reason = getattr(exc, "strerror", None) or "the input cannot be read"
    return CheckResult(source, (_unreadable_diagnostic(reason),))


def check_loaded(
    loaded: LoadedDocument, *, strict: bool = False, contract: ContractChoice = "v1"
) -> CheckResult:
    """Validate and lint a loaded document against ``contract`` (``"v1"``, the default, or
    ``"v2"``); positions come from its source.

    Raises nothing for a config that breaks the contract: the result holds its errors.

    >>> loaded = load_yaml("runtime: {platform: {execution_ipc: {}}}")
    >>> [(d.code, d.severity) for d in check_loaded(loaded).diagnostics]
    [('SK-CFG-401', 'warning')]
    >>> strict = check_loaded(loaded, strict=True)
    >>> [(d.code, d.severity) for d in strict.diagnostics], strict.config is None
    ([('SK-CFG-401', 'error')], True)

    :raises ValueError: ``contract`` names no contract.
    """
    return _check(loaded, strict=strict, contract=resolve_contract(contract))


def _check(loaded: LoadedDocument, *, strict: bool, contract: Contract) -> CheckResult:
    try:
        config = validate_newgen_config(loaded.document, contract=contract)
    except ConfigError as invalid:
        found = [_with_hint(loaded, d, contract) for d in invalid.diagnostics]
        # A hint quotes source text; the secret's own text is scrubbed from it too.
        found = redact(found, _secret_texts(loaded, contract))
        return CheckResult(loaded.source, _in_source_order(loaded, found))
    warnings = lint(config, loaded, contract)
    if strict:
        warnings = [_as_error(d) for d in warnings]
    has_errors = any(d.severity == "error" for d in warnings)
    return CheckResult(
        loaded.source, _in_source_order(loaded, warnings), None if has_errors else config
    )


def _with_hint(loaded: LoadedDocument, diagnostic: Diagnostic, contract: Contract) -> Diagnostic:
    # Only a diagnostic about a value: an unknown key's value is not what is wrong.
    if located_at_key(diagnostic.code):
        return diagnostic
    hint = yaml11_hint(loaded, diagnostic.path_parts, contract)
    if hint is None:
        return diagnostic
    return replace(
        diagnostic, message=f"{diagnostic.message} ({hint}; quote it if you meant the text)"
    )


def _secret_texts(loaded: LoadedDocument, contract: Contract) -> set[str]:
    texts = secret_renderings(loaded.document, contract)
    for pattern in secret_paths(contract):
        for path in paths_matching(loaded.document, pattern):
            node = loaded.node(path)
            if isinstance(node, ScalarNode) and node.value:
                texts.add(repr(node.value))
    return texts


def _as_error(diagnostic: Diagnostic) -> Diagnostic:
    return replace(diagnostic, severity="error")


def _in_source_order(loaded: LoadedDocument, found: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    located = [loaded.locate(d) for d in found]
    return tuple(sorted(located, key=lambda d: (d.line or 0, d.column or 0, d.code, d.path)))
