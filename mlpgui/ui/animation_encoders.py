"""The two encoders of AnimationWriter: an incremental animated GIF (Pillow) and H.264 MP4
(ffmpeg from ``imageio-ffmpeg``). No Qt. Each writes to a path it is given, one frame at a
time (RGBX bytes, see animation_writer.py), keeping at most one frame in memory."""

from __future__ import annotations

import contextlib
import functools
import math
import struct
import subprocess
import tempfile
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from .animation_writer import AnimationSpec

GIF_HOLD_LAST_SECONDS = 1.0
"""A GIF shows its last frame this much longer before it loops (the viewer sees the end)."""

VIDEO_HINT = 'pip install "mlpgui[video]"'
FFMPEG_CLOSE_SECONDS = 120.0
"""How long ffmpeg may take to finish the video once every frame is sent."""


class Encoder(Protocol):
    def add(self, frame: bytes) -> None: ...

    def close(self) -> None:
        """Complete the file (raises OSError if that failed)."""

    def kill(self) -> None:
        """Stop at once; the file may be incomplete (the writer removes it)."""


EXACT_COLOURS = 96
"""A GIF frame's most frequent colours kept exactly (backgrounds, fills, text)."""


def paletted(rgb: np.ndarray) -> Any:
    """A Pillow "P" image of ``rgb`` ((h, w, 3) uint8) with an optimised palette of at most
    256 colours: every colour when there are no more, else the ``EXACT_COLOURS`` most
    frequent ones exactly (Pillow's own quantizers shift large flat areas: white became
    (253, 253, 254) and a light grey vanished) plus a median cut of the rest (antialiased
    edges), chosen from a sample of the pixels. No dithering: text and lines stay crisp."""
    from PIL import Image

    h, w, _ = rgb.shape
    packed = (
        (rgb[..., 0].astype(np.uint32) << 16) | (rgb[..., 1].astype(np.uint32) << 8) | rgb[..., 2]
    )
    step = max(1, round(math.sqrt(h * w / 250_000)))  # count colours in ≈ 250,000 pixels
    values, counts = np.unique(packed[::step, ::step], return_counts=True)
    many = len(values) > 256
    exact = values[np.argsort(counts, kind="stable")[::-1][: EXACT_COLOURS if many else 256]]
    colours = np.stack([exact >> 16, (exact >> 8) & 255, exact & 255], axis=1).astype(np.uint8)
    if many:
        sample = Image.fromarray(np.ascontiguousarray(rgb[:: 2 * step, :: 2 * step]))
        rest = sample.quantize(
            256 - len(exact), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        rest_palette = (rest.getpalette() or [])[: 3 * (256 - len(exact))]
        extra = np.array(rest_palette, np.uint8).reshape(-1, 3)
        colours = np.concatenate([colours, extra])
    order = np.argsort(exact)
    ordered = exact[order]
    at = np.minimum(np.searchsorted(ordered, packed), len(ordered) - 1)
    hit = ordered[at] == packed
    indices = order[at].astype(np.uint8)
    palette = colours.reshape(-1).tolist()
    if not hit.all():  # the nearest palette colour (Pillow) for the pixels not kept exactly
        target = Image.new("P", (1, 1))
        target.putpalette(palette)
        image = Image.fromarray(np.ascontiguousarray(rgb), "RGB")
        mapped = np.asarray(image.quantize(palette=target, dither=Image.Dither.NONE))
        indices = np.where(hit, indices, mapped)
    result = Image.fromarray(np.ascontiguousarray(indices), "P")
    result.putpalette(palette)
    return result


def _rgb(frame: bytes, width: int, height: int) -> np.ndarray:
    """(height, width, 3) uint8 view of an RGBX frame."""
    return np.frombuffer(frame, np.uint8).reshape(height, width, 4)[:, :, :3]


class GifEncoder:
    """An animated GIF, written as frames arrive (Pillow keeps every frame of a GIF it saves
    in memory; this does not). Each frame stores only the rectangle that changed, with its own
    palette of 256 colours chosen for it (``paletted``).
    A frame equal to the previous one lengthens that one's delay."""

    def __init__(self, path: str, spec: AnimationSpec) -> None:
        self._width, self._height, self._fps = spec.width, spec.height, spec.fps
        self._previous: np.ndarray | None = None
        self._pending: tuple[object, tuple[int, int]] | None = None
        self._pending_periods = 0
        self._periods = 0
        self._file = open(path, "wb")  # noqa: SIM115 - closed by close() or kill()
        self._file.write(self._header())

    def _header(self) -> bytes:
        """GIF89a, a global table of two colours (white, black: the first frame covers the
        whole canvas anyway), and the NETSCAPE2.0 extension: loop forever."""
        screen = struct.pack("<HHBBB", self._width, self._height, 0x80 | 0x70, 0, 0)
        loop = b"!\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", 0) + b"\x00"
        return b"GIF89a" + screen + b"\xff\xff\xff\x00\x00\x00" + loop

    def add(self, frame: bytes) -> None:
        rgb = _rgb(frame, self._width, self._height)
        if self._previous is None:
            x0, y0, x1, y1 = 0, 0, self._width, self._height
        else:
            changed = np.any(rgb != self._previous, axis=2)
            rows = np.flatnonzero(changed.any(axis=1))
            if not len(rows):
                self._pending_periods += 1  # the same picture: show the last one longer
                return
            cols = np.flatnonzero(changed.any(axis=0))
            x0, y0, x1, y1 = int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1
        self._flush()
        self._pending = (paletted(rgb[y0:y1, x0:x1]), (x0, y0))
        self._pending_periods = 1
        self._previous = rgb

    def _flush(self, hold_cs: int = 0) -> None:
        """Write the pending frame, shown until the end of its frame periods (delays are in
        hundredths of a second, rounded so that they add up to the exact running time)."""
        from PIL import GifImagePlugin

        if self._pending is None:
            return
        image, offset = self._pending
        start, end = self._periods, self._periods + self._pending_periods
        delay = round(end * 100 / self._fps) - round(start * 100 / self._fps) + hold_cs
        delay = min(max(delay, 1), 65535)
        self._periods = end
        self._pending = None
        chunks = GifImagePlugin.getdata(
            image,  # type: ignore[arg-type]
            offset,
            duration=delay * 10,  # milliseconds, stored as hundredths
            disposal=1,  # keep the frame: the next one draws only what changed
            include_color_table=True,
        )
        for chunk in chunks:
            self._file.write(chunk)

    def close(self) -> None:
        self._flush(hold_cs=round(GIF_HOLD_LAST_SECONDS * 100))
        self._file.write(b";")
        self._file.flush()
        self._file.close()

    def kill(self) -> None:
        self._file.close()


