"""Validation of the stream_kernel runtime-config contract (v1).

Everything public is importable from here: validating a parsed config
(:func:`validate_newgen_config`), checking YAML text or files with positions
(:func:`check_text`, :func:`check_file`, :func:`check_loaded`), and the hardened YAML
loader they use (:func:`load_yaml`, :func:`load_file`, :class:`Limits`).

>>> from stream_kernel.config import validate_newgen_config
>>> validate_newgen_config({})["runtime"]["platform"]["bootstrap"]["mode"]
'inline'
>>> from stream_kernel.config import check_text
>>> [(d.line, d.column, d.code) for d in check_text("runtime: {platform: 7}").errors]
[(1, 21, 'SK-CFG-102')]
"""

from .check import CheckResult, check_file, check_loaded, check_text, contract_of
from .diagnostics import ConfigError, Diagnostic
from .loader import DEFAULT_LIMITS, Limits, load_file, load_yaml
from .validator import validate_newgen_config

__all__ = [
    "DEFAULT_LIMITS",
    "CheckResult",
    "ConfigError",
    "Diagnostic",
    "Limits",
    "check_file",
    "check_loaded",
    "check_text",
    "contract_of",
    "load_file",
    "load_yaml",
    "validate_newgen_config",
]
