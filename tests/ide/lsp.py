"""A minimal Language Server Protocol client over stdio, enough to drive yaml-language-server.

It frames JSON-RPC messages with ``Content-Length`` headers, answers the requests the
server sends (``workspace/configuration`` above all: yaml-language-server pulls its
settings instead of reading ``didChangeConfiguration`` pushes), and collects
``textDocument/publishDiagnostics`` notifications per document. A reader thread owns
the server's stdout, so every wait here has a timeout and a test never hangs.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

__all__ = ["LspClient", "LspError"]

#: Seconds any single wait may take before the test fails instead of hanging.
TIMEOUT: Final = 20.0


class LspError(RuntimeError):
    """The server answered with an error, died, or did not answer in time."""


@dataclass
class _Pending:
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: Any = None


class LspClient:
    """One running language server, driven over its stdin/stdout."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        root: Path,
        settings: Callable[[str | None], object],
    ) -> None:
        # `settings(section)` answers each item of a workspace/configuration request.
        self._settings = settings
        self._process = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # its log goes to stderr; the tests read results
            cwd=root,
        )
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._stdin: IO[bytes] = self._process.stdin
        self._write_lock = threading.Lock()
        self._next_id = 0
        self._pending: dict[int, _Pending] = {}
        self._diagnostics: dict[str, queue.Queue[list[dict[str, Any]]]] = {}
        self._diagnostics_lock = threading.Lock()
        self._reader = threading.Thread(
            target=self._read_loop, args=(self._process.stdout,), daemon=True
        )
        self._reader.start()

    # -- framing -----------------------------------------------------------------------

    def _send(self, message: Mapping[str, object]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        with self._write_lock:
            self._stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self._stdin.flush()

    def _read_loop(self, stdout: IO[bytes]) -> None:
        try:
            while True:
                length = None
                while True:
                    line = stdout.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if length is None:
                    continue
                self._dispatch(json.loads(stdout.read(length)))
        finally:
            # Wake every waiter: the server is gone.
            for pending in list(self._pending.values()):
                pending.error = {"message": "the language server exited"}
                pending.done.set()

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" in message:
            self._answer(message)
        elif "method" in message:
            if message["method"] == "textDocument/publishDiagnostics":
                params = message["params"]
                self._queue(params["uri"]).put(params["diagnostics"])
        elif (pending := self._pending.get(message.get("id", -1))) is not None:
            pending.result = message.get("result")
            pending.error = message.get("error")
            pending.done.set()

    def _answer(self, request: dict[str, Any]) -> None:
        result: object = None
        if request["method"] == "workspace/configuration":
            result = [self._settings(item.get("section")) for item in request["params"]["items"]]
        # Everything else the server asks (capability registration, progress tokens) is
        # acknowledged with a null result, as a minimal client may.
        self._send({"id": request["id"], "result": result})

    def _queue(self, uri: str) -> queue.Queue[list[dict[str, Any]]]:
        with self._diagnostics_lock:
            return self._diagnostics.setdefault(uri, queue.Queue())

    # -- requests ----------------------------------------------------------------------

    def request(self, method: str, params: object, timeout: float = TIMEOUT) -> Any:  # noqa: ANN401 - any JSON result
        self._next_id += 1
        pending = self._pending[self._next_id] = _Pending()
        self._send({"id": self._next_id, "method": method, "params": params})
        if not pending.done.wait(timeout):
            raise LspError(f"{method}: no answer within {timeout} s")
        del self._pending[self._next_id]
        if pending.error is not None:
            raise LspError(f"{method}: {pending.error}")
        return pending.result

    def notify(self, method: str, params: object) -> None:
        self._send({"method": method, "params": params})

    def initialize(self, root: Path) -> dict[str, Any]:
        result: dict[str, Any] = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {}},
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {
                            "completionItem": {
                                "snippetSupport": True,
                                "documentationFormat": ["markdown", "plaintext"],
                            }
                        },
                        "publishDiagnostics": {},
                    },
                },
            },
        )
        self.notify("initialized", {})
        return result

    # -- documents ---------------------------------------------------------------------

    def open(self, uri: str, text: str) -> None:
        self._queue(uri)
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )

    def diagnostics(self, uri: str, timeout: float = TIMEOUT) -> list[dict[str, Any]]:
        """The first diagnostics the server publishes for ``uri`` after it was opened."""
        try:
            return self._queue(uri).get(timeout=timeout)
        except queue.Empty:
            raise LspError(f"no diagnostics published for {uri} within {timeout} s") from None

    def close(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def shutdown(self) -> None:
        try:
            self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
            self._process.wait(timeout=5)
        except (LspError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait(timeout=5)
            # The reader sees end-of-file once the server is gone; then the pipes close
            # (pytest's filterwarnings=error turns an unclosed pipe into a failure).
            self._reader.join(timeout=5)
            self._stdin.close()
            if self._process.stdout is not None:
                self._process.stdout.close()
