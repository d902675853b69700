"""Test-wide settings: Qt runs offscreen unless the caller chose a platform (e.g. xcb)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
