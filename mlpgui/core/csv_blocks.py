"""CSV input as a stream of blocks of whole lines: decoded, line ends unified, lines numbered.

Nothing reads the whole input at once: a file is read :data:`BLOCK_SIZE` bytes at a time and cut
after its last complete line, so the memory used does not grow with the file. Line numbers are
physical lines (``\\n``, ``\\r\\n`` and a lone ``\\r`` each end one), counted from 1.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import AnyStr

from mlpgui.core.csv_types import CsvFormatError

BLOCK_SIZE = 1 << 20
"""Bytes (or characters, for text) read at a time."""

MAX_LINE = 1 << 20
"""The longest line read, in bytes (or characters, for text): a row of the most columns with
room to spare. A longer line is refused before it is split into cells."""

MAX_BYTES = 256 * 1024 * 1024
"""The largest CSV file (in bytes, or characters for text) that is read."""


@dataclass(frozen=True)
class TextBlock:
    """Whole lines of the input.

    Attributes:
        text: the lines, each ending in ``"\\n"`` (the input's last line perhaps not).
        first_line: the physical line number of the first line of ``text``.
        fraction: the share (0 to 1) of the input read once this block is reached.
    """

    text: str
    first_line: int
    fraction: float


class _LongLine(Exception):
    """A line longer than MAX_LINE started after the lines yielded so far."""


def too_large(source: str) -> CsvFormatError:
    megabytes = MAX_BYTES // (1024 * 1024)
    return CsvFormatError(f"{source} is larger than {megabytes} MB, too large to load.", source)


def byte_blocks(read: Callable[[int], bytes], total: int, source: str) -> Iterator[TextBlock]:
    """Blocks of UTF-8 input from ``read(n)`` (an optional byte-order mark is dropped).

    Args:
        read: returns up to n bytes, and b"" at the end.
        total: the input's size in bytes (for ``fraction``).
        source: starts every message.

    Raises:
        CsvFormatError: the input is not UTF-8 (or holds a NUL byte), naming the line, after
            the blocks before that line are yielded; a line longer than MAX_LINE; more than
            MAX_BYTES bytes.
    """
    hint, first = "", True

    def decode(piece: bytes, line: int) -> tuple[str, CsvFormatError | None]:
        nonlocal hint, first
        if first:
            first = False
            if piece.startswith(codecs.BOM_UTF8):
                piece = piece[len(codecs.BOM_UTF8) :]
            if piece[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                hint = " (it looks like UTF-16; save it as UTF-8)"
        return _decode(piece, line, source, hint)

    return _blocks(read, total, source, b"\n", b"\r", decode)


def text_blocks(text: str, source: str) -> Iterator[TextBlock]:
    """Blocks of ``text`` (an optional leading byte-order mark is dropped)."""
    if len(text) > MAX_BYTES:
        raise too_large(source)
    if text.startswith("\ufeff"):
        text = text[1:]
    position = 0

    def read(size: int) -> str:
        nonlocal position
        piece = text[position : position + size]
        position += len(piece)
        return piece

    return _blocks(read, len(text), source, "\n", "\r", lambda piece, line: (piece, None))


def _blocks(
    read: Callable[[int], AnyStr],
    total: int,
    source: str,
    newline: AnyStr,
    carriage_return: AnyStr,
    decode: Callable[[AnyStr, int], tuple[str, CsvFormatError | None]],
) -> Iterator[TextBlock]:
    line = 1
    try:
        for piece, done in _pieces(read, newline, carriage_return):
            if done > MAX_BYTES:
                raise too_large(source)
            text, error = decode(piece, line)
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            if text:
                yield TextBlock(text, line, min(done / max(total, 1), 1.0))
            if error is not None:
                raise error
            line += text.count("\n")
    except _LongLine:
        raise CsvFormatError(
            f"{source}: line {line} is longer than {MAX_LINE:,} characters, too long for a row "
            "of numbers.",
            source,
            line,
        ) from None


def _pieces(
    read: Callable[[int], AnyStr], newline: AnyStr, carriage_return: AnyStr
) -> Iterator[tuple[AnyStr, int]]:
    """(whole lines, input length read so far); raises _LongLine for a line over MAX_LINE."""
    pending = read(0)  # an empty str or bytes
    done = 0
    while True:
        chunk = read(BLOCK_SIZE)
        done += len(chunk)
        data = pending + chunk if pending else chunk
        if pending and _first_break(data, newline, carriage_return) > MAX_LINE:
            raise _LongLine
        if not chunk:
            if data:
                yield data, done
            return
        cut = _cut(data, newline, carriage_return)
        pending = data[cut:]
        if len(pending) > MAX_LINE:
            if cut:
                yield data[:cut], done
            raise _LongLine
        if cut:
            yield data[:cut], done


def _cut(data: AnyStr, newline: AnyStr, carriage_return: AnyStr) -> int:
    """The position just after the last line break of ``data`` that surely ends a line (a
    final ``\\r`` may be the first half of ``\\r\\n``), or 0."""
    end = len(data) - 1 if data[-1:] == carriage_return else len(data)
    return max(data.rfind(newline, 0, end), data.rfind(carriage_return, 0, end)) + 1


def _first_break(data: AnyStr, newline: AnyStr, carriage_return: AnyStr) -> int:
    """The length of the first line of ``data`` (without its line break)."""
    found = [i for i in (data.find(newline), data.find(carriage_return)) if i >= 0]
    return min(found) if found else len(data)


def _decode(piece: bytes, line: int, source: str, hint: str) -> tuple[str, CsvFormatError | None]:
    """The text of the lines of ``piece`` before its first byte that is not UTF-8 text, and
    the error naming that byte's line (None if every byte is fine)."""
    bad = piece.find(b"\x00")
    try:
        text = piece.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start if bad < 0 else min(bad, exc.start)
    else:
        if bad < 0:
            return text, None
    start = max(piece.rfind(b"\n", 0, bad), piece.rfind(b"\r", 0, bad)) + 1
    prefix = piece[:start]
    bad_line = line + prefix.count(b"\n") + prefix.count(b"\r") - prefix.count(b"\r\n")
    error = CsvFormatError(
        f"{source}: line {bad_line}: the file is not UTF-8 text{hint}.", source, bad_line
    )
    return prefix.decode("utf-8"), error


class LineCursor:
    """Non-blank lines of a block stream one at a time, then the rest as blocks."""

    def __init__(self, blocks: Iterator[TextBlock]) -> None:
        self._blocks = blocks
        self._block: TextBlock | None = None
        self._position = 0  # in self._block.text
        self._line = 1  # the physical line number at self._position

    def next_nonblank(self) -> tuple[int, str] | None:
        """(line number, text without line end) of the next non-blank line, or None."""
        while True:
            block = self._block
            if block is None or self._position >= len(block.text):
                block = self._block = next(self._blocks, None)
                if block is None:
                    return None
                self._position, self._line = 0, block.first_line
            end = block.text.find("\n", self._position)
            end = len(block.text) if end < 0 else end
            text, number = block.text[self._position : end], self._line
            self._position, self._line = end + 1, self._line + 1
            if text.strip():
                return number, text

    def rest(self) -> Iterator[TextBlock]:
        """The blocks from the line after the last one returned."""
        block = self._block
        if block is not None and self._position < len(block.text):
            yield TextBlock(block.text[self._position :], self._line, block.fraction)
        yield from self._blocks
