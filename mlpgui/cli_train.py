"""``mlpgui train``: train headless with the same engine and settings as the window.

The run is a core ``TrainingRun`` — the same object the window's worker drives — so training
the same way here or in the GUI gives bit-identical parameters, and ``--save`` writes a session
the window opens and continues exactly.

Every argument is checked before anything is built (exit code 2, one sentence); the --save
path is checked before training starts, so a long run is never lost to a typo.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from mlpgui.cli_checks import (
    USAGE_ERROR,
    UsageError,
    activations_arg,
    batch_arg,
    check_architecture,
    check_input_file,
    check_writable,
    learning_rate_arg,
    loss_target_arg,
    max_updates_arg,
    path_arg,
    seed_arg,
    sizes_arg,
    updates_arg,
)
from mlpgui.cli_report import Outcome, Progress, summary, target_report
from mlpgui.cli_until import LossTarget, dense_trace
from mlpgui.core import LOSSES, PRESETS, Dataset, DivergenceError, MlpguiError
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import load_session, save_session
from mlpgui.core.setup import TrainingSetup

CHUNK = 1000
"""Updates between progress reports (and Ctrl+C checks)."""

DEFAULT_STEPS = 1000

EXIT_CODES = """\
exit codes:
  0    done (the updates asked for, or the loss target reached)
  1    training failed (the loss diverged) or the session could not be saved
  2    a bad argument or an unusable input file (nothing was trained)
  3    --until-loss: the target was not reached within --max-steps
  130  stopped by Ctrl+C (SIGINT), 143 by SIGTERM; with --save, the run so far is saved"""


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    """Every option of ``mlpgui train``: what to train, how, and when to stop."""
    _add_source_arguments(parser)
    _add_setting_arguments(parser)
    _add_stop_and_save_arguments(parser)


def _add_source_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--preset",
        choices=PRESETS,
        metavar="NAME",
        help=f"a preset's data and network ({', '.join(PRESETS)}; default lecture)",
    )
    source.add_argument(
        "--csv", type=path_arg, metavar="FILE", help="data from a CSV file (x… inputs, t… targets)"
    )
    source.add_argument("--session", type=path_arg, metavar="FILE", help="continue a session")


def _add_setting_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--hidden",
        type=sizes_arg,
        metavar="SIZES",
        help="hidden layer sizes, e.g. 2,2 (or 0 for none); default: the preset's",
    )
    parser.add_argument(
        "--activations",
        type=activations_arg,
        metavar="NAMES",
        help="one per non-input layer, e.g. sigmoid,sigmoid,linear",
    )
    parser.add_argument("--loss", choices=list(LOSSES), help="the loss (default: the preset's)")
    parser.add_argument(
        "--learning-rate",
        "--lr",
        type=learning_rate_arg,
        metavar="GAMMA",
        dest="learning_rate",
        help="the learning rate γ (default: the preset's)",
    )
    parser.add_argument(
        "--batch", type=batch_arg, metavar="MODE", help="full, online, or a mini-batch size"
    )
    parser.add_argument(
        "--seed", type=seed_arg, help="seed of the initial weights and sample order"
    )
    parser.add_argument("--freeze-biases", action="store_true", help="do not update biases")


def _add_stop_and_save_arguments(parser: argparse.ArgumentParser) -> None:
    stop = parser.add_mutually_exclusive_group()
    stop.add_argument(
        "--steps",
        type=updates_arg,
        metavar="N",
        help=f"number of updates (default {DEFAULT_STEPS:,})",
    )
    stop.add_argument(
        "--until-loss",
        type=loss_target_arg,
        metavar="L",
        help="stop after the first update after which the loss on all training samples, "
        "L(θ_new), is at most L (checked after every update)",
    )
    parser.add_argument(
        "--max-steps",
        type=max_updates_arg,
        default=1_000_000,
        metavar="N",
        help="give up after N updates with --until-loss (default 1,000,000)",
    )
    parser.add_argument(
        "--save", type=path_arg, metavar="FILE", help="save the run as a session file"
    )
    parser.add_argument(
        "--no-history",
        action="store_true",
        help="leave the per-update history out of the saved session",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


# --- building the run ------------------------------------------------------------------------


def build_run(args: argparse.Namespace) -> TrainingRun:
    """The run the arguments describe (settings given on the command line override).
    Raises MlpguiError (one sentence) for anything unusable; nothing big is allocated before
    the architecture was checked against mlpgui's limits."""
    if args.session:
        if args.hidden is not None or args.activations or args.seed is not None:
            raise UsageError(
                "A session's network is fixed; --hidden, --activations and --seed only apply "
                "to a new run."
            )
        run = _session_run(args.session)
    else:
        run = _new_run(args)
    if args.learning_rate is not None:
        run.set_learning_rate(args.learning_rate)
    if args.loss is not None:
        run.set_loss(args.loss)
    if args.batch is not None:
        run.set_batch(args.batch)
    if args.freeze_biases:
        run.set_train_biases(False)
    # Settings that cannot train (a step activation, cross-entropy on a linear output) raise
    # here; a first update that diverges is a training failure, reported once training runs.
    with contextlib.suppress(DivergenceError):
        run.preview()  # the next update, computed but not applied
    return run


