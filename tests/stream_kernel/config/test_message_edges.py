"""The edges of what a message says: the longest text that still gets a "did you mean",
and a caller's value that cannot even be asked its type."""

from __future__ import annotations

from stream_kernel.config._messages import _SUGGESTED_CHARS, describe, suggestion_for

from .configs import platform, rejected


def test_a_did_you_mean_is_offered_up_to_the_length_limit_and_not_beyond() -> None:
    stem = "x" * (_SUGGESTED_CHARS - 1)

    assert suggestion_for(stem + "y", [stem + "z"]) == stem + "z"
    assert suggestion_for(stem + "yy", [stem + "zz"]) is None


class _Slippery:
    """A caller's object that cannot say its class: every isinstance check on it raises."""

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        raise RuntimeError("no class")


def test_a_value_that_cannot_be_inspected_is_named_by_its_own_type() -> None:
    assert describe(_Slippery()) == "a value of type _Slippery"


def test_a_secret_that_cannot_be_inspected_gets_a_type_error_naming_its_type_only() -> None:
    err = rejected(platform(execution_ipc={"auth": {"secret": _Slippery()}}))

    types = [d for d in err.diagnostics if d.code == "SK-CFG-202"]
    assert [d.path for d in types] == ["runtime.platform.execution_ipc.auth.secret"]
    assert types[0].message.endswith("expected a string, got a value of type _Slippery")
