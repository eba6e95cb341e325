"""Quick fixes: each removes its own diagnostic and adds none.

Over the protocol on the whole corpus, and in process (the server's code-action builder,
LSP ranges included, with the edits applied by this file's own applier) as a Hypothesis
property over mutants of valid configs. Findings before and after come from the engine
(``check_text``), which the diagnostics tests hold equal to the server's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import pytest
import pytest_asyncio
import yaml
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from stream_kernel.config._contracts import V1
from stream_kernel.config._schema import iter_subschemas
from stream_kernel.config.check import CheckResult, check_text
from stream_kernel.config.diagnostics import Diagnostic
from stream_kernel.config.lsp.actions import code_actions
from stream_kernel.config.lsp.analysis import Settings, analyse
from stream_kernel.config.strategies import Mutant, invalid_configs, valid_configs
from tests.property.budget import budget, counted

from .session import (
    CORPORA,
    RecordingClient,
    apply_text_edits,
    edits_of,
    open_document,
    session,
    utf16_position,
)

CASES = [
    pytest.param(f, id=f"{c.name}/{f.parent.name}/{f.stem}") for c in CORPORA for f in c.files()
]
SECRET = "canary-Zq7-secret-value"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client() -> AsyncIterator[RecordingClient]:
    async with session() as started:
        yield started


def _key(d: Diagnostic) -> tuple[str, tuple[object, ...]]:
    return d.code, d.path_parts


def _findings(result: CheckResult, severity: str) -> Counter[tuple[str, tuple[object, ...]]]:
    return Counter(_key(d) for d in result.diagnostics if d.severity == severity)


def _fixed(text: str, before: CheckResult, attached: types.Diagnostic) -> Diagnostic:
    """The engine's diagnostic that the action's diagnostic stands for."""
    for d in before.diagnostics:
        assert d.line is not None
        assert d.column is not None
        offset = sum(len(row) + 1 for row in text.split("\n")[: d.line - 1]) + d.column - 1
        if d.code == attached.code and utf16_position(text, offset) == attached.range.start:
            return d
    raise AssertionError(f"the action's diagnostic is not a finding: {attached}")


def assert_removes_only_its_finding(text: str, action: types.CodeAction, uri: str) -> str:
    """Apply ``action``; its finding is gone, no error is added, and warnings appear only
    where the last error went (lint runs only on a config without errors)."""
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.diagnostics is not None
    assert len(action.diagnostics) == 1
    before = check_text(text)
    fixed = _fixed(text, before, action.diagnostics[0])
    fixed_text = apply_text_edits(text, edits_of(action, uri))
    after = check_text(fixed_text)

    old_errors, new_errors = _findings(before, "error"), _findings(after, "error")
    old_warnings, new_warnings = _findings(before, "warning"), _findings(after, "warning")
    if fixed.severity == "error":
        assert new_errors == old_errors - Counter([_key(fixed)]), (action.title, fixed_text)
    else:
        assert new_errors == old_errors == Counter(), (action.title, fixed_text)
    if old_errors and not new_errors:
        return fixed_text  # warnings were not looked for before the fix
    expected = (
        old_warnings - Counter([_key(fixed)]) if fixed.severity == "warning" else old_warnings
    )
    # A block moved or renamed to where it belongs is read from then on: a finding about
    # the defaults it replaces (the static secret of an unwritten auth) goes with it.
    settled = Counter(
        {k: n for k, n in expected.items() if any(_under(k[1], b) for b in fixed.belongs_at)}
    )
    assert expected - settled <= new_warnings <= expected, (action.title, fixed_text)
    return fixed_text


def _under(path: tuple[object, ...], block: tuple[object, ...]) -> bool:
    return path[: len(block)] == block


async def _actions(client: RecordingClient, uri: str, text: str) -> list[types.CodeAction]:
    published = await open_document(client, uri, text)
    end = utf16_position(text, len(text))
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(0, 0), end),
            context=types.CodeActionContext(
                diagnostics=published, only=[types.CodeActionKind.QuickFix]
            ),
        )
    )
    actions = [a for a in result or () if isinstance(a, types.CodeAction)]
    for action in actions:
        assert action.diagnostics is not None
        assert all(d in published for d in action.diagnostics)
    return actions


@pytest.mark.asyncio(loop_scope="module")
async def test_every_fix_on_the_corpus_removes_only_its_finding(client: RecordingClient) -> None:
    offered: dict[str, list[str]] = {}
    for param in CASES:
        (path,) = param.values
        assert isinstance(path, Path)
        text = path.read_text(encoding="utf-8")
        for action in await _actions(client, path.as_uri(), text):
            fixed_text = assert_removes_only_its_finding(text, action, path.as_uri())
            corpus = "v2" if "v2" in path.parts else "v1"
            offered.setdefault(f"{corpus}/{path.stem}", []).append(fixed_text)

    # Every "did you mean" of the v1 corpus, and the YAML 1.1 boolean under kdf.
    assert sorted(k.removeprefix("v1/") for k in offered if k.startswith("v1/")) == [
        "bootstrap-mode-wrong-case",
        "every-error-at-once",
        "kdf-hyphenated",
        "kdf-yaml-boolean",
        "unknown-key-typo",
    ]
    assert len(offered["v1/every-error-at-once"]) == 3
    assert any("kdf: hkdf_sha256\n" in t for t in offered["v1/kdf-hyphenated"])
    assert any("kdf: none\n" in t for t in offered["v1/kdf-yaml-boolean"])
    assert any("secret_mode: generated" in t for t in offered["v1/unknown-key-typo"])
    # The v2 corpus gets its fixes from the v2 schema: a typo under control.auth, an enum
    # written with a capital.
    assert "v2/control-auth-kdf-typo" in offered
    assert "v2/flow-control-mode-capitalized" in offered


@pytest.mark.asyncio(loop_scope="module")
async def test_a_fix_is_attached_to_its_diagnostic_and_preferred(client: RecordingClient) -> None:
    text = "runtime:\n  platform:\n    execution_ipc:\n      auth: {secret_mode: generatd}\n"
    (action,) = await _actions(client, "file:///lsp-tests/fix.yaml", text)

    assert action.title == "Change to 'generated'"
    assert action.is_preferred
    assert action.diagnostics is not None
    assert [d.code for d in action.diagnostics] == ["BOOT-CFG-02"]
    fixed = apply_text_edits(text, edits_of(action, "file:///lsp-tests/fix.yaml"))
    assert fixed == text.replace("generatd", "generated")


def _offered(text: str) -> list[types.CodeAction]:
    uri = "file:///lsp-tests/in-process.yaml"
    analysis = analyse(text, source=uri, settings=Settings())
    return code_actions(analysis, uri, (0, len(text)), [types.CodeActionKind.QuickFix])


def test_a_yaml_1_1_number_is_written_in_plain_decimal() -> None:
    text = (
        "runtime:\n  platform:\n    execution_ipc:\n      max_payload_bytes: 010\n"
        "      auth: {secret_mode: generated}\n"
    )
    (action,) = _offered(text)

    # Quoting would turn the accepted number into a string (SK-CFG-202): not a fix.
    assert action.title == "Write the number in plain decimal"
    fixed = assert_removes_only_its_finding(text, action, "file:///lsp-tests/in-process.yaml")
    assert "max_payload_bytes: 8\n" in fixed


def test_no_rename_onto_a_key_that_is_already_there() -> None:
    text = (
        "runtime:\n  platform:\n    execution_ipc:\n      auth:\n"
        "        secret_mode: generated\n        secert_mode: static\n"
    )

    assert _offered(text) == []


def test_no_fix_edits_the_anchor_of_an_aliased_value() -> None:
    text = "x: &m Inline\nruntime:\n  platform:\n    bootstrap:\n      mode: *m\n"

    assert check_text(text).errors
    assert _offered(text) == []


def test_no_fix_that_trades_its_error_for_another() -> None:
    # 'process_supervisr' means process_supervisor, which needs execution_ipc: the
    # corrected value would raise BOOT-CFG-05.
    text = "runtime:\n  platform:\n    bootstrap:\n      mode: process_supervisr\n"

    assert "did you mean 'process_supervisor'" in check_text(text).errors[0].message
    assert _offered(text) == []


def test_fixes_never_show_the_secret() -> None:
    text = (
        "runtime:\n  platform:\n    execution_ipc:\n      auth:\n"
        f"        secret: &s {SECRET}\n        kdf: *s\n        secrt_mode: generated\n"
        "        mode: HMAC\n"
    )
    offered = _offered(text)

    assert [a.title for a in offered] == ["Rename the key to 'secret_mode'"]
    assert SECRET not in repr(offered)


# ---------------------------------------------------------------------------------------
# The property


def _owned_words() -> list[str]:
    # Keys inside the blocks that refuse unknown keys, and every enum value.
    words = {at[-1] for at, _, _ in iter_subschemas(V1.schema()) if len(at) >= 4}
    for _, _, schema in iter_subschemas(V1.schema()):
        words.update(v for v in schema.get("enum", ()) if isinstance(v, str))
    return sorted(words, key=len, reverse=True)


_WORDS = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in _owned_words()))


@st.composite
def typos(draw: st.DrawFn) -> str:
    """A valid config as YAML with one owned key or enum value misspelt."""
    text = yaml.safe_dump(draw(valid_configs()), sort_keys=False)
    spots = list(_WORDS.finditer(text))
    if not spots:
        return text
    spot = draw(st.sampled_from(spots))
    word = spot.group()
    at = draw(st.integers(0, len(word) - 1))
    kind = draw(st.sampled_from(["drop", "swap", "upper", "double"]))
    if kind == "drop" and len(word) > 3:
        word = word[:at] + word[at + 1 :]
    elif kind == "swap" and at + 1 < len(word):
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif kind == "upper":
        word = word.upper()
    else:
        word = word[:at] + word[at] + word[at:]
    return text[: spot.start()] + word + text[spot.end() :]


def _rendered(mutant: Mutant) -> str:
    return yaml.safe_dump(mutant.config, sort_keys=False)


@st.composite
def misplaced(draw: st.DrawFn) -> str:
    """A valid config as YAML with one owned block or field written a level too high (in
    ``runtime.platform`` or ``runtime``, which pass unknown keys through)."""
    config = draw(valid_configs())
    runtime = config.get("runtime")
    platform = runtime.get("platform") if isinstance(runtime, dict) else None
    spots: list[tuple[dict[str, object], str, dict[str, object]]] = []
    if isinstance(runtime, dict) and isinstance(platform, dict):
        for block in platform.values():
            if isinstance(block, dict):
                spots += [(block, key, platform) for key in block if key not in platform]
                spots += [(block, key, runtime) for key in block]
    if spots:
        block, key, above = draw(st.sampled_from(spots))
        if key not in above:
            above[key] = block.pop(key)
    return yaml.safe_dump(config, sort_keys=False)


def _check_every_fix(texts: Iterable[str]) -> None:
    for text in texts:
        for action in _offered(text):
            assert_removes_only_its_finding(text, action, "file:///lsp-tests/in-process.yaml")


@budget(ci=100, fuzz=5_000)
@given(text=st.one_of(typos(), invalid_configs().map(_rendered), misplaced()))
@counted
def test_every_fix_removes_only_its_finding(text: str) -> None:
    _check_every_fix([text])


V2_MODELINE = "# yaml-language-server: $schema=runtime-config.v2.schema.json\n"


@pytest.mark.parametrize(
    ("block", "written"),
    [
        ("    execution_ipc:\n      transport: tcp_local\n", "      bind_host: 127.0.0.1\n"),
        (
            "    execution_ipc:\n      transport: ipc_local\n      control: {codec: bytes}\n",
            "control: {bind_host: 127.0.0.1, codec: bytes}",
        ),
    ],
    ids=["block", "flow-control"],
)
def test_a_missing_bind_host_is_added_in_the_files_style(block: str, written: str) -> None:
    text = V2_MODELINE + "runtime:\n  platform:\n" + block
    assert [d.code for d in check_text(text).errors] == ["SK-CFG-208"]
    (action,) = _offered(text)

    assert action.title == "Add 'bind_host: 127.0.0.1'"
    fixed = assert_removes_only_its_finding(text, action, "file:///lsp-tests/in-process.yaml")
    assert written in fixed
    assert check_text(fixed).errors == ()


@pytest.mark.parametrize(
    ("text", "renamed"),
    [
        ("runtime:\n  platform:\n    bootstrp:\n      mode: inline\n", "    bootstrap:\n"),
        ("Runtime:\n  platform:\n    bootstrap: {mode: inline}\n", "runtime:\n"),
    ],
    ids=["bootstrp", "Runtime"],
)
def test_a_misspelt_block_is_renamed(text: str, renamed: str) -> None:
    assert [d.code for d in check_text(text).diagnostics] == ["SK-CFG-403"]
    (action,) = _offered(text)

    assert action.title.startswith("Rename the key to ")
    fixed = assert_removes_only_its_finding(text, action, "file:///lsp-tests/in-process.yaml")
    assert renamed in fixed
    assert check_text(fixed).diagnostics == ()


MOVE = "Move the key under runtime.platform.execution_ipc"


@pytest.mark.parametrize(
    ("text", "moved"),
    [
        (
            "runtime:\n  platform:\n    execution_ipc:\n      transport: tcp_local\n"
            "      bind_host: 127.0.0.1\n    # how peers prove who they are\n"
            "    auth: {secret_mode: generated}\n",
            "runtime:\n  platform:\n    execution_ipc:\n      transport: tcp_local\n"
            "      bind_host: 127.0.0.1\n      # how peers prove who they are\n"
            "      auth: {secret_mode: generated}\n",
        ),
        (
            "runtime:\n  platform:\n    auth:\n      secret_mode: generated  # kept\n"
            "      kdf: none\n\n    execution_ipc:\n        transport: tcp_local\n"
            "other: 1\n",
            "runtime:\n  platform:\n\n    execution_ipc:\n        transport: tcp_local\n"
            "        auth:\n          secret_mode: generated  # kept\n          kdf: none\n"
            "other: 1\n",
        ),
        (
            "runtime:\r\n  platform:\r\n    auth:\r\n      secret_mode: generated\r\n"
            "    execution_ipc:\r\n      transport: tcp_local",
            "runtime:\r\n  platform:\r\n    execution_ipc:\r\n      transport: tcp_local\r\n"
            "      auth:\r\n        secret_mode: generated",
        ),
        (
            # The blank line after a block scalar is part of it (a `|+` keeps it): it moves.
            "runtime:\n  platform:\n    auth:\n      secret_mode: static\n      secret: |\n"
            f"        {SECRET}\n\n    execution_ipc:\n      transport: tcp_local\n",
            "runtime:\n  platform:\n    execution_ipc:\n      transport: tcp_local\n"
            "      auth:\n        secret_mode: static\n        secret: |\n"
            f"          {SECRET}\n\n",
        ),
    ],
    ids=["comment-above", "deeper-block", "crlf-no-last-break", "block-scalar"],
)
def test_a_block_at_another_level_is_moved_where_it_belongs(text: str, moved: str) -> None:
    # Before the move, the block that is read has no auth: its static default is warned about.
    (found,) = [d for d in check_text(text).diagnostics if d.code == "SK-CFG-403"]
    assert found.belongs_at == (("runtime", "platform", "execution_ipc", "auth"),)
    (action,) = _offered(text)

    assert action.title == MOVE
    assert action.is_preferred
    fixed = assert_removes_only_its_finding(text, action, "file:///lsp-tests/in-process.yaml")
    assert fixed == moved
    assert check_text(fixed).diagnostics == ()


def test_a_key_that_belongs_in_two_written_blocks_gets_a_move_to_each() -> None:
    text = V2_MODELINE + (
        "runtime:\n  platform:\n    execution_ipc:\n      transport: ipc_local\n"
        "      auth:\n        kdf: none\n      control:\n        bind_host: 127.0.0.1\n"
        "        auth:\n          kdf: none\n    secret_mode: generated\n"
    )
    offered = _offered(text)

    assert sorted(a.title for a in offered) == [
        "Move the key under runtime.platform.execution_ipc.auth",
        "Move the key under runtime.platform.execution_ipc.control.auth",
    ]
    assert not any(a.is_preferred for a in offered)
    for action in offered:
        assert_removes_only_its_finding(text, action, "file:///lsp-tests/in-process.yaml")


@pytest.mark.parametrize(
    "text",
    [
        # The block it belongs in is written in flow style, or not at all.
        "runtime:\n  platform:\n    execution_ipc: {transport: tcp_local}\n"
        "    auth: {secret_mode: generated}\n",
        "runtime:\n  platform:\n    bootstrap: {mode: inline}\n"
        "    auth: {secret_mode: generated}\n",
        # The block it belongs in already holds the key.
        "runtime:\n  platform:\n    execution_ipc:\n      auth: {secret_mode: generated}\n"
        "    auth: {secret_mode: generated}\n",
        # Moved, the block would be read, and its static secret would be warned about:
        # a fix adds no finding, so the warning's text is the guide.
        "execution_ipc:\n  transport: tcp_local\n"
        "runtime:\n  platform:\n    bootstrap: {mode: inline}\n",
    ],
    ids=["flow-target", "no-target", "already-there", "would-add-a-warning"],
)
def test_a_block_is_moved_only_where_the_move_keeps_the_promise(text: str) -> None:
    assert "SK-CFG-403" in [d.code for d in check_text(text).diagnostics]

    assert not [a for a in _offered(text) if a.title.startswith("Move")]
