"""The downstream example in docs/fuzzing.md runs and passes as written."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import settings

from tests.support.corpus import ROOT

DOC = ROOT / "docs" / "fuzzing.md"


def test_the_downstream_example_in_the_fuzzing_doc_passes(tmp_path: Path) -> None:
    (block,) = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    # A file of its own: Hypothesis reads each test's source (inspect.getsource), which
    # must be the example, not the Markdown around it.
    example = tmp_path / "fuzzing_doc_example.py"
    example.write_text(block, encoding="utf-8")
    namespace: dict[str, Any] = {"__name__": "fuzzing_doc_example"}

    exec(compile(block, str(example), "exec"), namespace)  # noqa: S102 - our own doc's example

    tests: list[Callable[[], None]] = [v for k, v in namespace.items() if k.startswith("test_")]
    assert len(tests) == 3
    for test in tests:
        # A few examples each: this checks the example works, the properties fuzz.
        settings(max_examples=5, derandomize=True, database=None, deadline=None)(test)()
