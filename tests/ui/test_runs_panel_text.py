"""The Runs dock shows a run's setup as typed in its tooltips, whatever characters a dataset
name or a label holds (Qt would take "<b>x</b>" for HTML)."""

from __future__ import annotations

from PySide6.QtGui import QAction

from mlpgui.ui.runs_panel import LABEL, SETUP, RunsPanel
from tests.ui.plots.test_loss_plot_legend import summaries


def test_tooltips_show_a_setup_with_markup_as_typed(qtbot):
    keep = [QAction("Keep"), QAction("Keep and continue")]
    panel = RunsPanel(keep, lambda sentence: None)
    qtbot.addWidget(panel)
    runs = summaries(["<b>bold</b> & co", "plain"])
    panel.show_runs(runs)
    tree = panel.list
    texts = [tree.topLevelItem(n).text(LABEL) for n in range(tree.topLevelItemCount())]
    assert "<b>bold</b> & co" in texts
    item = tree.topLevelItem(texts.index("<b>bold</b> & co"))
    tip = item.toolTip(SETUP)
    assert tip.startswith("<p>") and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in tip
