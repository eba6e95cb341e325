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

from ._catalog import catalog_diagnostic, located_at_key
from ._contracts import CONTRACTS, DEFAULT_CONTRACT, Contract, ContractChoice, resolve_contract
from ._document import value_at
from ._lint import from_secret_block, lint, yaml11_hint
from ._messages import hide_written_keys
from ._modeline import names_schema, read_modeline
from ._reading import read_file, text_of
from ._secrets import Exposure, exposure_of
from .diagnostics import ConfigError, Diagnostic, HiddenKey
from .loader import DEFAULT_LIMITS, Limits, LoadedDocument, load_text
from .loader import unreadable_diagnostic as _unreadable_diagnostic
from .validator import validate_exposed

__all__ = [
    "CheckResult",
    "check_file",
    "check_loaded",
    "check_source",
    "check_text",
    "contract_of",
    "unreadable",
]

#: The code of a modeline that names another contract than the one asked for.
_MODELINE_CONFLICT = "SK-CFG-501"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What checking one source found.

    ``diagnostics`` holds errors and warnings in source order (line, column, code).
    ``config`` is the normalized config when there is no error, else ``None``.
    ``contract`` names the contract the source was checked against (``"v1"``, ``"v2"``);
    ``None`` when it was never read as text (unreadable, too large, not UTF-8) and no
    contract was asked for.
    """

    source: str
    diagnostics: tuple[Diagnostic, ...]
    config: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    contract: str | None = None

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


def contract_of(text: str | bytes) -> Contract | None:
    """The bundled contract whose schema the text's ``yaml-language-server`` modeline
    names, or ``None`` (no modeline, or one naming another schema).

    The modeline is read where yaml-language-server reads it: the first modeline among
    the comments before the document's content. It names a contract by the schema's
    ``$id`` or by a path or URL ending in the schema's file name. The command line, the
    check functions and editor integrations all choose the contract with this function.

    >>> contract_of("# yaml-language-server: $schema=../runtime-config.v2.schema.json\\n").name
    'v2'
    >>> contract_of("# $schema: https://stream-kernel.dev/schemas/runtime-config/v1.json").name
    'v1'
    >>> contract_of("runtime: {}\\n# yaml-language-server: $schema=runtime-config.v2.schema.json")
    """
    modeline = read_modeline(_as_text(text))
    return None if modeline is None else _named_by(modeline.reference)


def _as_text(text: str | bytes) -> str:
    # Only the modeline is read here: bytes that are not UTF-8 are the loader's to refuse.
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


def _named_by(reference: str) -> Contract | None:
    for contract in CONTRACTS.values():
        schema_id = str(contract.schema().get("$id", ""))
        if names_schema(reference, file_name=contract.schema_file, schema_id=schema_id):
            return contract
    return None


def _choose(text: str, asked: Contract | None) -> tuple[Contract, Diagnostic | None]:
    """The contract to check ``text`` against, and the finding when its modeline disagrees.

    Asked for one, that one; else the one the modeline names; else the default.
    """
    modeline = read_modeline(text)
    named = None if modeline is None else _named_by(modeline.reference)
    if asked is None:
        return named or DEFAULT_CONTRACT, None
    if modeline is None or named is None or named.name == asked.name:
        return asked, None
    detail = (
        f"the modeline names contract {named.name}; "
        f"the file is checked against {asked.name}, as asked"
    )
    conflict = catalog_diagnostic(
        _MODELINE_CONFLICT, detail, contract=asked, line=modeline.line, column=modeline.column
    )
    return asked, conflict


def _asked(contract: ContractChoice | None) -> Contract | None:
    return None if contract is None else resolve_contract(contract)


def _name(contract: Contract | None) -> str | None:
    return None if contract is None else contract.name


def check_text(
    text: str | bytes,
    *,
    source: str = "<string>",
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = False,
    contract: ContractChoice | None = None,
) -> CheckResult:
    """Check YAML text against ``contract`` (``"v1"``, ``"v2"``, or a
    :class:`~stream_kernel.config._contracts.Contract`). ``strict`` reports warnings as
    errors.

    Without ``contract``, the text's modeline chooses (:func:`contract_of`), else v1.
    With it, a modeline that names another contract is an error, SK-CFG-501, at the
    modeline; the text is still checked against ``contract``.

    A config that breaks the contract, or text the loader refuses, is not raised: every
    finding is in the result, with its line and column.

    >>> modeline = "# yaml-language-server: $schema=runtime-config.v2.schema.json\\n"
    >>> check_text(modeline + "runtime: {platform: {bootstrap: {mode: inline}}}").contract
    'v2'
    >>> asked_v1 = check_text(modeline + "runtime: {}", contract="v1")
    >>> [(d.line, d.column, d.code) for d in asked_v1.errors], asked_v1.contract
    ([(1, 33, 'SK-CFG-501')], 'v1')

    :raises TypeError: ``text`` is neither ``str`` nor ``bytes``.
    :raises ValueError: ``contract`` names no contract.
    """
    result, _ = check_source(text, source=source, limits=limits, strict=strict, contract=contract)
    return result


def check_source(
    text: str | bytes,
    *,
    source: str = "<string>",
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = False,
    contract: ContractChoice | None = None,
) -> tuple[CheckResult, LoadedDocument | None]:
    """:func:`check_text`, and the loaded document its findings are placed in (``None``
    when the loader refused the text): for tools that go on to work with the source, such
    as an editor's quick fixes, without parsing it twice.

    :raises TypeError: ``text`` is neither ``str`` nor ``bytes``.
    :raises ValueError: ``contract`` names no contract.
    """
    asked = _asked(contract)
    try:
        decoded = text_of(text, limits)
    except ConfigError as refused:
        return CheckResult(source, refused.diagnostics, contract=_name(asked)), None
    chosen, conflict = _choose(decoded, asked)
    found: tuple[Diagnostic, ...] = () if conflict is None else (conflict,)
    try:
        loaded = load_text(decoded, source=source, limits=limits)
    except ConfigError as refused:
        diagnostics = _by_position(refused.diagnostics + found)
        return CheckResult(source, diagnostics, contract=chosen.name), None
    result = _check(loaded, strict=strict, contract=chosen)
    if conflict is None:
        return result, loaded
    diagnostics = _by_position(result.diagnostics + found)
    return replace(result, diagnostics=diagnostics, config=None), loaded


def check_file(
    path: str | os.PathLike[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = False,
    contract: ContractChoice | None = None,
) -> CheckResult:
    """Check a YAML file against ``contract``, chosen as :func:`check_text` chooses it (the
    file's modeline, else v1, when not given); an unreadable file gives SK-CFG-309.

    A file that cannot be read, is refused by the loader or breaks the contract is not
    raised: every finding is in the result, with its line and column.

    :raises TypeError: ``path`` is not a path (``str`` or ``os.PathLike``).
    :raises ValueError: ``contract`` names no contract.
    """
    asked = _asked(contract)
    source = os.fspath(path)
    try:
        data = read_file(source, limits)
    except ConfigError as refused:
        return CheckResult(source, refused.diagnostics, contract=_name(asked))
    return check_text(data, source=source, limits=limits, strict=strict, contract=asked)


def unreadable(
    source: str, exc: BaseException, *, contract: ContractChoice | None = None
) -> CheckResult:
    """The result for a source that could not be read at all (SK-CFG-309); ``contract``
    is the one that was asked for, if any."""
    reason = getattr(exc, "strerror", None) or "the input cannot be read"
    asked = _asked(contract)
    return CheckResult(source, (_unreadable_diagnostic(reason),), contract=_name(asked))


def check_loaded(
    loaded: LoadedDocument, *, strict: bool = False, contract: ContractChoice = "v1"
) -> CheckResult:
    """Validate and lint a loaded document against ``contract`` (``"v1"``, the default, or
    ``"v2"``); positions come from its source. A loaded document has no comments left, so
    no modeline: use :func:`check_text` to let the file choose.

    Raises nothing for a config that breaks the contract: the result holds its errors.

    >>> loaded = load_text("runtime: {platform: {execution_ipc: {}}}")
    >>> [(d.code, d.severity) for d in check_loaded(loaded).diagnostics]
    [('SK-CFG-401', 'warning')]
    >>> strict = check_loaded(loaded, strict=True)
    >>> [(d.code, d.severity) for d in strict.diagnostics], strict.config is None
    ([('SK-CFG-401', 'error')], True)

    :raises ValueError: ``contract`` names no contract.
    """
    return _check(loaded, strict=strict, contract=resolve_contract(contract))


def _check(loaded: LoadedDocument, *, strict: bool, contract: Contract) -> CheckResult:
    # The source knows more than the document of where a value came from: an alias of
    # any node written under the secret's block, a number included. Only an invalid
    # document needs it.
    def exposed(document: object, chosen: Contract) -> Exposure:
        return exposure_of(document, chosen, from_secret_block(loaded, chosen))

    try:
        config = validate_exposed(loaded.document, contract, exposed)
    except ConfigError as invalid:
        exposure = exposed(loaded.document, contract)
        found = [_with_hint(loaded, exposure, d) for d in invalid.diagnostics]
        return CheckResult(loaded.source, _in_source_order(loaded, found), contract=contract.name)
    warnings = lint(config, loaded, contract)
    if warnings:
        exposure = exposed(loaded.document, contract)
        warnings = [hide_written_keys(d, loaded.document, exposure) for d in warnings]
    if strict:
        warnings = [_as_error(d) for d in warnings]
    has_errors = any(d.severity == "error" for d in warnings)
    return CheckResult(
        loaded.source,
        _in_source_order(loaded, warnings),
        None if has_errors else config,
        contract=contract.name,
    )


def _with_hint(loaded: LoadedDocument, exposure: Exposure, diagnostic: Diagnostic) -> Diagnostic:
    # Only a diagnostic about a value: an unknown key's value is not what is wrong.
    if located_at_key(diagnostic.code):
        return diagnostic
    parts = diagnostic.path_parts
    # A hint quotes source text: not the text of a value that is never shown.
    hidden = exposure.hides_value(parts, value_at(loaded.document, parts))
    hint = yaml11_hint(loaded, parts, exposure.contract, hidden=hidden)
    if hint is None:
        return diagnostic
    return replace(
        diagnostic, message=f"{diagnostic.message} ({hint}; quote it if you meant the text)"
    )


def _as_error(diagnostic: Diagnostic) -> Diagnostic:
    return replace(diagnostic, severity="error")


def _in_source_order(loaded: LoadedDocument, found: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return _by_position(_locate(loaded, d) for d in found)


def _by_position(found: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(sorted(found, key=lambda d: (d.line or 0, d.column or 0, d.code, d.path)))


def _locate(loaded: LoadedDocument, diagnostic: Diagnostic) -> Diagnostic:
    """Position ``diagnostic``; a hidden key is found by its place in its mapping."""
    if not any(isinstance(part, HiddenKey) for part in diagnostic.path_parts):
        return loaded.locate(diagnostic)
    parts = source_path(loaded, diagnostic.path_parts)
    located = loaded.locate(replace(diagnostic, path_parts=parts))
    return replace(diagnostic, line=located.line, column=located.column)


def source_path(loaded: LoadedDocument, parts: tuple[object, ...]) -> tuple[object, ...]:
    """``parts`` with each hidden key replaced by the key it stands for in ``loaded``.

    For tools that edit the source (an editor's quick fix); never for output.
    """
    found: list[object] = []
    for part in parts:
        if isinstance(part, HiddenKey):
            mapping = value_at(loaded.document, tuple(found))
            keys = list(mapping) if isinstance(mapping, dict) else []
            if not 0 <= part.index < len(keys):
                break
            part = keys[part.index]  # noqa: PLW2901 - the key the placeholder stands for
        found.append(part)
    return tuple(found)
