"""mlpgui: train multi-layer perceptrons with backpropagation and watch every weight update."""

__version__ = "0.1.0"
