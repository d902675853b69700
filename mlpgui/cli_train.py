"""``mlpgui train``: train headless with the same engine and settings as the window.

The run is a core ``TrainingRun`` — the same object the window's worker drives — so training
the same way here or in the GUI gives bit-identical parameters, and ``--save`` writes a session
the window opens and continues exactly.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

import numpy as np

from mlpgui.core import PRESETS, Dataset, DivergenceError, MlpguiError
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import load_session, save_session
from mlpgui.core.setup import TrainingSetup
from mlpgui.core.trace import RunTrace
from mlpgui.worker.messages import TRACE_ALL_LIMIT

CHUNK = 1000
"""Updates between progress reports and loss-target checks."""


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--preset",
        choices=PRESETS,
        metavar="NAME",
        help=f"a preset's data and network ({', '.join(PRESETS)}; default lecture)",
    )
    source.add_argument(
        "--csv", metavar="FILE", help="data from a CSV file (x… inputs, t… targets)"
    )
    source.add_argument("--session", metavar="FILE", help="continue a saved session")
    parser.add_argument(
        "--hidden",
        metavar="SIZES",
        help="hidden layer sizes, e.g. 2,2 (or 0 for none); default: the preset's",
    )
    parser.add_argument(
        "--activations",
        metavar="NAMES",
        help="one per non-input layer, e.g. sigmoid,sigmoid,linear",
    )
    parser.add_argument("--loss", choices=["mse", "sse", "cross_entropy"])
    parser.add_argument(
        "--learning-rate", "--lr", type=float, metavar="GAMMA", dest="learning_rate"
    )
    parser.add_argument("--batch", metavar="MODE", help="full, online, or a mini-batch size")
    parser.add_argument("--seed", type=int, help="seed of the initial weights and sample order")
    parser.add_argument("--freeze-biases", action="store_true", help="do not update biases")
    stop = parser.add_mutually_exclusive_group()
    stop.add_argument("--steps", type=int, metavar="N", help="number of updates (default 1000)")
    stop.add_argument(
        "--until-loss",
        type=float,
        metavar="L",
        help="train until the loss on the whole training set is at most L",
    )
    parser.add_argument(
        "--max-steps",
        type=int,
        default=1_000_000,
        metavar="N",
        help="give up after N updates with --until-loss (default 1,000,000)",
    )
    parser.add_argument("--save", metavar="FILE", help="save the run as a session file")
    parser.add_argument(
        "--no-history",
        action="store_true",
        help="leave the per-update history out of the saved session",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")  # fmt: skip


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _sizes(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise MlpguiError(
            f"Hidden layer sizes must be whole numbers like 2,2, not {text!r}."
        ) from None
    return tuple(v for v in values if v != 0)


def _batch(text: str) -> str | int:
    if text in ("full", "online"):
        return text
    try:
        return int(text)
    except ValueError:
        raise MlpguiError(f"--batch must be full, online or a number, not {text!r}.") from None


def build_run(args: argparse.Namespace) -> TrainingRun:
    """The run the arguments describe (settings given on the command line override)."""
    if args.session:
        run = TrainingRun.from_session(load_session(args.session))
        if args.hidden or args.activations or args.seed is not None:
            raise MlpguiError(
                "A session's network is fixed; --hidden, --activations and --seed only apply "
                "to a new run."
            )
    else:
        if args.csv:
            dataset = Dataset.from_csv(args.csv)
            setup = TrainingSetup(
                (dataset.input_dim, 2, 2, dataset.output_dim), ("sigmoid", "sigmoid", "linear")
            )
        else:
            setup, dataset = TrainingSetup.for_preset(args.preset or "lecture")
        hidden = _sizes(args.hidden) if args.hidden is not None else setup.layer_sizes[1:-1]
        sizes = (dataset.input_dim, *hidden, dataset.output_dim)
        if args.activations:
            activations = _names(args.activations)
        elif sizes == setup.layer_sizes:
            activations = setup.activations
        else:
            activations = ("sigmoid",) * len(hidden) + (setup.activations[-1],)
        changes: dict[str, object] = {}
        if sizes != setup.layer_sizes or activations != setup.activations:
            changes.update(layer_sizes=sizes, activations=activations)
        if args.seed is not None:
            changes["seed"] = args.seed
        if changes:
            setup = setup.replace(**changes)
        run = TrainingRun(setup, dataset)
    if args.learning_rate is not None:
        run.set_learning_rate(args.learning_rate)
    if args.loss is not None:
        run.set_loss(args.loss)
    if args.batch is not None:
        run.set_batch(_batch(args.batch))
    if args.freeze_biases:
        run.set_train_biases(False)
    return run


def train(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run ``mlpgui train``; returns the exit code."""
    try:
        run = build_run(args)
    except MlpguiError as exc:
        print(f"mlpgui train: {exc}", file=err)
        return 1
    target = args.until_loss
    total = args.max_steps if target is not None else (1000 if args.steps is None else args.steps)
    if total < 0:
        print("mlpgui train: the number of updates cannot be negative.", file=err)
        return 1
    show_progress = not args.quiet and err.isatty()
    start_loss = run.trainer.evaluate()
    started, done, code = time.perf_counter(), 0, 0
    try:
        while done < total:
            if target is not None and run.trainer.evaluate() <= target:
                break
            n = min(CHUNK, total - done)
            run.run(n, trace=_trace(run, n))
            done += n
            if show_progress:
                _progress(err, done, total, run, started, target)
    except DivergenceError as exc:
        print(f"\nmlpgui train: {exc}", file=err)
        code = 1
    except MlpguiError as exc:
        print(f"\nmlpgui train: {exc}", file=err)
        return 1
    if show_progress:
        err.write("\r" + " " * 78 + "\r")
    seconds = time.perf_counter() - started
    _summary(out, run, done, seconds, start_loss)
    if target is not None and run.trainer.evaluate() > target and code == 0:
        print(f"The loss did not reach {target:g} within {total:,} updates.", file=out)
        code = 2
    if args.save:
        try:
            save_session(run.to_session(), args.save, include_history=not args.no_history)
        except MlpguiError as exc:
            print(f"mlpgui train: {exc}", file=err)
            return 1
        print(f"Saved the session to {args.save} — open it with: mlpgui {args.save}", file=out)
    return code


