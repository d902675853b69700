"""Qt widgets: they render records from the worker and emit intents (``*_requested``)."""
