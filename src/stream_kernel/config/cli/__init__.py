"""The ``stream-kernel-config`` command line.

:func:`main` runs it in-process (and returns the exit status); :func:`entry` is the
console script. The commands live in :mod:`.commands`, the output formats of
``check --format`` in :mod:`.formats`.
"""

from .commands import entry, main

__all__ = ["entry", "main"]
