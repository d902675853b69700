"""The inspector's page as a worked example, for slides and handouts: Copy as ▸ Markdown /
LaTeX, the inspector's Export… and File ▸ Export ▸ Worked example… (part of NetworkFeature,
GUI thread; the exercise feature puts the action in File ▸ Export).

The page follows what the inspector shows — a weight or a bias, a unit for the chosen sample
(the first one when the Sample box shows the batch mean), or the whole update when nothing is
picked — with the inspector's digits and the user's parameter names; the core renders it
(``mlpgui.core.worked_example``), so every number comes from the update's record. Nothing
is exported while an exercise hides values or while Step phase has revealed only part of an
update.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QGuiApplication

from mlpgui.core import UpdateRecord
from mlpgui.core.worked_example import (
    WorkedExample,
    worked_parameter,
    worked_unit,
    worked_update,
)
from mlpgui.ui import names
from mlpgui.ui.selection import Selection
from mlpgui.ui.slot_guard import guarded
from mlpgui.ui.text_files import ask_text_path, file_stem, is_latex, write_text

from .phases import WalkState

if TYPE_CHECKING:
    from .feature import NetworkFeature

FORMAT_NAMES = {"markdown": "Markdown", "latex": "LaTeX"}


def worked_page(
    record: UpdateRecord,
    selection: Selection | None,
    sample: int | None,
    digits: int,
    names: dict[int, str],
) -> WorkedExample:
    """The worked example of the inspector's page: ``selection`` in ``record`` (None: the
    whole update); a unit's numbers are for batch position ``sample`` (None: the first)."""
    if selection is None:
        return worked_update(record, digits=digits, names=names)
    if selection.kind == "unit":
        s = 0 if sample is None or record.batch_size == 1 else sample
        return worked_unit(record, selection.layer, selection.i, s, digits=digits, names=names)
    return worked_parameter(
        record, selection.kind, selection.layer, selection.i, selection.j, digits=digits,
        names=names,
    )  # fmt: skip


class WorkedExport(QObject):
    """Copies and saves the inspector's page as a worked example (see the module)."""

    error_source = "Exporting the worked example"

    def __init__(self, feature: NetworkFeature) -> None:
        super().__init__(feature)
        self.f = feature
        self._note = ""
        """Which sample a unit's page is for, when the Sample box shows the batch mean."""
        window = feature.window
        self.action = QAction("&Worked example…", window)
        self.action.setObjectName(names.EXPORT_WORKED_ACTION)
        self.action.setStatusTip(
            "Save the inspector's page (a weight, a unit or the whole update) as a worked "
            "example in Markdown or LaTeX"
        )
        self.action.triggered.connect(self.export)  # in File ▸ Export: exercise/feature.py
        window.addAction(self.action)
        feature.inspector.copy_requested.connect(self.copy_as)
        feature.inspector.export_requested.connect(self.export)

    def report_error(self, text: str) -> None:
        self.f.host.show_message("error", text)

    def page(self) -> WorkedExample | None:
        """The current page as a worked example, or None after saying why there is none."""
        f = self.f
        if f.showing.exercise is not None or f.showing.hidden:
            self.report_error(
                "While an exercise is open the worked example would show the values it asks "
                "for; end the exercise first (or export the exercise sheet)."
            )
            return None
        if f.walk.state in (WalkState.WAITING, WalkState.WALKING, WalkState.COMMITTING):
            self.report_error(
                "Step phase has revealed only part of this update; export it after its last phase."
            )
            return None
        record, _ = f.shown()
        if record is None:
            self.report_error("There is no update to export yet: press Step (→) first.")
            return None
        selection = f.scene.selection
        self._note = ""
        unit = selection is not None and selection.kind == "unit" and selection.layer > 0
        if unit and f.stage.sample is None and record.batch_size > 1:
            self._note = " for sample n = 1 (choose another in the Sample box)"
        return worked_page(record, selection, f.stage.sample, f.inspector.digits, f.names)

    @Slot(str)
    @guarded
    def copy_as(self, kind: str) -> None:
        """Put the page on the clipboard as text: Markdown ("markdown") or a LaTeX fragment
        ("latex"). Plain text only: a QMimeData of our own (to offer text/markdown too) left
        on the clipboard crashes PySide6 6.x when the application ends (seen offscreen)."""
        page = self.page()
        if page is None:
            return
        text = page.latex() if kind == "latex" else page.markdown()
        QGuiApplication.clipboard().setText(text)
        self.f.host.show_message(
            "info", f"Copied “{page.title}”{self._note} as {FORMAT_NAMES.get(kind, kind)}."
        )

    @Slot()
    @guarded
    def export(self) -> None:
        """Ask for a .md or .tex file and write the page to it (LaTeX: a whole document)."""
        page = self.page()
        if page is None:
            return
        path = ask_text_path(self.f.window, "Export worked example", file_stem(page.title))
        if path is None:
            return
        text = page.latex(standalone=True) if is_latex(path) else page.markdown()
        problem = write_text(path, text)
        if problem is not None:
            self.report_error(problem)
        else:
            self.f.host.show_message("info", f"Exported “{page.title}”{self._note} to {path}.")
