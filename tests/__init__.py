"""The test suite, one folder per subject; each folder's helpers sit beside its tests.

- ``stream_kernel/config``: the library (validator, loader, checker, codes, schema file);
  its builders in ``configs.py``.
- ``stream_kernel/app``: the runtime summary as the framework uses it.
- ``cli``: the command run as a process (``runner.py``) and the hostile input files.
- ``ide``: the schema in third-party tools (yaml-language-server, ajv, check-jsonschema);
  the clients in ``lsp.py`` and ``interop.py``, the server fixture in ``conftest.py``.
- ``property``: the Hypothesis properties; their example budgets in ``budget.py``.
- ``support``: what several folders share (the example corpus, the editor messages, the
  Hypothesis profiles).
- this folder: the packaging, the docs, the demo, the benchmarks and the pre-commit hook.

A package, so helpers are imported by their place (``from tests.support.corpus import
examples``) rather than through a search path.
"""
