"""Where a command reads and writes, and what happens when its output cannot be written.

:class:`Streams` is the process's own streams or a test's. A standard stream the process
started without (``>&-``) is stood in for by one whose every write fails, so the command
reports it like any other failed write; :func:`drop_unwritten` keeps the interpreter's
final flush from failing a second time.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from dataclasses import dataclass
from typing import TextIO

__all__ = ["Streams", "drop_unwritten", "standard"]


@dataclass(frozen=True, slots=True)
class Streams:
    """Where a command reads and writes: the process's own streams, or a test's."""

    out: TextIO
    err: TextIO
    stdin: TextIO


class _Closed(io.StringIO):
    """A standard stream the process started without (``>&-``): every write fails, as a
    write to a closed descriptor does, so the command reports it like any other."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.closed_name = name

    def write(self, text: str, /) -> int:
        raise OSError(errno.EBADF, f"standard {self.closed_name} is closed")


def standard(stream: TextIO | None, name: str) -> TextIO:
    # Python sets sys.stdout (sys.stderr, sys.stdin) to None when its descriptor is closed.
    return stream if stream is not None else _Closed(name)


def drop_unwritten(out: TextIO) -> None:
    """Send what is left in stdout's buffer nowhere, so the interpreter's final flush does
    not fail again and print a traceback of its own (exit status 120)."""
    if out is not sys.stdout:
        return
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
