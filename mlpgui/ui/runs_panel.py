"""RunsPanel: the Runs dock's widget — the runs being compared, and Keep / Show / Remove.

It lists every run (the one shown, marked ▶ and bold, and the kept ones) with its colour in
the loss plot, its label (editable: F2 or double-click), its updates, its last loss and its
setup, as the worker last reported them (``show_runs``); the shown run's updates and loss
follow the worker's state (``show_state``). It only emits ``*_requested`` signals; the
RunsFeature (runs.py) turns them into intents. GUI thread only.

During an exercise (``hide_loss``) the shown run's last loss reads "?": it is L at the
current weights, which the exercise's update computes from the values it asks for (an output
y gives it, and it gives y away). Kept runs are other networks, so their losses stay — except
a kept run whose last loss equals the shown run's (a copy kept at the current weights with
Keep and continue), which would tell the same number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mlpgui.core.run_shelf import RunSummary
from mlpgui.worker import WorkerState

from . import names
from .dataset.guard import guarded
from .exercise.looks import MUTED, set_look
from .formatting import format_count, format_number
from .loss_runs import escaped_rich_text, run_colour

SHOWN, LABEL, UPDATES, LOSS, SETUP = range(5)
HEADERS = ["", "Run", "Updates", "Last loss", "Setup"]
ID_ROLE = Qt.ItemDataRole.UserRole
HINT = (
    "Keep the run shown to compare its loss curve with other runs: <b>Keep</b> (Ctrl+K) keeps "
    "it and starts again from the same initial weights — change γ, say, and train again; "
    "<b>Keep ▸ Keep and continue</b> (Ctrl+Shift+K) keeps a copy and trains on. Kept runs are "
    "not saved with the session."
)
LOSS_HIDDEN_TIP = (
    "Hidden during the exercise: this is the loss at the current weights, from which the "
    "values the exercise asks for could be worked back. It shows again when the exercise ends."
)
COPY_HIDDEN_TIP = (
    "Hidden during the exercise: this kept run has the same last loss as the run shown (a "
    "copy kept at the current weights), the loss the exercise's values would give away."
)
NOT_SAVED = (
    "Kept runs live in memory only: saving writes the run shown (▶). To save a kept run, "
    "show it and save it as a session."
)
_LIST_KEYS = {
    Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete, Qt.Key.Key_F2, Qt.Key.Key_Up,
    Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
}  # fmt: skip


def swatch(colour: str, shown: bool) -> QIcon:
    """A square of the run's colour (with a frame for the run shown)."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.fillRect(2, 2, 10, 10, QColor(colour))
    if shown:
        painter.setPen(QColor("#000000"))
        painter.drawRect(0, 0, 13, 13)
    painter.end()
    return QIcon(pixmap)


