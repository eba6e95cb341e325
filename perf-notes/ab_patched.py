"""A/B of a patched source tree against the worktree's, as processes, in one run.

Usage: PATCHED=/tmp/bench-patched/src .venv/bin/python perf-notes/ab_patched.py
(the patched tree: a copy of src/ with a patch from this folder applied). Same house
pattern as benchmarks/bench_cli.py: candidates interleaved, median of in-round ratios.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_cli as b  # noqa: E402

PATCHED = os.environ["PATCHED"]
ROUNDS = int(os.environ.get("AB_ROUNDS", "9"))
SINGLE = int(os.environ.get("AB_SINGLE_ROUNDS", "21"))


def quietly(argv: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> Callable[[], object]:
    def go() -> None:
        done = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert done.returncode in (0, 1), argv[:4]
    return go


def main() -> None:
    env = {**os.environ, "PYTHONPATH": PATCHED}
    peer = b.find_peer()
    assert peer is not None
    ours = [sys.executable, "-m", "stream_kernel.config", "check"]
    one = str(b.ONE_FILE)
    work = {
        "ours": quietly([*ours, one], b.ROOT),
        "patched": quietly([*ours, one], b.ROOT, env),
        "peer": quietly([peer, "--schemafile", str(b.SCHEMA), one], b.ROOT),
    }
    for go in work.values():
        go()
    t = b.interleave(work, SINGLE)
    b._print_best(t, "ms", 1e3)
    print(b.ratio(t, "ours", "peer", "one file: ours / check-jsonschema", 0.5).line())
    print(b.ratio(t, "patched", "peer", "one file: patched / check-jsonschema", 0.5).line())
    print(b.ratio(t, "patched", "ours", "one file: patched / ours").line())
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        names, _ = b.make_corpus(folder, b.FILES)
        work = {
            "ours": quietly([*ours, *names], folder),
            "patched": quietly([*ours, *names], folder, env),
            "floor": quietly([sys.executable, "-c", b.FLOOR_CODE, str(b.SCHEMA), *names], folder),
            "peer": quietly([peer, "--schemafile", str(b.SCHEMA), *names], folder),
        }
        for go in work.values():
            go()
        t = b.interleave(work, ROUNDS)
        b._print_best(t, "ms", 1e3)
        n = len(names)
        print(b.ratio(t, "ours", "peer", f"{n} files: ours / check-jsonschema", 0.12).line())
        print(b.ratio(t, "patched", "peer", f"{n} files: patched / check-jsonschema", 0.12).line())
        print(b.ratio(t, "ours", "floor", f"{n} files: ours / floor", 1.3).line())
        print(b.ratio(t, "patched", "floor", f"{n} files: patched / floor", 1.3).line())
        print(b.ratio(t, "patched", "ours", f"{n} files: patched / ours").line())


if __name__ == "__main__":
    main()
