#!/usr/bin/env python3
"""Run every benchmark in this folder and print their figures (`make bench`).

Benchmarks print figures; they assert nothing. Those that need PostgreSQL read
DATABASE_URL / BENCH_DATABASE_URL themselves and say so when it is missing.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        print(f"--- {script.name}: exit {result.returncode}, {time.perf_counter() - started:.1f} s")
        if result.returncode:
            failed.append(script.name)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