def _trace(run: TrainingRun, n: int) -> RunTrace | None:
    """θ after every update for small networks, as the window's worker keeps it."""
    count = run.net.parameter_count
    return RunTrace(parameters=np.empty((n, count))) if count <= TRACE_ALL_LIMIT else None


def _progress(
    err: TextIO, done: int, total: int, run: TrainingRun, started: float, target: float | None
) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    rate = done / max(time.perf_counter() - started, 1e-9)
    loss = run.history.loss(run.history.last_step) if run.history.last_step else float("nan")
    goal = "" if target is None else f" → {target:g}"
    err.write(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}  "
        f"L = {loss:.4g}{goal}  {rate:,.0f}/s"
    )
    err.flush()


def _summary(out: TextIO, run: TrainingRun, done: int, seconds: float, start: float) -> None:
    setup, data = run.setup, run.dataset
    arch = "-".join(map(str, setup.layer_sizes))
    batch = {"full": "full batch", "online": "online"}.get(
        str(setup.batch), f"batches of {setup.batch}"
    )
    print(
        f"Trained a {arch} network ({', '.join(setup.activations)}) on {data.name or 'the data'} "
        f"({len(data)} samples): {setup.loss}, γ = {setup.learning_rate:g}, {batch}, "
        f"seed {setup.seed}.",
        file=out,
    )
    rate = done / seconds if seconds > 0 else 0.0
    print(
        f"{done:,} updates in {seconds:.2f} s ({rate:,.0f}/s), {run.steps:,} in all: loss on all "
        f"samples {start:.6g} → {run.trainer.evaluate():.6g}.",
        file=out,
    )
