"""``stream-kernel-config check`` as a process, against check-jsonschema and a floor, in one run.

Run: ``make bench`` (it installs the peer, check-jsonschema, from the ``bench`` extra).
Every figure is the median, over rounds, of a ratio measured within one round, the
candidates interleaved (the order rotates each round), so a drift in machine speed
hits both sides of a ratio alike; the spread of the round ratios is printed with it.

1. One file (``examples/valid/typical-service.yaml``): one fresh process each,
   ``python -m stream_kernel.config check FILE`` against
   ``check-jsonschema --schemafile SCHEMA FILE``. Target: at most 0.5x.
2. The same, over BENCH_FILES files (1,000; every tenth invalid) in one invocation each,
   generated at the start from the example corpus. Target: at most 0.12x.
3. The floor, over the same files in one process: libyaml's C loader and a bare
   ``Draft7Validator(schema).is_valid`` per file. Aim: at most 1.3x.
4. Where the time goes: the per-file work in this process (loading, validation, linting
   and positions, reporting) against the floor's, and start-up (interpreter, imports).

Without check-jsonschema the peer's figures say "not installed" and the rest still runs.
Figures are not tests: the script exits 0 whatever they are.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import yaml
from jsonschema import Draft7Validator

from stream_kernel.config.check import CheckResult, check_loaded, check_text
from stream_kernel.config.cli import main as cli_main
from stream_kernel.config.cli.formats import write_text
from stream_kernel.config.diagnostics import ConfigError
from stream_kernel.config.loader import LoadedDocument, load_yaml
from stream_kernel.config.validator import validate_newgen_config

ROOT: Final = Path(__file__).resolve().parent.parent
EXAMPLES: Final = ROOT / "examples"
SCHEMA: Final = ROOT / "src/stream_kernel/config/schemas/runtime-config.v1.schema.json"
ONE_FILE: Final = EXAMPLES / "valid" / "typical-service.yaml"

# Overridable so a smoke test can check the script runs; figures come from the defaults.
ROUNDS: Final = int(os.environ.get("BENCH_ROUNDS", "9"))
SINGLE_ROUNDS: Final = int(os.environ.get("BENCH_SINGLE_ROUNDS", "21"))
FILES: Final = int(os.environ.get("BENCH_FILES", "1000"))
INVALID_EVERY: Final = 10  # every tenth file is invalid: 10%

ONE_FILE_TARGET: Final = 0.5
MANY_FILES_TARGET: Final = 0.12
FLOOR_AIM: Final = 1.3

PEER: Final = "check-jsonschema"
PEER_HINT: Final = "not installed (pip install -e '.[bench]', or make bench)"

# The floor as its own process: the same imports we make, the C loader, a bare is_valid.
FLOOR_CODE: Final = """\
import json, sys
import yaml
from jsonschema import Draft7Validator
with open(sys.argv[1], encoding="utf-8") as f:
    validator = Draft7Validator(json.load(f))
invalid = 0
for name in sys.argv[2:]:
    with open(name, encoding="utf-8") as f:
        invalid += not validator.is_valid(yaml.load(f.read(), Loader=yaml.CSafeLoader))
print(f"{invalid} invalid")
sys.exit(1 if invalid else 0)
"""
OUR_IMPORTS: Final = "from stream_kernel.config.cli import commands, formats"
FLOOR_IMPORTS: Final = "import json, yaml; from jsonschema import Draft7Validator"


# ---------------------------------------------------------------------------------------
# Measuring


def interleave(work: Mapping[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """Seconds each candidate took, one entry per round; the order rotates every round."""
    names = list(work)
    times: dict[str, list[float]] = {name: [] for name in names}
    for turn in range(rounds):
        shift = turn % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            work[name]()
            times[name].append(time.perf_counter() - start)
    return times


@dataclass(frozen=True)
class Ratio:
    """One figure: the within-round ratios of a candidate to its baseline."""

    label: str
    ratios: list[float]
    target: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.ratios)

    def line(self) -> str:
        spread = f"rounds {min(self.ratios):.2f}x..{max(self.ratios):.2f}x"
        if self.target is None:
            verdict = "no target"
        else:
            met = "met" if self.median <= self.target else "MISSED"
            verdict = f"target <= {self.target:.2f}x: {met}"
        return f"{self.label} = {self.median:.2f}x median ({spread}; {verdict})"


def ratio(
    times: Mapping[str, list[float]], ours: str, base: str, label: str, target: float | None = None
) -> Ratio:
    pairs = zip(times[ours], times[base], strict=True)
    return Ratio(label, [a / b for a, b in pairs], target)


def run(argv: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command to completion; 0 and 1 (findings) are the only acceptable statuses."""
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{argv[0]} exited {done.returncode}: {done.stderr[-2000:]}")
    return done


