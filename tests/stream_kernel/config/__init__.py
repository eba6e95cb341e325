"""The ``stream_kernel.config`` library: validator, loader, checker, codes, schema file."""
