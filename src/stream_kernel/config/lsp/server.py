"""The Language Server: pygls wiring, settings, and when documents are checked.

A document is checked when it is opened or saved, and after each change once the
editor has been quiet for the debounce interval (``streamKernelConfig.debounceMs``,
150 ms by default). The client sends the whole text on every change, so the text the
engine checks is exactly the editor's. Each feature lives in a module of its own; this
one only connects them to the protocol.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
import stat
import sys
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Final, cast

from lsprotocol import types
from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.protocol import JsonRPCProtocol, LanguageServerProtocol

from .actions import SOURCE_ACTIONS, code_actions
from .analysis import Analysis, Settings, analyse
from .completion import completions
from .diagnostics import lsp_diagnostics
from .hover import hover
from .positions import Encoding

__all__ = ["SECTION", "ConfigLanguageServer", "build_server", "run"]

#: The workspace settings section the server reads (``streamKernelConfig.contract``, ...).
SECTION: Final = "streamKernelConfig"
_NAME: Final = "stream-kernel-config"
_LOG: Final = logging.getLogger(__name__)
_ENCODINGS: Final[Mapping[str, Encoding]] = {
    "utf-8": "utf-8",
    "utf-16": "utf-16",
    "utf-32": "utf-32",
}


def _version() -> str:
    try:
        return version(_NAME)
    except PackageNotFoundError:
        return "unknown"


def read_settings(current: Settings, given: object) -> Settings:
    """``current`` updated from a settings object: ``{"contract": ..., "debounceMs": ...}``,
    or the same under a ``streamKernelConfig`` key. Anything else is ignored."""
    if isinstance(given, Mapping) and isinstance(given.get(SECTION), Mapping):
        given = given[SECTION]
    if not isinstance(given, Mapping):
        return current
    contract = given.get("contract")
    if isinstance(contract, str) and contract:
        current = replace(current, contract=contract)
    debounce = given.get("debounceMs")
    if type(debounce) is int and debounce >= 0:
        current = replace(current, debounce_ms=debounce)
    return current


class _Protocol(LanguageServerProtocol):
    """pygls' protocol, without its growth over a long session, and quicker on an edit.

    pygls 2.1 files the future of each notification that a built-in handler takes first
    (didOpen, didChange, didClose) among the requests awaiting a response, and only a
    response removes an entry there: one future would stay behind for every message.
    Edits skip that path (:meth:`handle_message`); for the others, the callback that
    runs when a notification's handler is done notes the future, and the next
    notification's handler, on the event loop, removes what was noted. Removing it in
    the callback itself raced with pygls walking those futures at shutdown.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401 - pygls' own
        super().__init__(*args, **kwargs)
        self.finished: list[Future[Any]] = []

    def _check_handler_result(self, future: Future[Any]) -> None:
        super()._check_handler_result(future)
        self.finished.append(future)

    def handle_message(self, message: Any) -> None:  # noqa: ANN401 - pygls' own
        """Dispatch a notification at once, an edit most directly; anything else as pygls.

        On every edit pygls pays for two things the server does not need. It tells the
        kinds of message apart with ``isinstance`` against runtime-checkable protocols,
        which on Python 3.11 walk each protocol class's attributes; and it runs its own
        didChange handler as a generator that hands over to ours through two futures.
        Together they were a third of an edit's round trip when the engine has nothing
        new to check (``benchmarks/bench_lsp.py``). A notification is a message with a
        method and no id; each runs in a context of its own, as in pygls, and an edit
        updates the workspace's text exactly as pygls' handler does before ours runs.
        """
        if (
            self._shutdown
            or hasattr(message, "id")
            or not hasattr(message, "params")
            or not isinstance(getattr(message, "method", None), str)
            or getattr(message, "jsonrpc", None) != JsonRPCProtocol.VERSION
        ):
            super().handle_message(message)
        elif message.method == types.TEXT_DOCUMENT_DID_CHANGE:
            contextvars.copy_context().run(self._did_change, message.params)
        else:
            contextvars.copy_context().run(
                self._handle_notification, message.method, message.params
            )

    def _did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        for change in params.content_changes:
            self.workspace.update_text_document(params.text_document, change)
        self.fm.features[types.TEXT_DOCUMENT_DID_CHANGE](params)

    def forget_finished(self) -> None:
        """Drop the futures of the notifications handled so far."""
        done, self.finished = self.finished, []
        gone = {id(f) for f in done}
        for msg_id, pending in list(self._request_futures.items()):
            if id(pending) in gone:
                del self._request_futures[msg_id]


