"""docs/architecture.md stays true to src/: its module table lists exactly the modules
there, and each module imports only what its row allows."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Final

from tests.support.corpus import ROOT

DOC: Final = ROOT / "docs" / "architecture.md"
PACKAGE: Final = ROOT / "src" / "stream_kernel"
#: Names in the "May import" column that are not written in full are relative to this.
CONFIG: Final = "stream_kernel.config"

_ROW = re.compile(r"^\|\s*`(?P<module>[^`]+\.py)`\s*\|(?P<holds>[^|]*)\|(?P<imports>[^|]*)\|\s*$")
_NAME = re.compile(r"`([A-Za-z_][\w.]*)`")


def _table() -> dict[str, frozenset[str]]:
    """Module path (under src/stream_kernel/) -> the modules its row allows it to import."""
    rows: dict[str, frozenset[str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if m := _ROW.match(line):
            assert m["module"] not in rows, f"{m['module']} has two rows"
            rows[m["module"]] = frozenset(
                name if name.startswith("stream_kernel") else f"{CONFIG}.{name}"
                for name in _NAME.findall(m["imports"])
            )
    return rows


def _module_name(path: str) -> str:
    """``config/cli/__init__.py`` -> ``stream_kernel.config.cli``."""
    parts = ["stream_kernel", *Path(path).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _source_modules() -> set[str]:
    return {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")}


def _imports(path: str, known: set[str]) -> set[str]:
    """The package's own modules that ``path`` imports (lazily or not), by name."""
    name = _module_name(path)
    package = name if path.endswith("__init__.py") else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse((PACKAGE / path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            # `from . import _schema` names a module; `from .check import x` names a value.
            found.update(
                f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target
                for alias in node.names
            )
    return {f for f in found if f.startswith("stream_kernel")} - {name}


def test_the_module_table_lists_every_module_and_only_those() -> None:
    listed = set(_table())
    present = _source_modules()

    assert not present - listed, f"modules missing from the table: {sorted(present - listed)}"
    assert not listed - present, f"listed but not under src/: {sorted(listed - present)}"


def test_the_may_import_column_names_only_listed_modules() -> None:
    table = _table()
    names = {_module_name(path) for path in table}

    unknown = {(path, allowed) for path, allows in table.items() for allowed in allows - names}

    assert not unknown, f"not a module of the table: {sorted(unknown)}"


def test_each_module_imports_only_what_its_row_allows() -> None:
    table = _table()
    # Modules not in the table are the first test's to report; here they are ignored.
    known = {_module_name(path) for path in table if path in _source_modules()}

    extra = {
        (path, imported)
        for path in sorted(set(table) & _source_modules())
        for imported in _imports(path, known) & known
        if imported not in table[path]
    }

    assert not extra, f"imports the table does not allow (add to the row or drop): {sorted(extra)}"