def video_problem() -> str | None:
    """Why MP4 cannot be written here (one sentence), or None when it can."""
    return _video_problem()


@functools.cache
def _video_problem() -> str | None:
    try:
        import imageio_ffmpeg
    except ImportError:
        return f"MP4 needs the optional package imageio-ffmpeg: {VIDEO_HINT}."
    try:
        imageio_ffmpeg.get_ffmpeg_exe()
    except Exception:
        return f"MP4 needs the ffmpeg program of imageio-ffmpeg, which is missing: {VIDEO_HINT}."
    return None


H264_ENCODERS = ("libx264", "libopenh264")
"""H.264 encoders of ffmpeg, preferred first."""


@functools.cache
def _h264_encoder(ffmpeg: str) -> str:
    """The first of H264_ENCODERS that the ``ffmpeg`` program has (raises OSError if none)."""
    listing = subprocess.run(
        [ffmpeg, "-hide_banner", "-encoders"], capture_output=True, timeout=30, check=False
    ).stdout.decode("utf-8", "replace")
    names = {line.split()[1] for line in listing.splitlines() if len(line.split()) > 1}
    for name in H264_ENCODERS:
        if name in names:
            return name
    raise OSError("the ffmpeg of imageio-ffmpeg has no H.264 encoder")


class Mp4Encoder:
    """An H.264 MP4 (yuv420p, so that every player shows it), encoded by an ffmpeg process
    that reads raw frames on its standard input. Errors carry ffmpeg's last message."""

    def __init__(self, path: str, spec: AnimationSpec) -> None:
        import imageio_ffmpeg

        ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
        codec = _h264_encoder(ffmpeg)
        quality = ["-crf", "18"] if codec == "libx264" else []
        command = [
            ffmpeg, "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb0", "-video_size", f"{spec.width}x{spec.height}",
            "-framerate", str(spec.fps), "-i", "pipe:0",
            "-an", "-c:v", codec, *quality, "-pix_fmt", "yuv420p",
            "-movflags", "+faststart", "-f", "mp4", path,
        ]  # fmt: skip
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the process
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            start_new_session=True,  # Ctrl+C in a terminal stops mlpgui, not the encoder
        )

    def _reason(self, fallback: str) -> str:
        try:
            self._log.seek(0)
            lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        except OSError:
            lines = []
        return f"ffmpeg: {lines[-1].strip()}" if lines else fallback

    def add(self, frame: bytes) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(frame)
        except OSError as exc:  # a broken pipe: ffmpeg has stopped
            self._process.wait()
            raise OSError(self._reason(exc.strerror or str(exc))) from exc

    def close(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.close()
            code = self._process.wait(FFMPEG_CLOSE_SECONDS)
        except subprocess.TimeoutExpired as exc:
            raise OSError("ffmpeg did not finish the video in time") from exc
        except OSError as exc:
            self._process.wait()
            raise OSError(self._reason(exc.strerror or str(exc))) from exc
        if code != 0:
            raise OSError(self._reason(f"ffmpeg stopped with exit code {code}"))
        self._log.close()

    def kill(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        self._log.close()
