"""The dataset editor's dialogs, as plain functions (tests replace them with answers)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

CSV_FILTER = "CSV files (*.csv);;Text files (*.txt *.tsv);;All files (*)"


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask a yes/no question; True if the user chose ``action`` (the default is Cancel)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel,
                      parent)  # fmt: skip
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


def open_csv_path(parent: QWidget | None) -> str | None:
    """The CSV file the user chose to import, or None."""
    path, _ = QFileDialog.getOpenFileName(parent, "Import a dataset (CSV)", "", CSV_FILTER)
    return path or None


def save_csv_path(parent: QWidget | None, suggested: str) -> str | None:
    """Where the user chose to export the dataset, or None."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export the dataset (CSV)", suggested, CSV_FILTER)
    return path or None
