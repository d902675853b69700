"""Core engine speed, side by side in one process: Trainer.run, Trainer.step, a minimal
hand-written NumPy loop and (if installed) PyTorch eager with one thread.

Run:  .venv/bin/python benchmarks/bench_core.py [--quick]

Each contender is timed in several short rounds, interleaved (A B C A B C …), and the median
steps/s is reported, so that load from other processes hits all of them alike. Targets
(issue #2): run ≥ 0.8× the minimal loop and ≥ 5× torch; step ≥ 0.6× the minimal loop.

The additions to the lecture (issue #13) are timed in the same rounds: ``run`` with L2
regularisation, with L1, and with momentum, each as the median over rounds of its ratio to
plain ``run`` in the same round. Target: each costs at most 10 % of the run speed (ratio ≥
0.9). Rates are measured in process CPU time, which other processes on a busy machine
disturb less than wall-clock time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_loops import MinimalLoop, torch_loop

from mlpgui.core import MLP, Dataset, Trainer


@dataclass
class Case:
    name: str
    sizes: list[int]
    hidden: str
    n_points: int
    batch: int | None
    learning_rate: float


CASES = [
    Case("lecture 1-2-2-1 sigmoid, 50 points, full batch", [1, 2, 2, 1], "sigmoid", 50, None, 0.5),
    Case("2-8-8-1 tanh, 200 points, full batch", [2, 8, 8, 1], "tanh", 200, None, 0.1),
    Case("2-64-64-1 relu, batches of 32 from 2,000 points", [2, 64, 64, 1], "relu", 2000, 32, 0.01),
]


def make_data(case: Case) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, size=(case.n_points, case.sizes[0]))
    t = np.sin(3 * x[:, :1]) * np.cos(2 * x[:, -1:])
    return x, t


ADDITIONS = {
    "L2": {"l2_rate": 1e-3},
    "L1": {"l1_rate": 1e-4},
    "momentum": {"momentum": 0.9},
}
"""Trainer settings of each timed addition to the lecture."""
ADDITION_TARGET = 0.9


def rate(fn: Callable[[int], object], steps: int) -> float:
    start = time.process_time()
    fn(steps)
    return steps / max(time.process_time() - start, 1e-9)


def bench_case(case: Case, rounds: int, seconds: float) -> dict[str, float]:
    x, t = make_data(case)
    activations = [case.hidden] * (len(case.sizes) - 2) + ["linear"]
    batch = "full" if case.batch is None else case.batch
    # Small learning rates keep all contenders finite for the whole benchmark.
    lr = case.learning_rate * 0.01

    def new_trainer(**additions: float) -> Trainer:
        net = MLP(case.sizes, activations, seed=0)
        return Trainer(net, Dataset(x, t), lr, loss="mse", batch=batch, seed=0, **additions)

    run_trainer, step_trainer = new_trainer(), new_trainer()
    net0 = MLP(case.sizes, activations, seed=0)
    minimal = MinimalLoop(net0.weights, net0.biases, case.hidden, x, t, lr, case.batch)

    def step_n(n: int) -> None:
        step = step_trainer.step
        for _ in range(n):
            step()

    contenders: dict[str, Callable[[int], object]] = {
        "minimal": minimal.run,
        "run": run_trainer.run,
    }
    for name, settings in ADDITIONS.items():  # right after plain run, for paired ratios
        contenders[name] = new_trainer(**settings).run
    contenders["step"] = step_n
    with contextlib.suppress(ImportError):
        contenders["torch"] = torch_loop(
            net0.weights, net0.biases, case.hidden, x, t, lr, case.batch, 0
        )

    # Calibrate a chunk size per contender so that one round takes about `seconds`.
    chunks = {}
    for name, fn in contenders.items():
        fn(20)
        r = rate(fn, 200)
        chunks[name] = max(50, int(r * seconds))
    for name in ADDITIONS:  # the same chunk as plain run: the ratio compares like with like
        chunks[name] = chunks["run"]
    results: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            results[name].append(rate(fn, chunks[name]))
    medians = {name: statistics.median(v) for name, v in results.items()}
    for name in ADDITIONS:  # paired within each round, so that load drifting between rounds
        ratios = [a / r for a, r in zip(results[name], results["run"], strict=True)]
        medians[name + "/run"] = statistics.median(ratios)
    return medians


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter rounds")
    args = parser.parse_args()
    rounds, seconds = (9, 0.03) if args.quick else (41, 0.03)
    ok = True
    print(
        f"{'case':52s} {'minimal/s':>10s} {'run/s':>9s} {'step/s':>9s} {'torch/s':>9s}"
        f"  run/min  step/min  run/torch"
    )
    results = []
    for case in CASES:
        r = bench_case(case, rounds, seconds)
        results.append((case, r))
        run_ratio = r["run"] / r["minimal"]
        step_ratio = r["step"] / r["minimal"]
        torch_rate = r.get("torch")
        torch_ratio = r["run"] / torch_rate if torch_rate else float("nan")
        print(
            f"{case.name:52s} {r['minimal']:10.0f} {r['run']:9.0f} {r['step']:9.0f} "
            f"{(torch_rate or float('nan')):9.0f}  {run_ratio:7.2f}  {step_ratio:8.2f}  "
            f"{torch_ratio:9.2f}"
        )
        ok &= run_ratio >= 0.8 and step_ratio >= 0.6 and (torch_rate is None or torch_ratio >= 5)
    print("targets: run/min ≥ 0.8, step/min ≥ 0.6, run/torch ≥ 5 —", "met" if ok else "NOT met")
    print(f"\n{'additions to the lecture (run speed with / without)':52s}", end="")
    print("".join(f" {name + '/run':>12s}" for name in ADDITIONS))
    met = True
    for case, r in results:
        ratios = [r[name + "/run"] for name in ADDITIONS]
        met &= min(ratios) >= ADDITION_TARGET
        print(f"{case.name:52s}" + "".join(f" {q:12.2f}" for q in ratios))
    print(f"target: each ≥ {ADDITION_TARGET} (costs ≤ 10 %) —", "met" if met else "NOT met")
    return 0 if ok and met else 1


if __name__ == "__main__":
    sys.exit(main())
