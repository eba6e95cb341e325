"""The library's cost follows the document, not its expansion.

``yaml.safe_load`` gives an alias the same object as its anchor, so 300 bytes of YAML can
hold a list that is 9**12 items long once expanded. Whatever reads it (the checks, the
messages, the copy) must touch each shared node once: a refusal or an acceptance costs
the document's distinct nodes. A regression fails on a bound (a count, a memory limit, a
timeout), never by hanging the suite.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any, Final

import pytest

from stream_kernel.config._contracts import V1, V2, Contract
from stream_kernel.config._keywords import UNRENDERED, bounded_keywords
from stream_kernel.config._schema import (
    ANNOTATIONS,
    CODE_KEYWORD,
    iter_subschemas,
)
from stream_kernel.config.validator import validate_newgen_config

from .configs import platform, rejected

NAMES: Final = "abcdefghijklmnop"
# Where the expanded value goes, and the code it must get there.
PLACES: Final = {
    "bootstrap": ("runtime: {{platform: {{bootstrap: *{0}}}}}", "SK-CFG-102"),
    "bootstrap-mode": ("runtime: {{platform: {{bootstrap: {{mode: *{0}}}}}}}", "BOOT-CFG-01"),
    "auth-secret": (
        "runtime: {{platform: {{execution_ipc: {{auth: {{secret: *{0}}}}}}}}}",
        "SK-CFG-202",
    ),
    "bind-port": ("runtime: {{platform: {{execution_ipc: {{bind_port: *{0}}}}}}}", "SK-CFG-202"),
}


def lattice(levels: int, place: str) -> str:
    """``levels`` lists of nine, each made of nine aliases of the one before, used at ``place``."""
    lines = [f"a: &a [{', '.join(['x'] * 9)}]"]
    for level in range(1, levels):
        name, below = NAMES[level], NAMES[level - 1]
        lines.append(f"{name}: &{name} [{', '.join([f'*{below}'] * 9)}]")
    return "\n".join([*lines, PLACES[place][0].format(NAMES[levels - 1])]) + "\n"


# The child sets its own memory limit, reads YAML from stdin the way `how` says, and
# reports what it found and its peak memory. 1 GiB of address space: the interpreter
# needs a few hundred MiB.
_CHILD: Final = """
import resource, sys, yaml
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from stream_kernel.config.check import check_text
from stream_kernel.config.loader import Limits
from stream_kernel.config.validator import ConfigError, validate_newgen_config
text = sys.stdin.read()
if sys.argv[1] == "check":
    print(check_text(text, limits=Limits(max_alias_nodes=10**12)).errors[0].code)
else:
    try:
        config = validate_newgen_config(yaml.safe_load(text))
        print("shared" if config["b"][0] is config["b"][-1] else "copied")
    except ConfigError as err:
        print(err.code)
