"""CSV reading: time and peak memory of mlpgui's reader against numpy.loadtxt, in one run.

Run:  .venv/bin/python benchmarks/bench_csv.py [--quick] [--keep DIR]

Generates, in a temporary directory, CSV files with two inputs and one target (x1,x2,t):

- 1e6 rows of 6-digit numbers (about 22 MB, the file of issue #11),
- the same rows with every cell in double quotes (the csv-module route, not numpy's),
- a 200 MB file of shortest-repr floats (about 3.5 million rows).

Every contender reads each file in a fresh subprocess, so that its peak resident memory
(VmHWM in /proc/self/status; ``ru_maxrss`` elsewhere) is its own; the rounds are interleaved
(A B C A B C …) and the median time is reported, with the ratio to ``numpy.loadtxt`` on the
same file.
Targets (issue #11): peak RSS well under 1 GB for the 200 MB file (the old reader peaked at
7 GB). "Before reading" is the resident memory after the imports; Dataset.from_csv holds the
table twice at its peak (the reader's and the dataset's own read-only copy).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

CONTENDERS = ("numpy.loadtxt", "read_csv", "Dataset.from_csv")


@dataclass
class CsvFile:
    label: str
    path: Path
    rows: int
    quoted: bool = False


def _write_rows(path: Path, values: np.ndarray, fmt: str, quoted: bool) -> None:
    """Write (n, 3) ``values`` under the header x1,x2,t, a chunk of rows at a time."""
    cell = f'"{fmt}"' if quoted else fmt
    line = ",".join([cell] * 3) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as file:
        file.write("x1,x2,t\n")
        for start in range(0, len(values), 100_000):
            chunk = values[start : start + 100_000]
            file.write("".join(line % tuple(row) for row in chunk.tolist()))


def make_files(directory: Path, quick: bool) -> list[CsvFile]:
    rng = np.random.default_rng(11)
    files = []
    rows = 200_000 if quick else 1_000_000
    small = rng.standard_normal((rows, 3))
    for quoted in (False, True):
        label = f"{rows:,} rows, 6 digits" + (", quoted" if quoted else "")
        path = directory / ("quoted.csv" if quoted else "rows.csv")
        _write_rows(path, small, "%.6g", quoted)
        files.append(CsvFile(label, path, rows, quoted))
    target_bytes = (40 if quick else 200) * 10**6
    big_rows = target_bytes // 58  # a shortest-repr float takes 18-19 characters
    path = directory / "big.csv"
    _write_rows(path, rng.standard_normal((big_rows, 3)), "%r", quoted=False)
    size = path.stat().st_size
    files.append(CsvFile(f"{size / 1e6:.0f} MB, {big_rows:,} rows, repr floats", path, big_rows))
    return files


def child(contender: str, path: str, quoted: bool) -> None:
    """Read ``path`` once and print {"seconds", "peak_mb", "base_mb", "rows"} as JSON."""
    import resource

    from mlpgui.core.csv_io import read_csv
    from mlpgui.core.dataset import Dataset

    base = _status_kib("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if contender == "numpy.loadtxt":
        rows = len(np.loadtxt(path, delimiter=",", skiprows=1, quotechar='"' if quoted else None))
    elif contender == "read_csv":
        rows = len(read_csv(path).inputs)
    else:
        rows = len(Dataset.from_csv(path))
    seconds = time.perf_counter() - start
    peak = _status_kib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB
    print(
        json.dumps(
            {"seconds": seconds, "peak_mb": peak / 1024, "base_mb": base / 1024, "rows": rows}
        )
    )


def _status_kib(field: str) -> int | None:
    """A memory figure of this process from /proc/self/status (Linux), in KiB, or None.

    VmHWM, the peak, is used rather than ``ru_maxrss``: Linux carries ``ru_maxrss`` over
    ``execve`` from the parent, so a child would report the benchmark's own peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def measure(contender: str, csv_file: CsvFile) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", contender, str(csv_file.path)]
    if csv_file.quoted:
        command.append("--quoted")
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    outcome = json.loads(result.stdout)
    assert outcome["rows"] == csv_file.rows, (contender, outcome)
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller files, one round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--child", nargs=2, metavar=("CONTENDER", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--quoted", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.quoted)
        return
    rounds = 1 if args.quick else args.rounds
    with tempfile.TemporaryDirectory(prefix="bench_csv_") as temporary:
        directory = args.keep or Path(temporary)
        directory.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        files = make_files(directory, args.quick)
        print(f"Generated {len(files)} files in {time.perf_counter() - start:.1f} s.\n")
        for csv_file in files:
            report(csv_file, rounds)


def report(csv_file: CsvFile, rounds: int) -> None:
    results: dict[str, list[dict[str, float]]] = {name: [] for name in CONTENDERS}
    for _ in range(rounds):
        for name in CONTENDERS:
            results[name].append(measure(name, csv_file))
    size = csv_file.path.stat().st_size / 1e6
    result = csv_file.rows * 3 * 8 / 1e6
    print(f"{csv_file.label} ({size:.1f} MB; the result is {result:.0f} MB), median of {rounds}:")
    reference = statistics.median(r["seconds"] for r in results["numpy.loadtxt"])
    for name in CONTENDERS:
        seconds = statistics.median(r["seconds"] for r in results[name])
        peak = max(r["peak_mb"] for r in results[name])
        base = max(r["base_mb"] for r in results[name])
        print(
            f"  {name:<17} {seconds:7.2f} s  {seconds / reference:5.2f}× loadtxt   "
            f"peak RSS {peak:6.0f} MB (before reading {base:.0f} MB)"
        )
    print()


if __name__ == "__main__":
    main()
