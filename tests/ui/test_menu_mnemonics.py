"""No menu has two entries with the same Alt+letter mnemonic (H17: the dataset editor's
"&Export dataset (CSV)…" shared E with the File menu's "&Export" submenu, so Alt+F, E picked
whichever Qt found first)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QMenu

_MNEMONIC = re.compile(r"&([^&])")


def _mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _clashes(menu: QMenu, path: str) -> list[str]:
    seen: dict[str, str] = {}
    clashes = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        letter = _mnemonic(action.text())
        if letter is not None:
            if letter in seen:
                clashes.append(f"{path}: {seen[letter]!r} and {action.text()!r} share {letter!r}")
            seen[letter] = action.text()
        if action.menu() is not None:
            clashes += _clashes(action.menu(), f"{path} ▸ {action.text()}")
    return clashes


def test_every_menu_has_distinct_mnemonics(make_window):
    window = make_window()
    bar = window.menuBar()
    top = [a for a in bar.actions() if a.menu() is not None]
    assert len(top) >= 4
    clashes = _clashes_in_bar(top)
    for action in top:
        clashes += _clashes(action.menu(), action.text().replace("&", ""))
    assert not clashes, "\n".join(clashes)


def _clashes_in_bar(top) -> list[str]:
    letters = [_mnemonic(a.text()) for a in top]
    return [f"menu bar shares {x!r}" for x in set(letters) if x and letters.count(x) > 1]


def test_the_dataset_export_is_reached_with_its_own_letter(make_window):
    window = make_window()
    file_menu = next(a.menu() for a in window.menuBar().actions() if "File" in a.text())
    texts = [a.text() for a in file_menu.actions()]
    export_csv = next(t for t in texts if "dataset (CSV)" in t)
    export_menu = next(t for t in texts if t.replace("&", "") == "Export")
    assert _mnemonic(export_csv) != _mnemonic(export_menu)
