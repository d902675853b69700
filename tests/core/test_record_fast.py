"""``new_record`` (the trainer's fast way to build an UpdateRecord) makes the same record as
the dataclass's constructor, as frozen, and refuses missing or unknown fields."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from mlpgui.core import MLP, Dataset, Trainer
from mlpgui.core.record import UpdateRecord, new_record


def _trainer(**additions: float) -> Trainer:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(7, 2))
    net = MLP([2, 3, 1], ["tanh", "sigmoid"], seed=1)
    return Trainer(net, Dataset(x, x[:, :1] * x[:, 1:]), 0.3, batch=3, seed=2, **additions)


@pytest.mark.parametrize("additions", [{}, {"l1_rate": 0.01, "l2_rate": 0.1, "momentum": 0.5}])
def test_the_trainers_records_are_those_the_constructor_makes(additions):
    trainer = _trainer(**additions)
    trainer.step()
    record = trainer.step()
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(UpdateRecord)}
    assert set(vars(record)) >= set(values)  # every field set, defaults included
    built = UpdateRecord(**values)
    assert record == built
    np.testing.assert_array_equal(record.gradient, built.gradient)
    np.testing.assert_array_equal(record.deltas[0], built.deltas[0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.step = 5  # type: ignore[misc]


def test_a_missing_or_unknown_field_is_refused():
    record = _trainer().step()
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(UpdateRecord)}
    assert new_record(dict(values)) == record
    del values["step"]
    with pytest.raises(AssertionError, match="step"):
        new_record(values)
    with pytest.raises(AssertionError, match="stepp"):
        new_record({**values, "step": 1, "stepp": 1})
