"""The diagram's text never overlaps and stays readable at the default window size."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsTextItem

from mlpgui.app import MainWindow, fresh_settings
from mlpgui.core.setup import TrainingSetup
from mlpgui.ui.network.geometry import Geometry
from mlpgui.ui.network.labels import boxes_overlap, place_labels

from ..conftest import WAIT_MS, network_of
from .conftest import step_and_wait

ARCHITECTURES = {
    "xor 2-2-1": ("xor", None),
    "mazur 2-2-2": ("mazur", None),
    "lecture 1-2-2-1": ("lecture", None),
    "2-4-4-1": ("spiral", (2, 4, 4, 1)),
    "2-8-8-1": ("spiral", (2, 8, 8, 1)),
}

READABLE_PX = 8.0


@pytest.fixture
def default_window(qtbot):
    """A window at the default size and layout (fresh settings), on a preset."""

    def make(preset: str, sizes: tuple[int, ...] | None) -> MainWindow:
        setup, data = TrainingSetup.for_preset(preset)
        if sizes is not None:
            acts = ("tanh",) * (len(sizes) - 2) + ("sigmoid",)
            setup = setup.replace(layer_sizes=sizes, activations=acts)
        window = MainWindow(setup, data, settings=fresh_settings())
        window.confirm_close = False
        qtbot.addWidget(window, before_close_func=lambda w: w.worker.shutdown())
        window.show()
        qtbot.waitUntil(lambda: window.latest_state() is not None, timeout=WAIT_MS)
        return window

    return make


def _rect(item: QGraphicsItem) -> QRectF:
    rect = item.sceneBoundingRect()
    if isinstance(item, QGraphicsTextItem):  # without the document's empty margin
        m = item.document().documentMargin()
        rect = rect.adjusted(m, m, -m, -m)
    return rect


def text_rects(window) -> dict[str, QRectF]:
    """Every visible text of the diagram: edge labels, unit numbers, δ labels, targets, the
    loss, captions and input names (scene coordinates)."""
    scene = network_of(window).scene
    text = scene.text
    out: dict[str, QRectF] = {}
    for key, label in text.edge_labels.items():
        if label.box.isVisible():
            out[f"edge {key}"] = _rect(label.box)
    for layer, items in enumerate(scene.units.texts):
        for i, item in enumerate(items):
            if item.isVisible() and item.text():
                out[f"unit {layer},{i}"] = _rect(item)
    for layer, labels in enumerate(scene.units.subs):
        for i, label in enumerate(labels):
            if label.box.isVisible():
                out[f"δ {layer},{i}"] = _rect(label.box)
    for i, item in enumerate(text.side):
        if item.text():
            out[f"target {i}"] = _rect(item)
    if text.loss.text():
        out["loss"] = _rect(text.loss)
    for i, item in enumerate(scene.captions):
        out[f"caption {i}"] = _rect(item)
    for i, item in enumerate(text.inputs):
        out[f"input {i}"] = _rect(item)
    return out


@pytest.mark.parametrize("name", list(ARCHITECTURES))
def test_no_two_texts_of_the_diagram_overlap_and_unit_numbers_are_readable(
    qtbot, default_window, name
):
    window = default_window(*ARCHITECTURES[name])
    assert (window.width(), window.height()) == (1280, 860)
    step_and_wait(qtbot, window)
    network = network_of(window)
    scene, view = network.scene, network.view
    rects = text_rects(window)
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not ra.intersects(rb), f"{name}: {a} {ra} overlaps {b} {rb}"
    g = scene.geometry
    if g.edge_count <= 60:  # every edge's value is written
        assert scene.hidden_labels == 0
        assert sum(k.startswith("edge") for k in rects) == g.edge_count
    on_screen = g.unit_font_size * view.zoom
    assert on_screen >= READABLE_PX, f"{name}: unit numbers {on_screen:.1f} px on screen"
    units = [k for k in rects if k.startswith("unit")]
    assert len(units) == sum(g.layer_sizes)
    for key in units:
        assert rects[key].width() <= 2 * g.radius, f"{name}: {key} is wider than its circle"


def test_labels_sit_on_their_edge_near_its_source():
    g = Geometry((2, 4, 4, 1))
    sizes = {key: (64.0, 16.0) for key in g.edge_keys()}
    spots = place_labels(g, sizes)
    assert len(spots) == g.edge_count
    near_source = 0
    for (k, i, j), spot in spots.items():
        (x0, y0), (x1, y1) = g.ends(k, i, j)
        t = (spot.attach[0] - x0) / (x1 - x0)
        # the attach point is on the edge
        assert spot.attach[1] == pytest.approx(y0 + t * (y1 - y0))
        near_source += t <= 0.5
    assert near_source >= 2 / 3 * len(spots)  # most in the half nearer the source
    boxes = [
        (s.centre[0] - 32, s.centre[1] - 8, s.centre[0] + 32, s.centre[1] + 8)
        for s in spots.values()
    ]
    assert not any(boxes_overlap(a, b) for a, b in itertools.combinations(boxes, 2))


def test_a_label_without_room_is_left_out_rather_than_overlapping():
    g = Geometry((2, 4, 4, 1))
    sizes = {key: (400.0, 60.0) for key in g.edge_keys()}  # far too large
    spots = place_labels(g, sizes)
    assert 0 < len(spots) < g.edge_count
    boxes = [
        (s.centre[0] - 200, s.centre[1] - 30, s.centre[0] + 200, s.centre[1] + 30)
        for s in spots.values()
    ]
    assert not any(boxes_overlap(a, b) for a, b in itertools.combinations(boxes, 2))


def test_wider_values_get_room_without_overlapping(qtbot, default_window):
    window = default_window("spiral", (2, 4, 4, 1))
    step_and_wait(qtbot, window)
    scene = network_of(window).scene
    keys = scene.geometry.edge_keys()
    scene.set_edge_labels({key: "-1.23e-05" for key in keys})  # wider than any value so far
    rects = text_rects(window)
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not ra.intersects(rb), f"{a} {ra} overlaps {b} {rb}"
    shown = [k for k in rects if k.startswith("edge")]
    assert len(shown) + scene.hidden_labels == len(keys)


@pytest.mark.parametrize("sizes", [(1, 2, 2, 1), (2, 16, 16, 16, 16, 1), (2, 64, 1)])
def test_the_loss_is_written_as_large_as_the_layer_captions(sizes):
    """A wide network makes its units, and the texts beside them, small; the loss shared their
    font and became unreadable (about 8 px in a 900-px-wide diagram of 2-16-16-16-16-1)."""
    g = Geometry(sizes)
    assert g.loss_font_size >= g.layer_caption_size
    assert g.loss_font_size >= g.side_font_size


def test_the_scene_writes_the_loss_in_its_own_font(qtbot, make_window):
    setup, data = TrainingSetup.for_preset("spiral")
    deep = setup.replace(
        layer_sizes=(2, 16, 16, 16, 16, 1), activations=("tanh",) * 4 + ("sigmoid",)
    )
    window = make_window(deep, data)
    step_and_wait(qtbot, window)
    scene = network_of(window).scene
    g = scene.built_geometry()
    assert scene.text.loss.font().pixelSize() == round(g.loss_font_size)
    assert scene.text.loss.font().pixelSize() > scene.text.side[0].font().pixelSize()
