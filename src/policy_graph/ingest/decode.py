"""Bytes → text, or a one-line :class:`Problem` saying why not.

Why these steps, in this order:

* **Bounded reading.** A file is read in blocks and abandoned as soon as it is clearly not a
  document (too large, or a "line" longer than any paragraph could be), so a 50 MB file with no
  newline costs one block of memory, not a 50 MB string plus its decoded copy.
* **BOM first, then signatures.** A BOM is the only reliable statement of an encoding (UTF-8,
  UTF-16/32 LE/BE). Without one, NUL bytes or a known binary signature mean "binary" — except
  when the NULs sit in every other byte, which is BOM-less UTF-16.
* **UTF-8 before GB18030.** Valid UTF-8 is almost never accidental; GB18030 (a superset of GBK
  and GB2312) accepts most byte strings, so it is only tried when UTF-8 fails.
* The decoded text is kept unchanged (CRLF included); normalisation happens later on mapped
  text, so character offsets always refer to this string, and :class:`ByteOffsets` turns them
  into byte offsets lazily (a checkpoint every 1024 characters, not a table per character).
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import overload

from ..model import Problem, SourceFile

MAX_BYTES = 64 * 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024
_BLOCK = 1024 * 1024

_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (docx/xlsx?)"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0", "OLE document (doc/xls?)"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


class ByteOffsets(Sequence[int]):
    """``offsets[i]`` = byte offset of character ``i`` of ``text`` in the raw file (``len+1`` entries)."""

    _STEP = 1024

    def __init__(self, text: str, codec: str, bom_len: int) -> None:
        self._text, self._codec = text, codec
        cps = [bom_len]
        for k in range(self._STEP, len(text) + 1, self._STEP):
            cps.append(cps[-1] + len(text[k - self._STEP : k].encode(codec, "surrogatepass")))
        self._cps = cps

    def __len__(self) -> int:
        return len(self._text) + 1

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[int]: ...
    def __getitem__(self, i: int | slice) -> int | Sequence[int]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        k = i // self._STEP
        base = k * self._STEP
        return self._cps[k] + len(self._text[base:i].encode(self._codec, "surrogatepass"))


def _read_bounded(path: Path) -> bytes | Problem:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        return Problem(name, "error", f"cannot read: {e.strerror or e}")
    if size == 0:
        return Problem(name, "error", "empty file")
    if size > MAX_BYTES:
        return Problem(name, "error", f"too large ({size} bytes > {MAX_BYTES}): not read")
    blocks: list[bytes] = []
    since_newline = 0
    try:
        with path.open("rb") as fh:
            while block := fh.read(_BLOCK):
                nl = block.rfind(b"\n")
                since_newline = since_newline + len(block) if nl < 0 else len(block) - nl - 1
                if since_newline > MAX_LINE_BYTES and not _looks_binary(block):
                    return Problem(
                        name,
                        "error",
                        f"no line break in {since_newline} bytes: not a text document (skipped)",
                    )
                blocks.append(block)
    except OSError as e:
        return Problem(name, "error", f"cannot read: {e.strerror or e}")
    return b"".join(blocks)


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192] and not _utf16_guess(data)


def _utf16_guess(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    # Chinese text has few NULs (only its ASCII does): take the byte order that reads as CJK
    sample = sample[: len(sample) // 2 * 2]
    share = {c: _cjk_share(sample.decode(c, "replace")) for c in ("utf-16-le", "utf-16-be")}
    best = max(share, key=lambda c: share[c])
    return best if share[best] > 0.5 else None


def _cjk_share(text: str) -> float:
    """Share of CJK ideographs and CJK/full-width punctuation in ``text``."""
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return cjk / max(1, len(text))


def _decode(data: bytes) -> tuple[str, str, str, int] | str:
    """(text, codec for byte offsets, reported encoding, BOM length) or a reason string."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec, label + " (BOM)", len(bom)
            except UnicodeDecodeError as e:
                return f"undecodable: BOM says {label} but byte {e.start + len(bom)} is invalid"
    for sig, what in _BINARY_SIGNATURES:
        if data.startswith(sig):
            return f"binary file ({what})"
    if b"\x00" in data:
        codec16 = _utf16_guess(data)
        if codec16:
            try:
                text16 = data.decode(codec16)
            except UnicodeDecodeError:
                text16 = ""
            if text16 and _plausible(text16):
                return text16, codec16, codec16, 0
        return "binary file (NUL bytes)"
    try:
        return data.decode("utf-8"), "utf-8", "utf-8", 0
    except UnicodeDecodeError as e:
        utf8_error = e.start
    # a few bad bytes in an otherwise valid file (a damaged copy, a file cut mid-character) must
    # not turn it into mojibake under the other codec: keep the codec that fits, mark the damage
    utf8_bad = _bad_bytes(data, "utf-8")
    if utf8_bad <= _tolerated(data):
        return data.decode("utf-8", "replace"), "utf-8", f"utf-8 ({utf8_bad} invalid bytes replaced)", 0
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_bad = _bad_bytes(data, "gb18030")
        if gb_bad <= _tolerated(data):
            return data.decode("gb18030", "replace"), "gb18030", f"gb18030 ({gb_bad} invalid bytes replaced)", 0
        return f"undecodable: not UTF-8 (invalid byte at {utf8_error}) nor GB18030"
    return text, "gb18030", "gb18030", 0


def _tolerated(data: bytes) -> int:
    """How many undecodable bytes a file may have and still count as damaged text."""
    return len(data) // 500 if len(data) >= 500 else 0  # 0.2 %: damage, not another encoding


def _bad_bytes(data: bytes, codec: str) -> int:
    """Number of undecodable byte runs (each becomes one U+FFFD under "replace")."""
    return data.decode(codec, "replace").count("\ufffd")


def _plausible_char(c: str) -> bool:
    o = ord(c)
    return (
        32 <= o < 127 or c in "\t\n\r" or 0xA0 <= o <= 0xFF or 0x2000 <= o <= 0x206F
        or 0x3000 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF or 0x2070 <= o <= 0x209F
    )


def _plausible(text: str) -> bool:
    """Mostly ASCII, CJK and punctuation: what a BOM-less UTF-16 guess must decode to."""
    sample = text[:5000]
    return sum(1 for c in sample if _plausible_char(c)) >= 0.95 * len(sample)


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    return bad / max(1, len(sample))


def read_source(path: Path, *, name: str | None = None) -> tuple[SourceFile, ByteOffsets] | Problem:
    """Decode one file. Returns the source and its byte-offset map, or a Problem."""
    data = _read_bounded(path)
    if isinstance(data, Problem):
        return data
    decoded = _decode(data)
    if isinstance(decoded, str):
        return Problem(str(path), "error", decoded)
    text, codec, label, bom_len = decoded
    if not text.strip():
        return Problem(str(path), "error", "empty file (only whitespace)")
    if _control_ratio(text) > 0.01:
        return Problem(str(path), "error", "binary file (control characters)")
    src = SourceFile(
        path=str(path),
        name=name or path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=label,
        n_bytes=len(data),
        text=text,
    )
    return src, ByteOffsets(text, codec, bom_len)