class ConfigLanguageServer(LanguageServer):
    """The server, with the settings and the latest check of each open document."""

    def __init__(self) -> None:
        super().__init__(
            _NAME,
            _version(),
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=_Protocol,
        )
        self.settings = Settings()
        self.analyses: dict[str, Analysis] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    @property
    def encoding(self) -> Encoding:
        chosen = self.workspace.position_encoding
        # pygls gives the PositionEncodingKind member (a str enum) or a plain string.
        return _ENCODINGS.get(str(getattr(chosen, "value", chosen)), "utf-16")

    def analysis(self, uri: str) -> Analysis:
        """The check of the document's current text (made now if the text changed)."""
        document = self.workspace.get_text_document(uri)
        known = self.analyses.get(uri)
        if (
            known is not None
            and known.text == document.source
            and known.settings == self.settings
            and known.source.encoding == self.encoding
        ):
            if known.version != document.version:
                # The same text under a new version (an edit undone): the same findings.
                known = self.analyses[uri] = replace(known, version=document.version)
            return known
        fresh = analyse(
            document.source,
            source=uri,
            settings=self.settings,
            version=document.version,
            encoding=self.encoding,
        )
        self.analyses[uri] = fresh
        return fresh

    def publish(self, uri: str) -> None:
        """Check the document now and publish what was found."""
        self.cancel(uri)
        found = self.analysis(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=lsp_diagnostics(found), version=found.version
            )
        )

    def publish_later(self, uri: str) -> None:
        """Publish once no other change came within the debounce interval."""
        self.cancel(uri)
        if self.settings.debounce_ms == 0:
            self.publish(uri)
            return

        async def wait_then_publish() -> None:
            await asyncio.sleep(self.settings.debounce_ms / 1000)
            self.pending.pop(uri, None)
            if uri in self.workspace.text_documents:
                self.publish(uri)

        self.pending[uri] = asyncio.get_running_loop().create_task(wait_then_publish())

    def cancel(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    def forget(self, uri: str) -> None:
        self.cancel(uri)
        self.analyses.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def apply_settings(self, given: object) -> None:
        before = self.settings
        self.settings = read_settings(before, given)
        if self.settings != before:
            for uri in list(self.analyses):
                self.publish(uri)

    async def pull_settings(self) -> None:
        """Ask the client for the settings section (when it can answer)."""
        workspace = self.client_capabilities.workspace
        if workspace is None or not workspace.configuration:
            return
        with contextlib.suppress(Exception):  # a client that fails to answer keeps the defaults
            answer = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
            )
            if answer:
                self.apply_settings(answer[0])


def _snippets(server: ConfigLanguageServer) -> bool:
    document = server.client_capabilities.text_document
    completion = document.completion if document is not None else None
    item = completion.completion_item if completion is not None else None
    return bool(item is not None and item.snippet_support)


def _completion_markdown(server: ConfigLanguageServer) -> bool:
    document = server.client_capabilities.text_document
    completion = document.completion if document is not None else None
    item = completion.completion_item if completion is not None else None
    formats = item.documentation_format if item is not None else None
    return types.MarkupKind.Markdown in (formats or ())


def _hover_markdown(server: ConfigLanguageServer) -> bool:
    document = server.client_capabilities.text_document
    formats = document.hover.content_format if document and document.hover else None
    return types.MarkupKind.Markdown in (formats or ())


def _forget_finished(ls: ConfigLanguageServer) -> None:
    if isinstance(ls.protocol, _Protocol):
        ls.protocol.forget_finished()


def build_server() -> ConfigLanguageServer:
    """A server with every feature registered."""
    server = ConfigLanguageServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: ConfigLanguageServer, params: types.InitializeParams) -> None:
        ls.settings = read_settings(ls.settings, params.initialization_options)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ConfigLanguageServer, _: types.InitializedParams) -> None:
        await ls.pull_settings()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def configuration_changed(
        ls: ConfigLanguageServer, params: types.DidChangeConfigurationParams
    ) -> None:
        if isinstance(params.settings, Mapping) and SECTION in params.settings:
            ls.apply_settings(params.settings)
        else:
            await ls.pull_settings()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ConfigLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        _forget_finished(ls)
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ConfigLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        _forget_finished(ls)
        ls.publish_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ConfigLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        _forget_finished(ls)
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ConfigLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        _forget_finished(ls)
        ls.forget(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: ConfigLanguageServer, params: types.HoverParams) -> types.Hover | None:
        found = ls.analysis(params.text_document.uri)
        offset = found.source.offset_at(params.position.line, params.position.character)
        return hover(found, offset, markdown=_hover_markdown(ls))

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " "])
    )
    def on_completion(
        ls: ConfigLanguageServer, params: types.CompletionParams
    ) -> types.CompletionList:
        found = ls.analysis(params.text_document.uri)
        items = completions(
            found,
            params.position.line,
            params.position.character,
            snippets=_snippets(ls),
            markdown=_completion_markdown(ls),
        )
        return types.CompletionList(is_incomplete=False, items=items)

    kinds = [types.CodeActionKind.QuickFix, *(cast("Any", kind) for kind, _ in SOURCE_ACTIONS)]

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=kinds)
    )
    def on_code_action(
        ls: ConfigLanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        found = ls.analysis(params.text_document.uri)
        start = found.source.offset_at(params.range.start.line, params.range.start.character)
        end = found.source.offset_at(params.range.end.line, params.range.end.character)
        only = [str(kind) for kind in params.context.only] if params.context.only else None
        automatic = params.context.trigger_kind == types.CodeActionTriggerKind.Automatic
        uri = params.text_document.uri
        return code_actions(found, uri, (start, end), only, automatic=automatic)

    return server


async def _serve_pipe(server: ConfigLanguageServer) -> None:
    """pygls' message loop, reading stdin through the event loop.

    pygls' own stdin reader hands each header line and each body to a worker thread and
    back, three round trips a message; reading the pipe in the event loop takes that
    time off every edit (see benchmarks/bench_lsp.py).
    """
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin.buffer)
    server.protocol.set_writer(StdoutWriter(sys.stdout.buffer))
    await run_async(
        stop_event=threading.Event(),
        reader=reader,
        protocol=server.protocol,
        logger=_LOG,
        error_handler=server.report_server_error,
    )


def run() -> None:
    """Serve over stdin/stdout until the client says exit."""
    server = build_server()
    if not stat.S_ISFIFO(os.fstat(sys.stdin.fileno()).st_mode):
        server.start_io()  # a file or a terminal: the event loop cannot watch it
        return
    with contextlib.suppress(KeyboardInterrupt, SystemExit, BrokenPipeError):
        asyncio.run(_serve_pipe(server))
