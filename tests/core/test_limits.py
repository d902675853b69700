"""Resource limits: refused with one sentence before anything large is allocated."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import mlpgui
from mlpgui.core import MLP, Dataset, NetworkError, TrainingError, limits
from mlpgui.core.json_codec import dataset_json
from mlpgui.core.run import TrainingRun
from mlpgui.core.session import SessionError, load_session, save_session, session_to_json
from mlpgui.core.setup import TrainingSetup

ROOT = str(Path(mlpgui.__file__).parent.parent)
MB = 2**20


def _peak(action) -> tuple[int, BaseException | None]:
    """Peak bytes traced (NumPy's allocations included) while ``action()`` runs."""
    tracemalloc.start()
    error = None
    try:
        action()
    except Exception as exc:
        error = exc
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, error


def _session_file(tmp_path: Path, sizes: list[int]) -> Path:
    setup, data = TrainingSetup.for_preset("xor")
    run = TrainingRun(setup, data)
    run.run(3)
    doc = session_to_json(run.to_session())
    doc["setup"]["layer_sizes"] = sizes
    doc["setup"]["activations"] = ["tanh"] * (len(sizes) - 2) + ["sigmoid"]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc))
    return path


def test_a_small_file_asking_for_40_layers_of_4096_units_is_refused_without_allocating(tmp_path):
    path = _session_file(tmp_path, [2] + [4096] * 39 + [1])
    assert path.stat().st_size < 20_000
    peak, error = _peak(lambda: load_session(path))
    assert isinstance(error, SessionError)
    assert "weights and biases" in str(error)
    assert f"at most {limits.MAX_PARAMETERS:,}" in str(error)
    assert "\n" not in str(error)
    assert peak < 5 * MB  # today: 5.3 GB before the refusal


def test_200_layers_are_refused_not_a_memory_error(tmp_path):
    path = _session_file(tmp_path, [2] + [3] * 199 + [1])
    with pytest.raises(SessionError, match="at most 64 weight layers; this one has 200"):
        load_session(path)
    with pytest.raises(NetworkError, match="at most 64 weight layers"):
        MLP([2] + [4096] * 199 + [1], "tanh")
    with pytest.raises(NetworkError, match="at most 64 weight layers"):
        TrainingSetup((2, *[4096] * 199, 1), ("tanh",) * 200)


@pytest.mark.parametrize(
    "sizes,message",
    [
        ([2, 4097, 1], "at most 4,096 units; layer 1 has 4,097"),
        ([2, 10**12, 1], "at most 4,096 units"),
        ([4096, 4096, 4096, 1], "weights and biases; mlpgui allows at most"),
        ([2, 4096, 4096, 4096, 1], "weights and biases; mlpgui allows at most"),
    ],
)
def test_networks_beyond_the_limits_are_refused_before_allocating(sizes, message):
    acts = ["tanh"] * (len(sizes) - 1)
    if max(sizes) <= limits.MAX_UNITS_PER_LAYER:
        message = f"would have {limits.parameter_count(sizes):,} {message}"
    for build in (lambda: MLP(sizes, acts), lambda: TrainingSetup(tuple(sizes), tuple(acts))):
        peak, error = _peak(build)
        assert isinstance(error, NetworkError) and message in str(error), error
        assert peak < MB


def test_layer_sizes_and_seeds_must_be_whole_numbers_not_booleans():
    with pytest.raises(NetworkError, match="whole numbers"):
        MLP([2, True, 1], ["tanh", "linear"])
    with pytest.raises(NetworkError, match="whole numbers"):
        MLP([2, float("nan"), 1], ["tanh", "linear"])
    with pytest.raises(NetworkError, match="seed"):
        TrainingSetup((2, 1), ("linear",), seed=True)
    with pytest.raises(NetworkError, match="seed"):
        TrainingSetup((2, 1), ("linear",), seed=2**64)
    with pytest.raises(TrainingError, match="learning rate"):
        TrainingSetup((2, 1), ("linear",), learning_rate=True)
    assert MLP([2.0, 3, np.int64(1)], ["tanh", "linear"]).layer_sizes == (2, 3, 1)