class RunsList(QTreeWidget):
    """The list of runs. Enter shows the selected run, Delete removes it, F2 renames it (the
    list keeps these keys and the arrows; the window's shortcuts get the others)."""

    show_requested = Signal(int)
    remove_requested = Signal(int)

    def __init__(self, report: Callable[[str], None]) -> None:
        super().__init__()
        self.report_error = report
        """One sentence for the user (guarded handlers)."""

    def edit(  # type: ignore[override]  # one override for both of Qt's overloads
        self, index: QModelIndex, trigger: QAbstractItemView.EditTrigger, event: QEvent | None
    ) -> bool:
        """Only the label is edited, whichever column has the focus."""
        if index.isValid() and index.column() != LABEL:
            index = index.siblingAtColumn(LABEL)
        # The stubs want a QEvent; Qt passes none (None) when editing starts from code.
        return super().edit(index, trigger, event)  # type: ignore[arg-type]

    def event(self, event: QEvent) -> bool:
        try:
            if self._keeps(event):
                event.accept()
                return True
            return super().event(event)
        except Exception:  # nothing may escape an event handler
            return False

    def _keeps(self, event: QEvent) -> bool:
        """True for a key the list keeps from the window's shortcuts (while not editing)."""
        return (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self.state() != QAbstractItemView.State.EditingState
            and event.key() in _LIST_KEYS
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        )

    @guarded()
    def keyPressEvent(self, event: QKeyEvent) -> None:
        run_id = self.selected_run()
        editing = self.state() == QAbstractItemView.State.EditingState
        if (
            not editing
            and run_id is not None
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.show_requested.emit(run_id)
        elif not editing and run_id is not None and event.key() == Qt.Key.Key_Delete:
            self.remove_requested.emit(run_id)
        else:
            super().keyPressEvent(event)

    def selected_run(self) -> int | None:
        item = self.currentItem()
        return None if item is None else int(item.data(LABEL, ID_ROLE))


class RunsPanel(QWidget):
    """See the module docstring.

    Signals:
        show_requested(int): show this kept run (it becomes the one trained and shown).
        remove_requested(int): forget this kept run (the feature asks first).
        rename_requested(int, str): label this run ("" : the generated label).
    """

    show_requested = Signal(int)
    remove_requested = Signal(int)
    rename_requested = Signal(int, str)

    def __init__(
        self,
        keep_actions: Sequence[QAction],
        report: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(names.RUNS_PANEL)
        self.report_error = report
        """One sentence for the user (guarded handlers)."""
        self.runs: tuple[RunSummary, ...] = ()
        self._filling = False
        self._loss_hidden = False
        self._losses: dict[int, float | None] = {}
        """Each listed run's last loss (the shown run's follows ``show_state``)."""
        self.keep_button = QToolButton()
        self.keep_button.setObjectName(names.KEEP_RUN_BUTTON)
        self.keep_button.setText("Keep")
        self.keep_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.keep_button)
        menu.addActions(list(keep_actions))
        self.keep_button.setMenu(menu)
        self.keep_button.setToolTip(
            "Keep the run shown and start again from the same initial weights (Ctrl+K); "
            "the arrow offers to keep a copy and continue (Ctrl+Shift+K)"
        )
        self.keep_button.clicked.connect(keep_actions[0].trigger)
        self.show_button = self._button(
            names.SHOW_RUN_BUTTON, "Show", "Train and show the selected run (Enter)"
        )
        self.remove_button = self._button(
            names.REMOVE_RUN_BUTTON, "Remove", "Forget the selected kept run (Delete)"
        )
        self.show_button.clicked.connect(lambda: self._request(self.show_requested))
        self.remove_button.clicked.connect(lambda: self._request(self.remove_requested))
        self.hint = QLabel(HINT)
        self.hint.setObjectName(names.RUNS_HINT)
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.list = self._build_list()
        self.not_saved = QLabel(NOT_SAVED)
        self.not_saved.setObjectName(names.RUNS_NOT_SAVED_NOTE)
        self.not_saved.setWordWrap(True)
        set_look(self.not_saved, MUTED)  # a style sheet kept it small in presenter mode
        self.not_saved.hide()
        buttons = QHBoxLayout()
        for button in (self.keep_button, self.show_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.not_saved)
        self._update_buttons()

    def _button(self, name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        return button

    def _build_list(self) -> RunsList:
        tree = RunsList(self.report_error)
        tree.setObjectName(names.RUNS_LIST)
        tree.setColumnCount(len(HEADERS))
        tree.setHeaderLabels(HEADERS)
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setAllColumnsShowFocus(True)
        tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = tree.header()
        header.setStretchLastSection(True)
        for column in (SHOWN, LABEL, UPDATES, LOSS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        tree.headerItem().setToolTip(SHOWN, "▶ the run shown (and trained); its colour")
        tree.headerItem().setToolTip(LABEL, "Its label in the loss plot (F2 or double-click)")
        tree.headerItem().setToolTip(LOSS, "L(θ after its last update), on that update's batch")
        tree.itemChanged.connect(self._on_item_changed)
        tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        tree.show_requested.connect(self.show_requested)
        tree.remove_requested.connect(self.remove_requested)
        tree.hide()
        return tree

    # --- what the worker reported -------------------------------------------------------------

    def show_runs(self, runs: Sequence[RunSummary]) -> None:
        """List ``runs`` (the list is hidden, and the hint shown, while none is kept)."""
        self.runs = tuple(runs)
        comparing = len(self.runs) > 1
        self.hint.setVisible(not comparing)
        self.list.setVisible(comparing)
        self.not_saved.setVisible(comparing)
        selected = self.list.selected_run()
        self._losses = {r.run_id: r.loss for r in self.runs}
        self._filling = True
        try:
            self.list.clear()
            for summary in self.runs if comparing else ():
                item = self._item(summary)
                self.list.addTopLevelItem(item)
                if summary.run_id == selected:
                    self.list.setCurrentItem(item)
        finally:
            self._filling = False
        self._show_losses()
        self._update_buttons()

    def show_state(self, state: WorkerState) -> None:
        """The shown run's updates and loss, as the worker reports them."""
        item = self._active_item()
        if item is not None:
            item.setText(UPDATES, format_count(state.steps))
            self._losses[int(item.data(LABEL, ID_ROLE))] = state.loss
            self._show_losses()

    def hide_loss(self, hidden: bool) -> None:
        """Show the shown run's last loss (and a kept copy's at the same loss) as "?" while
        an exercise is open (``hidden``), or show them again (see the module docstring)."""
        self._loss_hidden = hidden
        self._show_losses()

    def _show_losses(self) -> None:
        """Write every listed run's last loss, or "?" with a tooltip where it is hidden."""
        active = self._active_item()
        shown = None if active is None else self._losses.get(int(active.data(LABEL, ID_ROLE)))
        self._filling = True
        try:
            for index in range(self.list.topLevelItemCount()):
                item = self.list.topLevelItem(index)
                if item is None:
                    continue
                loss = self._losses.get(int(item.data(LABEL, ID_ROLE)))
                tip = item.toolTip(LABEL)
                if self._loss_hidden and item is active:
                    text, tip = "?", LOSS_HIDDEN_TIP
                elif self._loss_hidden and loss is not None and loss == shown:
                    text, tip = "?", COPY_HIDDEN_TIP
                else:
                    text = "" if loss is None else format_number(loss)
                item.setText(LOSS, text)
                item.setToolTip(LOSS, tip)
        finally:
            self._filling = False

    def _item(self, summary: RunSummary) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setIcon(SHOWN, swatch(run_colour(summary.colour), summary.active))
        item.setText(SHOWN, "▶" if summary.active else "")
        item.setText(LABEL, summary.label)
        item.setData(LABEL, ID_ROLE, summary.run_id)
        item.setText(UPDATES, format_count(summary.steps))
        item.setText(SETUP, summary.setup_text)
        item.setTextAlignment(UPDATES, Qt.AlignmentFlag.AlignRight)
        item.setTextAlignment(LOSS, Qt.AlignmentFlag.AlignRight)
        where = "shown and trained now" if summary.active else "kept"
        tip = escaped_rich_text(f"Run {summary.run_id} ({where}): {summary.setup_text}")
        for column in range(len(HEADERS)):
            item.setToolTip(column, tip)
        if summary.active:
            font = QFont(item.font(LABEL))
            font.setBold(True)
            for column in range(len(HEADERS)):
                item.setFont(column, font)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def _active_item(self) -> QTreeWidgetItem | None:
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is not None and item.text(SHOWN) == "▶":
                return item
        return None

    # --- requests -----------------------------------------------------------------------------

    @guarded()
    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != LABEL:
            return
        run_id = int(item.data(LABEL, ID_ROLE))
        summary = next((r for r in self.runs if r.run_id == run_id), None)
        if summary is not None and item.text(LABEL) != summary.label:
            typed = item.text(LABEL).strip()
            self._filling = True
            try:  # the list shows what the worker reports: the new label, or a refusal
                item.setText(LABEL, summary.label)
            finally:
                self._filling = False
            self.rename_requested.emit(run_id, typed)

    def _request(self, signal: object) -> None:
        run_id = self.selected_kept()
        if run_id is not None:
            signal.emit(run_id)  # type: ignore[attr-defined]

    def selected_kept(self) -> int | None:
        """The selected run, if it is a kept one."""
        run_id = self.list.selected_run()
        active = next((r.run_id for r in self.runs if r.active), None)
        return None if run_id is None or run_id == active else run_id

    def select_run(self, run_id: int) -> None:
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is not None and int(item.data(LABEL, ID_ROLE)) == run_id:
                self.list.setCurrentItem(item)

    def _update_buttons(self) -> None:
        kept = self.selected_kept() is not None
        self.show_button.setEnabled(kept)
        self.remove_button.setEnabled(kept)
