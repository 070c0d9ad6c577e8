"""Low-level text reading: compressed files, binary blocks, UTF-8 error policy.

A file is read in binary blocks of :data:`BLOCK_SIZE` bytes, never line by line, so a
corpus made of one 100 MB line never becomes one 100 MB string. Each block is cut after
its last ASCII whitespace byte, which never falls inside a UTF-8 character; the unfinished
token at the end is carried into the next block, so no token is ever split or dropped.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import io
import lzma
import re
import zlib
from collections.abc import Callable, Iterator
from typing import Literal

from firth.errors import CorpusError

__all__ = ["BLOCK_SIZE", "EncodingErrors", "iter_utf8", "open_binary"]

EncodingErrors = Literal["replace", "strict", "ignore"]
"""What to do with bytes that are not valid UTF-8: ``"replace"``, ``"strict"``, ``"ignore"``."""

#: Bytes read from a file at a time (tests lower it to exercise block boundaries).
BLOCK_SIZE = 1 << 20

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bz2"),
    (b"\xfd7zXZ\x00", "xz"),
)
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that surrogateescape could not decode
_ASCII_SPACE_BYTES = re.compile(rb"[\t\n\x0b\x0c\r\x1c-\x1f ]")
_DECOMPRESS_ERRORS = (EOFError, zlib.error, lzma.LZMAError, gzip.BadGzipFile)


def open_binary(path: str) -> tuple[io.BufferedIOBase, str]:
    """Open ``path`` for binary reading, decompressing by magic bytes (not by extension).

    Returns the stream and its compression (``"gzip"``, ``"bz2"``, ``"xz"`` or ``""``).
    """
    with open(path, "rb") as probe:
        head = probe.read(6)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "gzip":
                return gzip.open(path, "rb"), kind
            if kind == "bz2":
                return bz2.open(path, "rb"), kind
            return lzma.open(path, "rb"), kind
    return open(path, "rb"), ""


def iter_utf8(
    path: str,
    encoding_errors: EncodingErrors,
    on_replaced: Callable[[int], None],
) -> Iterator[bytes]:
    """Yield the bytes of ``path`` as valid UTF-8 pieces that each end at a token boundary.

    Every piece but the last ends with an ASCII whitespace byte (so no character or token
    is cut); the last one ends at the end of the file. A piece with invalid UTF-8 is
    decoded with each invalid byte handled by ``encoding_errors`` (and counted through
    ``on_replaced``), then re-encoded.
    """
    carried: list[bytes] = []  # bytes after the last whitespace seen (an unfinished token)
    offset = 0  # where the next piece starts in the (decompressed) file
    with _opened(path) as (read, where):
        while True:
            data = read()
            final = not data
            if final:
                piece = b"".join(carried)
            else:
                cut = max(data.rfind(b"\n"), data.rfind(b" "))
                if cut < 0:
                    cut = max((m.start() for m in _ASCII_SPACE_BYTES.finditer(data)), default=-1)
                if cut < 0:
                    carried.append(data)  # still inside one (long) token
                    continue
                carried.append(data[: cut + 1])
                piece = b"".join(carried)
                carried = [data[cut + 1 :]]
            size = len(piece)
            if not piece.isascii():
                try:
                    piece.decode("utf-8")
                except UnicodeDecodeError:
                    text = piece.decode("utf-8", "surrogateescape")
                    text = _apply_policy(text, encoding_errors, on_replaced, path, offset, where)
                    piece = text.encode("utf-8")
            offset += size
            yield piece
            if final:
                return


@contextlib.contextmanager
def _opened(path: str) -> Iterator[tuple[Callable[[], bytes], str]]:
    """``path`` opened for reading blocks: a function returning the next block (empty at
    the end) with errors turned into :class:`CorpusError`, and what offsets refer to."""
    try:
        stream, kind = open_binary(path)
    except OSError as error:
        raise CorpusError(f"cannot read corpus file {path!r}: {error.strerror or error}.") from None

    def read() -> bytes:
        try:
            return stream.read(BLOCK_SIZE)
        except _DECOMPRESS_ERRORS as error:
            raise CorpusError(
                f"corpus file {path!r} is a corrupt or truncated {kind or 'compressed'} "
                f"file: {error}. Re-create or re-download it."
            ) from None
        except OSError as error:
            detail = error.strerror or str(error)
            raise CorpusError(f"cannot read corpus file {path!r}: {detail}.") from None

    with stream:
        yield read, " (in the decompressed data)" if kind else ""


def _apply_policy(
    text: str,
    encoding_errors: EncodingErrors,
    on_replaced: Callable[[int], None],
    path: str,
    start: int,
    where: str,
) -> str:
    if encoding_errors == "strict":
        match = _ESCAPED.search(text)
        if match is not None:
            prefix = text[: match.start()].encode("utf-8", "surrogateescape")
            byte = ord(match.group()) - 0xDC00
            raise CorpusError(
                f"corpus file {path!r} is not valid UTF-8: byte 0x{byte:02x} at byte offset "
                f"{start + len(prefix)}{where}. Fix or re-encode the file (e.g. "
                "iconv -f latin1 -t utf-8), or pass encoding_errors='replace' to substitute "
                "U+FFFD or encoding_errors='ignore' to drop invalid bytes."
            )
        return text
    text, replaced = _ESCAPED.subn("\ufffd" if encoding_errors == "replace" else "", text)
    if replaced:
        on_replaced(replaced)
    return text
