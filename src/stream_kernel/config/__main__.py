"""``python -m stream_kernel.config``: the same command as ``stream-kernel-config``."""

import sys

from .cli import entry

if __name__ == "__main__":
    sys.exit(entry())
