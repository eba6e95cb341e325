"""The Language Server: from a didChange to its publishDiagnostics, against check_text.

Run: ``make bench``. The document is ``examples/valid/typical-service.yaml`` (87 lines).
Each change replaces the whole text (the server asks for full-text sync) and the clock
runs from writing the didChange to reading the publishDiagnostics of that version.

1. ``stream-kernel-config lsp`` with the debounce set to 0 (``debounceMs`` in the
   initialization options), so the figure is the server's work and the protocol's, not
   a wait. Against ``check_text`` on the same texts in this process: the part of the
   round trip that is not the engine. Target: at most 1.5x.
2. yaml-language-server (node_modules, as the interop tests run it) on the same changes,
   with the schema bound through its settings: what an editor's YAML support takes.

Two kinds of change: a valid one (a port number) and one that breaks a rule (a kdf
typo), which takes the engine's slower path (jsonschema's errors, positions, ranges).
Each change alternates between two texts, so every change is a real one. A round
measures each side in turn (the median of its changes); the figure is the median of the
rounds' ratios, with their spread. Figures are not tests: the script exits 0 whatever
they are.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, Final

from stream_kernel.config.check import check_text

ROOT: Final = Path(__file__).resolve().parent.parent
DOCUMENT: Final = ROOT / "examples" / "valid" / "typical-service.yaml"
SCHEMA: Final = ROOT / "src/stream_kernel/config/schemas/runtime-config.v1.schema.json"
# BENCH_NODE_MODULES: another folder holding the npm packages (`npm ci` elsewhere).
NODE_MODULES: Final = Path(os.environ.get("BENCH_NODE_MODULES", ROOT / "node_modules"))
YAML_LS: Final = NODE_MODULES / "yaml-language-server" / "bin" / "yaml-language-server"
URI: Final = "file:///bench/typical-service.yaml"

# Overridable so a smoke test can check the script runs; figures come from the defaults.
ROUNDS: Final = int(os.environ.get("BENCH_ROUNDS", "9"))
CHANGES: Final = int(os.environ.get("BENCH_CHANGES", "60"))
PEER_CHANGES: Final = int(os.environ.get("BENCH_PEER_CHANGES", "5"))
WARM_UP: Final = int(os.environ.get("BENCH_WARM_UP", "30"))
TARGET: Final = 1.5

_BASE: Final = DOCUMENT.read_text(encoding="utf-8")
#: (name, the two texts a change alternates between)
EDITS: Final = (
    ("valid edit", (_BASE, _BASE.replace("bind_port: 47100", "bind_port: 47101"))),
    (
        "edit with a finding",
        (
            _BASE.replace(
                "secret_mode: generated", "secret_mode: generated\n        kdf: hkdf-sha256"
            ),
            _BASE.replace(
                "secret_mode: generated", "secret_mode: generated\n        kdf: hkdf-sha255"
            ),
        ),
    ),
)


class Client:
    """A minimal LSP client over a server's stdin/stdout, synchronous and in one thread."""

    def __init__(self, command: Sequence[str], settings: Callable[[str | None], object]) -> None:
        self._settings = settings
        self._process = subprocess.Popen(
            list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._in: IO[bytes] = self._process.stdin
        self._out: IO[bytes] = self._process.stdout
        self._next = 0

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self._in.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self._in.flush()

    def _read(self) -> dict[str, Any]:
        length = 0
        while line := self._out.readline().strip():
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        if not length:
            raise RuntimeError("the language server closed its output")
        message: dict[str, Any] = json.loads(self._out.read(length))
        if "method" in message and "id" in message:  # a request from the server
            result = None
            if message["method"] == "workspace/configuration":
                result = [self._settings(i.get("section")) for i in message["params"]["items"]]
            self.send({"id": message["id"], "result": result})
        return message

    def request(self, method: str, params: object) -> Any:  # noqa: ANN401 - any JSON result
        self._next += 1
        self.send({"id": self._next, "method": method, "params": params})
        while True:
            message = self._read()
            if message.get("id") == self._next and "method" not in message:
                return message.get("result")

    def published(self, version: int | None) -> list[dict[str, Any]]:
        """Read until the server publishes diagnostics for the document (and ``version``)."""
        while True:
            message = self._read()
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params = message["params"]
            if params["uri"] == URI and (version is None or params.get("version") == version):
                diagnostics: list[dict[str, Any]] = params["diagnostics"]
                return diagnostics

    def start(self, options: object) -> None:
        capabilities = {"workspace": {"configuration": True}, "textDocument": {}}
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": ROOT.as_uri(),
                "capabilities": capabilities,
                "initializationOptions": options,
            },
        )
        self.send({"method": "initialized", "params": {}})

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.send({"method": "exit", "params": None})
            self._process.wait(timeout=10)
        finally:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            self._in.close()
            self._out.close()


