"""The ``stream-kernel-config`` command, run as a separate process as a user runs it."""