def quietly(argv: Sequence[str], cwd: Path) -> Callable[[], object]:
    """A timed run: output to /dev/null, so neither side pays for a pipe to this process."""

    def go() -> None:
        status = subprocess.run(
            argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        ).returncode
        if status not in (0, 1):
            raise RuntimeError(f"{argv[0]} exited {status}")

    return go


def find_peer() -> str | None:
    """check-jsonschema beside this interpreter, else on PATH; BENCH_PEER overrides both."""
    wanted = os.environ.get("BENCH_PEER")
    if wanted is not None:
        return wanted if os.access(wanted, os.X_OK) else None
    beside = Path(sys.executable).parent / PEER
    if os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(PEER)


# ---------------------------------------------------------------------------------------
# The corpus


def _loads(path: Path) -> bool:
    try:
        load_yaml(path.read_bytes())
    except ConfigError:
        return False
    return True


def make_corpus(folder: Path, count: int) -> tuple[list[str], int]:
    """``count`` distinct files from the examples, every tenth invalid: (names, invalid count).

    Invalid files come only from the examples our loader accepts (a hostile file that it
    refuses, check-jsonschema may crash on); each file starts with its own comment line.
    """
    valid = sorted((EXAMPLES / "valid").glob("*.yaml"))
    invalid = [p for p in sorted((EXAMPLES / "invalid").glob("*.yaml")) if _loads(p)]
    names: list[str] = []
    bad = 0
    for index in range(count):
        if index % INVALID_EVERY == INVALID_EVERY - 1:
            source = invalid[bad % len(invalid)]
            bad += 1
        else:
            source = valid[(index - bad) % len(valid)]
        name = f"{index:04d}-{source.name}"
        text = source.read_text(encoding="utf-8")
        (folder / name).write_text(f"# bench file {index}\n{text}", encoding="utf-8")
        names.append(name)
    return names, bad


# ---------------------------------------------------------------------------------------
# Agreement: every side must find the same invalid files, or the figures compare nothing


def check_agreement(
    commands: Mapping[str, list[str]], folder: Path, expected: int, peer: str | None
) -> None:
    ours = json.loads(run([*commands["ours"], "--format", "json"], folder).stdout)["totals"]
    print(f"  ours: {ours['invalid']} invalid, {ours['unreadable']} unreadable")
    found = {"ours": ours["invalid"] + ours["unreadable"]}
    floor = run(commands["floor"], folder).stdout.split()[0]
    print(f"  floor: {floor} invalid")
    found["floor"] = int(floor)
    if peer is not None:
        report = json.loads(run([*commands[PEER], "-o", "json"], folder).stdout)
        files = {e["filename"] for e in report["errors"]}
        parse_errors = len(report["parse_errors"])
        print(f"  {PEER}: {len(files)} invalid, {parse_errors} parse errors")
        found[PEER] = len(files) + parse_errors
    for side, count in found.items():
        if count != expected:
            print(f"  WARNING: {side} found {count} invalid files, expected {expected}")


# ---------------------------------------------------------------------------------------
# The figures


def one_file(peer: str | None) -> None:
    print(f"\n1. One file ({ONE_FILE.name}), a fresh process each; {SINGLE_ROUNDS} rounds")
    ours = [sys.executable, "-m", "stream_kernel.config", "check", str(ONE_FILE)]
    work = {"ours": quietly(ours, ROOT)}
    if peer is not None:
        work[PEER] = quietly([peer, "--schemafile", str(SCHEMA), str(ONE_FILE)], ROOT)
    for go in work.values():
        go()  # warm up: bytecode caches, the page cache
    times = interleave(work, SINGLE_ROUNDS)
    _print_best(times, "ms", 1e3)
    if peer is None:
        print(f"one file: ours / {PEER} = {PEER_HINT}")
    else:
        print(ratio(times, "ours", PEER, f"one file: ours / {PEER}", ONE_FILE_TARGET).line())


def many_files(peer: str | None, folder: Path, names: list[str], invalid: int) -> None:
    print(f"\n2-3. {len(names)} files ({invalid} invalid) in one invocation each; {ROUNDS} rounds")
    commands = {
        "ours": [sys.executable, "-m", "stream_kernel.config", "check", *names],
        "floor": [sys.executable, "-c", FLOOR_CODE, str(SCHEMA), *names],
    }
    if peer is not None:
        commands[PEER] = [peer, "--schemafile", str(SCHEMA), *names]
    check_agreement(commands, folder, invalid, peer)  # also the warm-up
    times = interleave({side: quietly(argv, folder) for side, argv in commands.items()}, ROUNDS)
    _print_best(times, "ms", 1e3)
    if peer is None:
        print(f"{len(names)} files: ours / {PEER} = {PEER_HINT}")
    else:
        label = f"{len(names)} files: ours / {PEER}"
        print(ratio(times, "ours", PEER, label, MANY_FILES_TARGET).line())
        # What the floor itself gets against the peer: how low that target can be reached.
        print(ratio(times, "floor", PEER, f"{len(names)} files: floor / {PEER}").line())
    print(ratio(times, "ours", "floor", f"{len(names)} files: ours / floor", FLOOR_AIM).line())


