"""Validation of the stream_kernel runtime-config contract (v1).

>>> from stream_kernel.config import validate_newgen_config
>>> validate_newgen_config({})["runtime"]["platform"]["bootstrap"]["mode"]
'inline'
"""

from .validator import ConfigError, Diagnostic, validate_newgen_config

__all__ = ["ConfigError", "Diagnostic", "validate_newgen_config"]
