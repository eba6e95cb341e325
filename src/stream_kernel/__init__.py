"""stream_kernel: the runtime-config contract of the stream_kernel framework.

The public surfaces live in :mod:`stream_kernel.config` (validation) and
:mod:`stream_kernel.app.runtime` (the runtime contract summary).
"""

__all__: list[str] = []
