"""InspectorPanel: the picked weight's, bias's or unit's numbers as formulas (a page built by
explain_text / overview_text), with a digits setting, Copy as plain text, Copy as ▸ Plain
text / Markdown / LaTeX and Export… (the worked example: the feature renders it, worked.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QSpinBox,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mlpgui.ui import names
from mlpgui.ui.formatting import DEFAULT_DIGITS

from .fonts import FontScaler
from .palette import PRESENTER
from .rich import MUTED, Doc

PRESENTER_MUTED = "#2b2b2b"
"""Notes and subtitles in presenter mode: still set apart (italic), but dark."""


def style(scale: float = 1.0) -> str:
    """The page's style sheet with every font ``scale`` times its normal size."""
    body, h3, small, pre = (round(pt * scale, 1) for pt in (10, 12, 8, 9))
    return (
        f"body {{ font-size: {body}pt; }} h3 {{ font-size: {h3}pt; }} "
        f"sub, sup {{ font-size: {small}pt; }} pre {{ font-size: {pre}pt; }}"
    )


STYLE = style()


class InspectorPanel(QWidget):
    """Shows a ``Doc``; ``digits_changed(int)`` when the user picks another precision;
    ``copy_requested(str)`` ("markdown" or "latex") and ``export_requested()`` for the page
    as a worked example (Copy as ▸ Plain text copies the page itself)."""

    digits_changed = Signal(int)
    copy_requested = Signal(str)
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.INSPECTOR_PANEL)
        self.digits_spin = QSpinBox()
        self.digits_spin.setObjectName(names.INSPECTOR_DIGITS_SPIN)
        self.digits_spin.setRange(1, 17)
        self.digits_spin.setValue(DEFAULT_DIGITS)
        self.digits_spin.setToolTip(
            "Significant digits of the numbers shown (17 shows every digit of a float64)"
        )
        self.digits_spin.valueChanged.connect(self.digits_changed)
        digits_label = QLabel("Digits")
        digits_label.setBuddy(self.digits_spin)
        self.copy_button = QToolButton()
        self.copy_button.setObjectName(names.INSPECTOR_COPY_BUTTON)
        self.copy_button.setText("Copy")
        self.copy_button.setToolTip("Copy this page as plain text (w_21^(1) notation)")
        self.copy_button.clicked.connect(self.copy)
        self.copy_as_button = self._copy_as_button()
        self.export_button = QToolButton()
        self.export_button.setObjectName(names.INSPECTOR_EXPORT_BUTTON)
        self.export_button.setText("Export…")
        self.export_button.setToolTip(
            "Save this page as a worked example: Markdown (.md) or a LaTeX document (.tex)"
        )
        self.export_button.clicked.connect(self.export_requested)
        self.browser = QTextBrowser()
        self.browser.setObjectName(names.INSPECTOR_TEXT)
        self.browser.setOpenLinks(False)
        self.browser.document().setDefaultStyleSheet(STYLE)
        self.browser.setPlaceholderText(
            "Press Step (→) or Step phase (Ctrl+→), then click an edge, a bias or a unit in "
            "the diagram to see how backpropagation computed its numbers."
        )
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addStretch(1)
        top.addWidget(digits_label)
        top.addWidget(self.digits_spin)
        top.addWidget(self.copy_button)
        top.addWidget(self.copy_as_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self._plain = ""
        self._html = ""
        self._fonts = FontScaler(self)
        self.presenter = False

    def _copy_as_button(self) -> QToolButton:
        button = QToolButton()
        button.setObjectName(names.INSPECTOR_COPY_AS_BUTTON)
        button.setText("Copy as")
        button.setToolTip(
            "Copy this page as plain text, or as a worked example in Markdown or LaTeX"
        )
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        markdown = "A worked example with Unicode math (w₂₁⁽¹⁾) and tables, for notes and slides"
        latex = "A worked example in the lecture's notation (amsmath), to paste into a document"
        choices: list[tuple[str, str, str, Callable[[], None]]] = [
            ("Plain text", names.COPY_AS_TEXT_ACTION, "The page as shown (w_21^(1))", self.copy),
            ("Markdown", names.COPY_AS_MARKDOWN_ACTION, markdown,
             lambda: self.copy_requested.emit("markdown")),
            ("LaTeX", names.COPY_AS_LATEX_ACTION, latex, lambda: self.copy_requested.emit("latex")),
        ]  # fmt: skip
        for text, name, tip, slot in choices:
            action = menu.addAction(text)
            action.setObjectName(name)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(slot)
        menu.setToolTipsVisible(True)
        button.setMenu(menu)
        return button

    @property
    def digits(self) -> int:
        return self.digits_spin.value()

    def show_doc(self, doc: Doc | None) -> None:
        """Show ``doc`` (None: nothing to show; the placeholder explains what to do)."""
        html = "" if doc is None else doc.html()
        if self.presenter:
            html = html.replace(MUTED, PRESENTER_MUTED)
        self._plain = "" if doc is None else doc.plain()
        if html != self._html:
            self._html = html
            bar = self.browser.verticalScrollBar()
            position = bar.value()
            self.browser.setHtml(html)
            bar.setValue(position)

    def set_presenter(self, on: bool) -> None:
        """Every text PRESENTER.font_scale times larger (on) or as before (off); the page
        keeps its black text (the muted grey of notes stays readable at that size)."""
        if on == self.presenter:
            return
        self.presenter = on
        if on:
            self._fonts.scale(PRESENTER.font_scale)
        else:
            self._fonts.restore()
        self.browser.document().setDefaultStyleSheet(style(PRESENTER.font_scale if on else 1.0))
        html, self._html = self._html, ""
        if html:
            self._html = html
            self.browser.setHtml(html)

    def plain_text(self) -> str:
        """The page as plain text (what Copy puts on the clipboard)."""
        return self._plain

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self._plain)
