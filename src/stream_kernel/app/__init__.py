"""Application-level views of a validated stream_kernel config."""

__all__: list[str] = []
