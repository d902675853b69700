"""The pure-NumPy engine of mlpgui: networks, backpropagation, training, datasets.

Usable on its own, from a script or a notebook::

    from mlpgui.core import MLP, Trainer, load_preset
    net = MLP([1, 2, 2, 1], ["sigmoid", "sigmoid", "linear"], seed=0)
    trainer = Trainer(net, load_preset("lecture"), learning_rate=0.5)
    record = trainer.step()          # every number of one update
    record.deltas, record.weight_gradients, record.weights_after

This package never imports Qt or pyqtgraph.
"""

from .activations import ACTIVATIONS, Activation, get_activation
from .batches import BatchMode, BatchSchedule
from .dataset import Dataset
from .errors import (
    DatasetError,
    DivergenceError,
    MlpguiError,
    NetworkError,
    TrainingError,
)
from .gradient_check import GradientCheckReport, LayerCheck, gradient_check
from .layout import ParameterLayout
from .losses import LOSSES, Loss, get_loss
from .network import MLP, ForwardPass
from .presets import PRESETS, PresetInfo, SuggestedSetup, load_preset, preset_info
from .record import UpdateRecord
from .trainer import Trainer

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "MLP",
    "PRESETS",
    "Activation",
    "BatchMode",
    "BatchSchedule",
    "Dataset",
    "DatasetError",
    "DivergenceError",
    "ForwardPass",
    "GradientCheckReport",
    "LayerCheck",
    "Loss",
    "MlpguiError",
    "NetworkError",
    "ParameterLayout",
    "PresetInfo",
    "SuggestedSetup",
    "Trainer",
    "TrainingError",
    "UpdateRecord",
    "get_activation",
    "get_loss",
    "gradient_check",
    "load_preset",
    "preset_info",
]
