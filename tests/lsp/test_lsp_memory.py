"""A long editing session does not make the server grow: 1,000 edits, RSS before and after."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.support.corpus import EXAMPLES

from .session import (
    RecordingClient,
    open_document,
    published_after,
    send_change,
    session,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

#: Growth allowed over 1,000 edits. The server grows by about 10 KiB; one future kept
#: per notification (pygls 2.1 left them behind until the server removed them) grew it
#: by 3.4 MiB, and keeping each version's text or analysis would cost more still.
BOUND_KIB = 2 * 1024


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client() -> AsyncIterator[RecordingClient]:
    async with session() as started:
        yield started


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc")


def _version(base: str, n: int) -> str:
    # Every edit is new text; every other one breaks a rule, so both paths of the engine run.
    text = base.replace("bind_port: 47100", f"bind_port: {1024 + n}")
    return text.replace("mode: hmac", f"mode: hmac-{n}") if n % 2 else text


async def _edits(client: RecordingClient, uri: str, base: str, first: int, count: int) -> None:
    for start in range(first, first + count, 100):
        seen = len(client.published)
        for version in range(start, start + 100):
            send_change(client, uri, _version(base, version), version)
        last = await published_after(client, seen, uri, start + 99)
        assert [d.code for d in last.diagnostics] == ["SK-CFG-204"]
        # Only the published list of this test client grows; keep it short.
        del client.published[:]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
async def test_a_thousand_edits_do_not_grow_the_server(client: RecordingClient) -> None:
    uri = "file:///lsp-tests/memory.yaml"
    base = (EXAMPLES / "valid" / "typical-service.yaml").read_text(encoding="utf-8")
    assert "bind_port: 47100" in base
    assert "mode: hmac" in base
    await open_document(client, uri, base)
    server = client._server  # pygls keeps the server process here
    assert server is not None
    pid = server.pid
    await _edits(client, uri, base, 2, 200)  # warm-up: caches, the jsonschema import
    before = _rss_kib(pid)
    await _edits(client, uri, base, 202, 1000)
    after = _rss_kib(pid)

    assert after - before < BOUND_KIB, (before, after)
