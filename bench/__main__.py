"""Run every benchmark: `python -m bench [name...]`."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("pages", "vcard", "scores", "plan", "imports", "mailbox")


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        status = module.main()
        if status:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
