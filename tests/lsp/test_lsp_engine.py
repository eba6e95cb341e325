"""The server's one call into the engine gives exactly what ``check_text`` gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from stream_kernel.config.check import check_text
from stream_kernel.config.lsp.analysis import Settings, run_check
from stream_kernel.config.lsp.server import read_settings
from stream_kernel.config.strategies import invalid_configs, valid_configs
from tests.property.budget import budget, counted
from tests.support.corpus import ROOT

from .session import CORPORA


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:  # an editor holds text, not bytes that are not UTF-8
        return None


FILES = [
    f
    for f in [f for c in CORPORA for f in c.files()]
    + sorted((ROOT / "tests/cli/hostile").glob("*"))
    if _text(f) is not None
]


def _same(text: str) -> None:
    result, loaded = run_check(text, source="doc.yaml", settings=Settings())

    assert result == check_text(text, source="doc.yaml")
    # The parsed document is kept exactly when the loader accepted the text.
    assert (loaded is None) == any(d.code.startswith("SK-CFG-3") for d in result.diagnostics)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_and_hostile_file(path: Path) -> None:
    text = _text(path)
    assert text is not None
    _same(text)


@budget(ci=60, fuzz=2_000)
@given(
    text=st.one_of(
        st.text(
            alphabet=st.sampled_from(list("abc:-{}[]&*!'\"# \n\t\u00e9\U0001f600")), max_size=60
        ),
        valid_configs().map(yaml.safe_dump),
        invalid_configs().map(lambda m: yaml.safe_dump(m.config)),
    )
)
@counted
def test_any_text(text: str) -> None:
    _same(text)


def test_settings_come_from_the_section_or_its_contents() -> None:
    given_options = {"streamKernelConfig": {"contract": "v2", "debounceMs": 5}}

    assert read_settings(Settings(), given_options) == Settings(contract="v2", debounce_ms=5)
    assert read_settings(Settings(), {"debounceMs": 0}) == Settings(debounce_ms=0)
    # Values of the wrong kind are ignored, not trusted.
    assert read_settings(Settings(), {"contract": 2, "debounceMs": True}) == Settings()
    assert read_settings(Settings(), None) == Settings()