def _yaml_settings(section: str | None) -> object:
    if section == "yaml":
        return {
            "schemas": {SCHEMA.as_uri(): ["/bench/*.yaml"]},
            "schemaStore": {"enable": False},
            "validate": True,
        }
    return None


def _no_settings(_: str | None) -> object:
    return None


class Session:
    """One server with the document open; each change is the next version."""

    def __init__(
        self,
        command: Sequence[str],
        settings: Callable[[str | None], object],
        options: object,
        *,
        versioned: bool,
    ) -> None:
        # yaml-language-server does not put the version in what it publishes.
        self.versioned = versioned
        self.client = Client(command, settings)
        self.client.start(options)
        self.version = 1
        self.client.send(
            {
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": _BASE}
                },
            }
        )
        self.client.published(1 if versioned else None)

    def latencies(self, texts: Sequence[str], count: int) -> list[float]:
        """Seconds from each didChange to its publishDiagnostics."""
        times: list[float] = []
        for n in range(count):
            self.version += 1
            started = time.perf_counter()
            self.client.send(
                {
                    "method": "textDocument/didChange",
                    "params": {
                        "textDocument": {"uri": URI, "version": self.version},
                        "contentChanges": [{"text": texts[n % len(texts)]}],
                    },
                }
            )
            self.client.published(self.version if self.versioned else None)
            times.append(time.perf_counter() - started)
        return times

    def close(self) -> None:
        self.client.close()


def _engine(texts: Sequence[str], count: int) -> list[float]:
    times = []
    for n in range(count):
        started = time.perf_counter()
        check_text(texts[n % len(texts)])
        times.append(time.perf_counter() - started)
    return times


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _spread(ratios: Sequence[float]) -> str:
    return f"{statistics.median(ratios):.2f}x median (rounds {min(ratios):.2f}x..{max(ratios):.2f}x"


def _peer() -> Session | None:
    node = shutil.which("node")
    if node is None or not YAML_LS.exists():
        return None
    return Session([node, str(YAML_LS), "--stdio"], _yaml_settings, {}, versioned=False)


def _ours() -> dict[str, float]:
    """Our server against check_text, interleaved round by round; the medians of ours."""
    ours = Session(
        [sys.executable, "-m", "stream_kernel.config", "lsp"],
        _no_settings,
        {"streamKernelConfig": {"debounceMs": 0}},
        versioned=True,
    )
    medians = {}
    try:
        for name, texts in EDITS:
            ours.latencies(texts, WARM_UP)
            _engine(texts, WARM_UP)
            ratios, mine, engine = [], [], []
            for _ in range(ROUNDS):
                # Each side in turn within a round: a change in machine speed hits both.
                mine.append(statistics.median(ours.latencies(texts, CHANGES)))
                engine.append(statistics.median(_engine(texts, CHANGES)))
                ratios.append(mine[-1] / engine[-1])
            ratio = statistics.median(ratios)
            medians[name] = statistics.median(mine)
            verdict = "met" if ratio <= TARGET else "MISSED"
            print(
                f"{name}: ours / check_text = {_spread(ratios)};"
                f" ours {_ms(medians[name])} with debounce 0,"
                f" check_text {_ms(statistics.median(engine))}; target <= {TARGET:.2f}x: {verdict})"
            )
    finally:
        ours.close()
    return medians


def main() -> None:
    lines = len(_BASE.splitlines())
    print(
        f"didChange -> publishDiagnostics on {DOCUMENT.name} ({lines} lines):"
        f" {ROUNDS} rounds of {CHANGES} changes (yaml-language-server: {PEER_CHANGES} a round)"
    )
    ours = _ours()
    # yaml-language-server runs on its own afterwards: its work after each publish would
    # otherwise land in our rounds on a machine with few cores.
    peer = _peer()
    if peer is None:
        print("ours / yaml-language-server = not installed (npm ci)")
        return
    try:
        for name, texts in EDITS:
            peer.latencies(texts, PEER_CHANGES)
            theirs = [statistics.median(peer.latencies(texts, PEER_CHANGES)) for _ in range(ROUNDS)]
            print(
                f"{name}: ours / yaml-language-server"
                f" = {ours[name] / statistics.median(theirs):.3f}x"
                f" (yaml-language-server {_ms(statistics.median(theirs))},"
                f" rounds {_ms(min(theirs))}..{_ms(max(theirs))})"
            )
    finally:
        peer.close()


if __name__ == "__main__":
    main()
