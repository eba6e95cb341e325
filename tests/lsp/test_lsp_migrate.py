"""The source action that migrates a v1 file to v2: what ``migrate --to v2`` writes,
offered only for a file checked with v1 that v1 accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from stream_kernel.config._migrate import Migration, Migrator
from stream_kernel.config.check import check_text
from stream_kernel.config.lsp.actions import MIGRATE_KIND, code_actions
from stream_kernel.config.lsp.analysis import Settings, analyse

from .session import apply_text_edits, edits_of

URI = "file:///lsp-tests/migrate.yaml"
VALID = sorted((Path(__file__).parents[2] / "examples" / "valid").glob("*.yaml"))
MIGRATOR = Migrator("v1", "v2")
V1_MODELINE = "# yaml-language-server: $schema=runtime-config.v1.schema.json\n"
V2_MODELINE = "# yaml-language-server: $schema=runtime-config.v2.schema.json\n"
CONFIG = (
    "runtime:\n  platform:\n    execution_ipc:\n      transport: tcp_local\n"
    "      bind_host: 127.0.0.1\n      auth: {secret_mode: generated}\n"
)


def _migrations(text: str, settings: Settings | None = None) -> list[types.CodeAction]:
    analysis = analyse(text, source=URI, settings=settings or Settings())
    return [a for a in code_actions(analysis, URI, (0, 0), ["source"]) if a.kind == MIGRATE_KIND]


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_a_valid_v1_file_migrates_to_what_migrate_writes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    (action,) = _migrations(text)

    assert action.title == "Migrate this file to contract v2"
    assert action.diagnostics is None
    migrated = apply_text_edits(text, edits_of(action, URI))
    assert migrated == MIGRATOR.migrate(text).after
    checked = check_text(migrated)
    assert checked.contract == "v2"
    assert checked.ok, checked.diagnostics


def test_a_file_with_a_v1_modeline_migrates_with_its_modeline_moved() -> None:
    (action,) = _migrations(V1_MODELINE + CONFIG)

    migrated = apply_text_edits(V1_MODELINE + CONFIG, edits_of(action, URI))
    assert migrated.startswith(V2_MODELINE)
    assert check_text(migrated, contract="v2").ok


@pytest.mark.parametrize(
    ("text", "settings"),
    [
        (V2_MODELINE + CONFIG, Settings()),
        (CONFIG, Settings(contract="v2")),
        ("runtime:\n  platform:\n    bootstrap: {mode: fork}\n", Settings()),
    ],
    ids=["v2-modeline", "v2-setting", "invalid-under-v1"],
)
def test_no_migration_for_a_v2_file_or_one_v1_refuses(text: str, settings: Settings) -> None:
    assert _migrations(text, settings) == []


def test_the_migration_is_a_source_action_only() -> None:
    analysis = analyse(CONFIG, source=URI, settings=Settings())

    assert code_actions(analysis, URI, (0, 0), [types.CodeActionKind.QuickFix]) == []
    assert [a.kind for a in code_actions(analysis, URI, (0, 0))] == [MIGRATE_KIND]


def test_a_request_the_client_makes_on_its_own_gets_the_migration_only_by_kind() -> None:
    # An editor asks at every move of the cursor; a rewrite of the whole file is worked
    # out when someone asks for it, or for source actions by kind.
    analysis = analyse(CONFIG, source=URI, settings=Settings())

    assert code_actions(analysis, URI, (0, 0), automatic=True) == []
    assert [a.kind for a in code_actions(analysis, URI, (0, 0), ["source"], automatic=True)] == [
        MIGRATE_KIND
    ]


def test_the_migration_of_a_text_is_worked_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    analysis = analyse(CONFIG + "# asked twice\n", source=URI, settings=Settings())
    calls: list[str] = []
    migrate = Migrator.migrate

    def counted(self: Migrator, text: str, *, source: str) -> Migration:
        calls.append(text)
        return migrate(self, text, source=source)

    monkeypatch.setattr(Migrator, "migrate", counted)
    first = code_actions(analysis, URI, (0, 0), ["source"])
    second = code_actions(analysis, URI, (0, 0), ["source"])

    assert first == second
    assert [a.kind for a in first] == [MIGRATE_KIND]
    assert len(calls) == 1