def _session_run(path: str) -> TrainingRun:
    check_input_file(path, "session file")
    try:
        return TrainingRun.from_session(load_session(path))
    except MlpguiError:
        raise
    except (OSError, MemoryError) as exc:
        raise UsageError(f"Cannot open the session file {path}: {_reason(exc)}.") from None
    except Exception as exc:  # a damaged file must give one sentence
        _debug_traceback()
        raise UsageError(
            f"The session file {path} is damaged ({type(exc).__name__}: {exc})."
        ) from None


def _new_run(args: argparse.Namespace) -> TrainingRun:
    if args.csv:
        check_input_file(args.csv, "CSV file")
        dataset = Dataset.from_csv(args.csv)
        setup = None
    else:
        setup, dataset = TrainingSetup.for_preset(args.preset or "lecture")
    default_hidden = (2, 2) if setup is None else setup.layer_sizes[1:-1]
    hidden = default_hidden if args.hidden is None else args.hidden
    sizes = (dataset.input_dim, *hidden, dataset.output_dim)
    if args.activations:
        activations = args.activations
    elif setup is not None and sizes == setup.layer_sizes:
        activations = setup.activations
    else:
        last = "linear" if setup is None else setup.activations[-1]
        activations = ("sigmoid",) * len(hidden) + (last,)
    check_architecture(sizes, activations, len(dataset))
    if setup is None:
        setup = TrainingSetup(sizes, activations)
    changes: dict[str, object] = {}
    if sizes != setup.layer_sizes or activations != setup.activations:
        changes.update(layer_sizes=sizes, activations=activations)
    if args.seed is not None:
        changes["seed"] = args.seed
    if changes:
        setup = setup.replace(**changes)
    return TrainingRun(setup, dataset)


# --- training --------------------------------------------------------------------------------


def train(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run ``mlpgui train`` (printing to ``out`` / ``err``, default stdout / stderr);
    returns the exit code (see EXIT_CODES)."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:
        if args.save is not None:
            check_writable(args.save, "session file")
        run = build_run(args)
    except MlpguiError as exc:
        print(f"mlpgui train: {exc}", file=err)
        return USAGE_ERROR
    goal = None if args.until_loss is None else LossTarget(args.until_loss)
    if goal is not None:
        total = args.max_steps
    else:
        total = DEFAULT_STEPS if args.steps is None else args.steps
    progress = Progress(err, total, args.until_loss) if not args.quiet and err.isatty() else None
    start_loss = run.trainer.evaluate()
    started = time.perf_counter()
    with stop_signals() as stopped:
        outcome = _train(run, total, goal, progress, stopped)
    if progress is not None:
        progress.clear()
    summary(out, run, outcome, time.perf_counter() - started, start_loss)
    if goal is not None:
        target_report(out, run, outcome, goal.target, total)
    code = 0
    if outcome.failure is not None:
        print(f"mlpgui train: {outcome.failure}", file=err)
        code = 1
    elif outcome.signal_name is not None:
        print(
            f"mlpgui train: stopped by {outcome.signal_name} after {outcome.done:,} updates.",
            file=err,
        )
        code = 128 + int(getattr(signal, outcome.signal_name))
    elif goal is not None and outcome.reached is None:
        code = 3
    if args.save is not None and not _save(run, args, out, err):
        return 1
    return code


def _train(
    run: TrainingRun,
    total: int,
    goal: LossTarget | None,
    progress: Progress | None,
    stopped: list[str],
) -> Outcome:
    """Up to ``total`` updates in chunks (until the goal, an error or a stop signal)."""
    outcome, before = Outcome(), run.steps
    if goal is not None and goal.reached(run):
        outcome.reached = run.steps
        return outcome
    while outcome.done < total and not stopped:
        n = min(CHUNK, total - outcome.done)
        try:
            if goal is None:
                run.run(n, trace=dense_trace(run, n))
            else:
                outcome.reached = goal.train(run, goal.chunk(run, n))
        except MlpguiError as exc:
            outcome.failure = str(exc)
        outcome.done = run.steps - before
        if progress is not None:
            progress.show(outcome.done, run)
        if outcome.failure is not None or outcome.reached is not None:
            break
    if stopped and outcome.failure is None and outcome.reached is None:
        outcome.signal_name = stopped[0]
    return outcome


def _save(run: TrainingRun, args: argparse.Namespace, out: TextIO, err: TextIO) -> bool:
    try:
        save_session(run.to_session(), args.save, include_history=not args.no_history)
    except (MlpguiError, OSError) as exc:
        print(f"mlpgui train: the run was NOT saved: {_reason(exc)}", file=err)
        return False
    print(f"Saved the session to {args.save} — open it with: mlpgui {args.save}", file=out)
    return True


@contextmanager
def stop_signals() -> Iterator[list[str]]:
    """While training, Ctrl+C (SIGINT) and SIGTERM ask the loop to stop after the current
    chunk (the list receives the signal's name); a second Ctrl+C interrupts at once."""
    stopped: list[str] = []
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return

    def handler(signum: int, _frame: object) -> None:
        if stopped and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stopped.append(signal.Signals(signum).name)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stopped
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _debug_traceback() -> None:
    if os.environ.get("MLPGUI_DEBUG"):
        traceback.print_exc(file=sys.stderr)