def test_training_memory_is_checked_before_building_the_run():
    setup = TrainingSetup((2, 1000, 1000, 1), ("tanh", "tanh", "linear"))
    rows = 1_000_000
    expected = limits.training_bytes(setup.layer_sizes, rows)
    assert expected > limits.MAX_TRAINING_BYTES
    data = Dataset(np.zeros((rows, 2)), np.zeros((rows, 1)))
    peak, error = _peak(lambda: TrainingRun(setup, data))
    assert isinstance(error, NetworkError)
    assert "1,000,000 samples" in str(error) and "4.0 GB" in str(error)
    assert peak < 2 * MB


def test_a_too_large_replacement_dataset_is_refused_and_the_run_is_unchanged():
    setup = TrainingSetup((2, 1000, 1000, 1), ("tanh", "tanh", "linear"), learning_rate=0.01)
    small = Dataset(np.zeros((4, 2)), np.zeros((4, 1)))
    run = TrainingRun(setup, small)
    run.step()
    rows = 600_000
    big = Dataset(np.zeros((rows, 2)), np.zeros((rows, 1)))
    with pytest.raises(NetworkError, match="600,000 samples"):
        run.replace_dataset(big)
    with pytest.raises(NetworkError, match="600,000 samples"):
        run.set_test_dataset(big)
    assert run.dataset is small and run.test_dataset is None
    assert run.step().step == 2


@pytest.mark.parametrize(
    "sizes,rows",
    [((3, 64, 32, 2), 5000), ((2, 8, 1), 100_000), ((2, 1000, 1000, 1), 10)],
)
def test_the_memory_estimate_is_an_honest_upper_bound(sizes, rows):
    """The estimate covers what a run really allocates (steps, a record of the past, loss
    evaluation) — for many samples or many parameters — without being wildly larger."""
    acts = ("tanh",) * (len(sizes) - 2) + ("linear",)
    setup = TrainingSetup(sizes, acts, learning_rate=0.001)
    rng = np.random.default_rng(0)
    data = Dataset(rng.normal(size=(rows, sizes[0])), rng.normal(size=(rows, sizes[-1])))

    def train():
        run = TrainingRun(setup, data)
        latest = [run.step() for _ in range(3)]
        latest.append(run.run(5))
        past = run.record_at(run.history.first_step)
        run.trainer.evaluate(data)
        return latest, past

    peak, error = _peak(train)
    assert error is None
    estimate = limits.training_bytes(setup.layer_sizes, rows)
    assert peak <= estimate <= 6 * peak, (peak, estimate)


BUDGET = """
import sys
sys.path.insert(0, {root!r})
import numpy as np
from mlpgui.core.history import History
from mlpgui.core.setup import TrainingSetup
setup, data = TrainingSetup.for_preset("xor")
net = setup.network()
trainer = setup.trainer(net, data)
history = History.start(trainer, budget_bytes={budget})
for _ in range(20):
    record = trainer.step()
    history.add_run(trainer, record.step, np.array([record.loss_before]))
print(history.first_step, history.last_step)
"""


@pytest.mark.parametrize("budget", [1, 0, -5, 100])
def test_a_tiny_history_budget_keeps_the_last_update_instead_of_looping(budget):
    code = textwrap.dedent(BUDGET).format(root=ROOT, budget=budget)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    assert out.stdout.split() == [b"20", b"20"]


def test_a_session_over_the_training_memory_limit_is_refused(tmp_path):
    setup = TrainingSetup((2, 2000, 1), ("tanh", "linear"))
    data = Dataset(np.zeros((4, 2)), np.zeros((4, 1)))
    run = TrainingRun(setup, data)
    save_session(run.to_session(), tmp_path / "s.json")
    doc = json.loads((tmp_path / "s.json").read_text())
    rows = 400_000
    big = Dataset(np.zeros((rows, 2)), np.zeros((rows, 1)))
    doc["test_dataset"] = dataset_json(big)
    (tmp_path / "s.json").write_text(json.dumps(doc))
    with pytest.raises(SessionError, match=r"too large to open.*400,000 samples"):
        load_session(tmp_path / "s.json")