def _texts(folder: Path, names: list[str]) -> list[str]:
    return [(folder / name).read_text(encoding="utf-8") for name in names]


def _validate(document: object) -> bool:
    with contextlib.suppress(ConfigError):
        validate_newgen_config(document)
        return True
    return False


def in_process(folder: Path, names: list[str]) -> None:
    print(f"\n4. Where the time goes, in this process, over the same {len(names)} texts;")
    print(f"   {ROUNDS} rounds; each candidate against the floor's whole per-file work")
    texts = _texts(folder, names)
    paths = [str(folder / name) for name in names]
    bare = Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    c_loader = yaml.CSafeLoader
    documents = [yaml.load(t, Loader=c_loader) for t in texts]  # noqa: S506 - the safe C loader
    loaded: list[LoadedDocument] = [load_yaml(t) for t in texts]
    results: list[CheckResult] = [
        check_text(t, source=n) for t, n in zip(texts, names, strict=True)
    ]

    def floor() -> None:
        for t in texts:
            bare.is_valid(yaml.load(t, Loader=c_loader))  # noqa: S506

    work: dict[str, Callable[[], object]] = {
        "floor: CSafeLoader + is_valid": floor,
        "check_text (ours, whole per-file work)": lambda: [check_text(t) for t in texts],
        "  loading: yaml.load CSafeLoader": lambda: [
            yaml.load(t, Loader=c_loader)  # noqa: S506
            for t in texts
        ],
        "  loading: loader.load_yaml": lambda: [load_yaml(t) for t in texts],
        "  validation: bare is_valid": lambda: [bare.is_valid(d) for d in documents],
        "  validation: validate_newgen_config": lambda: [_validate(d) for d in documents],
        "  check_loaded (validate, lint, positions)": lambda: [check_loaded(d) for d in loaded],
        "  reporting: write_text": lambda: write_text(results, io.StringIO(), color=False),
        "CLI main in-process (reads the files)": lambda: cli_main(
            ["check", *paths], out=io.StringIO(), err=io.StringIO()
        ),
    }
    for go in work.values():
        go()  # warm up: the compiled schema, the catalog, caches
    times = interleave(work, ROUNDS)
    base = "floor: CSafeLoader + is_valid"
    for name, spent in times.items():
        per_file = min(spent) / len(texts) * 1e6
        shown = ratio(times, name, base, "").median
        print(f"  {name:44} {per_file:8.1f} us/file (best)  {shown:5.2f}x floor (median)")
    label = "in-process: check_text / floor"
    print(ratio(times, "check_text (ours, whole per-file work)", base, label, FLOOR_AIM).line())


def start_up() -> None:
    print(f"\n5. Start-up, a fresh process each; {SINGLE_ROUNDS} rounds")
    work = {
        "python -c pass": quietly([sys.executable, "-c", "pass"], ROOT),
        "floor's imports": quietly([sys.executable, "-c", FLOOR_IMPORTS], ROOT),
        "our imports": quietly([sys.executable, "-c", OUR_IMPORTS], ROOT),
        "ours, one file": quietly(
            [sys.executable, "-m", "stream_kernel.config", "check", str(ONE_FILE)], ROOT
        ),
    }
    for go in work.values():
        go()
    times = interleave(work, SINGLE_ROUNDS)
    _print_best(times, "ms", 1e3)
    print(ratio(times, "our imports", "floor's imports", "start-up: our imports / floor's").line())


def _print_best(times: Mapping[str, list[float]], unit: str, scale: float) -> None:
    for name, spent in times.items():
        best, middle = min(spent) * scale, statistics.median(spent) * scale
        print(f"  {name:44} {best:9.1f} {unit} best, {middle:9.1f} {unit} median")


def main() -> int:
    peer = find_peer()
    python = sys.version.split()[0]
    print(f"Python {python}; libyaml C loader: {'yes' if hasattr(yaml, 'CSafeLoader') else 'no'}")
    if peer is None:
        print(f"peer: {PEER} {PEER_HINT}")
    else:
        version = run([peer, "--version"], ROOT).stdout.strip()
        print(f"peer: {version} ({peer})")
    print(f"schema: {SCHEMA.relative_to(ROOT)}")
    one_file(peer)
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as temp:
        folder = Path(temp)
        names, invalid = make_corpus(folder, FILES)
        many_files(peer, folder, names, invalid)
        in_process(folder, names)
    start_up()
    return 0


if __name__ == "__main__":
    sys.exit(main())