# The peak of this process's own memory: VmHWM starts afresh at exec, whereas ru_maxrss
# can carry the size of the (large) test process this child was forked from.
with open("/proc/self/status") as status:
    peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(peak_kib // 1024)
"""


def in_a_child(how: str, text: str) -> str:
    """What the child found, after checking that it stayed far below its memory limit."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, how],
        input=text,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    found, peak_mib = done.stdout.split()
    # Before, the messages alone took 718 MB for 8 levels and hit any limit at 9.
    assert int(peak_mib) < 256, f"{peak_mib} MiB"
    return found


@pytest.mark.parametrize("levels", [9, 12])
@pytest.mark.parametrize("place", PLACES)
def test_an_aliased_lattice_is_refused_at_the_cost_of_its_size(levels: int, place: str) -> None:
    assert in_a_child("validate", lattice(levels, place)) == PLACES[place][1]


@pytest.mark.parametrize("levels", [9, 12])
def test_check_refuses_a_lattice_at_the_cost_of_its_size(levels: int) -> None:
    # Within a generous alias budget the loader builds it (shared); the check refuses it.
    assert in_a_child("check", lattice(levels, "bootstrap-mode")) == "BOOT-CFG-01"


def test_a_long_list_aliased_many_times_is_copied_once() -> None:
    # 50,000 aliases of a 50,000-item list: 250 KB of YAML, 2.5 billion items expanded.
    text = f"a: &a [{', '.join(['x'] * 50_000)}]\nb: [{', '.join(['*a'] * 50_000)}]\n"

    assert in_a_child("validate", text) == "shared"


class _Exhausted(BaseException):
    """Not an Exception: no handler of the library can swallow it."""


class _Touched(list[Any]):
    """A list that counts how often it is walked or rendered, and stops a runaway walk."""

    budget = 0

    def _touch(self) -> None:
        _Touched.budget -= 1
        if _Touched.budget < 0:
            raise _Exhausted

    def __iter__(self) -> Iterator[Any]:
        self._touch()
        return super().__iter__()

    def __repr__(self) -> str:
        self._touch()
        return super().__repr__()


def touched_lattice(levels: int) -> _Touched:
    node = _Touched(["x"] * 9)
    for _ in range(levels - 1):
        node = _Touched([node] * 9)
    return node


@pytest.mark.parametrize("levels", [9, 12])
@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (lambda v: platform(bootstrap=v), "SK-CFG-102"),
        (lambda v: platform(bootstrap={"mode": v}), "BOOT-CFG-01"),
        (lambda v: platform(execution_ipc={"auth": {"secret": v}}), "SK-CFG-202"),
        (lambda v: platform(execution_ipc={"auth": {"kdf": v}}), "BOOT-CFG-03"),
        (lambda v: platform(execution_ipc={"bind_port": v}), "SK-CFG-202"),
    ],
    ids=["bootstrap", "bootstrap-mode", "auth-secret", "auth-kdf", "bind-port"],
)
def test_refusing_a_shared_value_touches_it_a_bounded_number_of_times(
    levels: int, raw: Callable[[object], object], code: str
) -> None:
    _Touched.budget = 50  # the walk may look at a value; it may not expand it
    err = rejected(raw(touched_lattice(levels)))

    assert err.code == code


def test_accepting_a_shared_value_walks_it_once_per_reference() -> None:
    _Touched.budget = 9 * 12 + 1  # each reference once: the size of the document, as written
    config = validate_newgen_config({"elsewhere": touched_lattice(12)})

    top = config["elsewhere"]
    assert top[0] is top[8]  # still shared in the copy


class _Listed(dict[Any, Any]):
    """A mapping that counts how often its keys are walked."""

    walks = 0

    def __iter__(self) -> Iterator[Any]:
        _Listed.walks += 1
        return super().__iter__()


@pytest.mark.parametrize("contract", ["v1", "v2"])
@pytest.mark.parametrize(
    "raw",
    [
        lambda keys: platform(bootstrap=keys),
        lambda keys: platform(execution_ipc={"auth": keys}),
    ],
    ids=["bootstrap", "auth"],
)
def test_a_finding_per_key_of_a_wide_mapping_does_not_walk_it_per_finding(
    raw: Callable[[object], object], contract: str
) -> None:
    # Each unknown key is a finding; hiding the secret's keys on their paths once listed
    # the mapping for each: 20,000 unknown keys took nine times as long as without it.
    walks = []
    for count in (10, 200):
        _Listed.walks = 0
        err = rejected(raw(_Listed({f"k{n}": 1 for n in range(count)})), contract=contract)
        assert len([d for d in err.diagnostics if d.code == "SK-CFG-201"]) == count
        walks.append(_Listed.walks)

    assert walks[0] == walks[1]


class _Unshowable(list[Any]):
    def __repr__(self) -> str:
        raise _Exhausted

    __str__ = __repr__


@pytest.mark.parametrize(
    "at", sorted({at for at, _, _ in iter_subschemas(V1.schema())}), ids=".".join
)
def test_no_rule_renders_the_value_it_checks(at: tuple[str, ...]) -> None:
    document: dict[str, Any] = {}
    node = document
    for part in at[:-1]:
        node = node.setdefault(part, {})
    if at:
        node[at[-1]] = _Unshowable([1])
    else:
        document = _Unshowable([1])  # type: ignore[assignment]

    errors = list(V1.validator().iter_errors(document))

    assert errors


@pytest.mark.parametrize("contract", [V1, V2], ids=lambda c: c.name)
def test_every_keyword_of_the_contract_has_a_message_that_never_shows_the_instance(
    contract: Contract,
) -> None:
    used = {
        keyword
        for _, _, schema in iter_subschemas(contract.schema())
        for keyword in schema
        if keyword not in ANNOTATIONS | {CODE_KEYWORD, "writeOnly", "default", "$schema", "$id"}
    }

    assert used <= set(bounded_keywords()) | UNRENDERED, used - set(bounded_keywords())
