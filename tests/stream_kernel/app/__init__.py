"""``stream_kernel.app``: the runtime summary the framework reads."""
