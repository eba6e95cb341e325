"""What `make demo` shows: a valid config's runtime summary, an invalid one's coded diagnostics."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from stream_kernel.app.runtime import runtime_contract_summary
from stream_kernel.config import ConfigError, validate_newgen_config

HERE = Path(__file__).resolve().parent
VALID = HERE / "valid" / "spec-process-supervisor-implicit-kdf.yaml"
INVALID = HERE / "invalid" / "every-error-at-once.yaml"


def show(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    print(f"$ cat {path.relative_to(HERE.parent)}")
    # The corpus's own annotations (expect/normalized lines) are for the tests, not the reader.
    print("".join(line for line in text.splitlines(keepends=True) if not line.startswith("# ")))
    document = yaml.safe_load(text)
    try:
        validate_newgen_config(document)
    except ConfigError as err:
        for diagnostic in err.diagnostics:
            print(f"  {diagnostic}")
        print(f"  -> ConfigError: {len(err.diagnostics)} errors, first {err.code} at {err.path}")
    else:
        print("  valid; runtime_contract_summary:")
        summary = json.dumps(runtime_contract_summary(document), indent=2)
        print("\n".join("  " + line for line in summary.splitlines()))
    print()


def main() -> int:
    show(VALID)
    show(INVALID)
    return 0


if __name__ == "__main__":
    sys.exit(main())
