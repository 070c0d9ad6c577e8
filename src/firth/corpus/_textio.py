"""Low-level text reading: compressed files, binary blocks, UTF-8 error policy.

A file is read in binary blocks of :data:`BLOCK_SIZE` bytes, never line by line, so a
corpus made of one 100 MB line never becomes one 100 MB string. Each block is decoded
incrementally (a multi-byte character cut by a block boundary is completed by the next
block) and cut after its last whitespace character; the unfinished token at the end is
carried into the next block, so no token is ever split or dropped.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import re
import zlib
from collections.abc import Callable, Iterator
from typing import Literal

from firth.errors import CorpusError

__all__ = ["BLOCK_SIZE", "EncodingErrors", "iter_text", "open_binary"]

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
_ANY_SPACE = re.compile(r"\s")
_ASCII_SPACES = (" ", "\n", "\t", "\r", "\x0b", "\x0c")
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


def iter_text(
    path: str,
    encoding_errors: EncodingErrors,
    on_replaced: Callable[[int], None],
) -> Iterator[str]:
    """Yield the decoded text of ``path`` in pieces that each end at a token boundary.

    Every piece but the last ends with a whitespace character; the last one ends at the
    end of the file. Invalid UTF-8 bytes are handled by ``encoding_errors`` and their
    number reported through ``on_replaced`` as each block is decoded.
    """
    try:
        stream, kind = open_binary(path)
    except OSError as error:
        raise CorpusError(f"cannot read corpus file {path!r}: {error.strerror or error}.") from None
    where = " (in the decompressed data)" if kind else ""
    with stream:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        carried: list[str] = []  # text after the last whitespace seen (an unfinished token)
        consumed = decoded_upto = 0
        final = False
        while not final:
            try:
                data = stream.read(BLOCK_SIZE)
            except _DECOMPRESS_ERRORS as error:
                raise CorpusError(
                    f"corpus file {path!r} is a corrupt or truncated {kind or 'compressed'} "
                    f"file: {error}. Re-create or re-download it."
                ) from None
            except OSError as error:
                detail = error.strerror or str(error)
                raise CorpusError(f"cannot read corpus file {path!r}: {detail}.") from None
            final = not data
            consumed += len(data)
            text = decoder.decode(data, final)
            start = decoded_upto
            decoded_upto = consumed - len(decoder.getstate()[0])
            if text and not text.isascii():
                text = _apply_policy(text, encoding_errors, on_replaced, path, start, where)
            if final:
                carried.append(text)
                yield "".join(carried)
                return
            cut = _last_space(text)
            if cut < 0:
                carried.append(text)  # still inside one (long) token
                continue
            carried.append(text[: cut + 1])
            yield "".join(carried)
            carried = [text[cut + 1 :]]


def _last_space(text: str) -> int:
    """The index of the last whitespace character of ``text``, or -1."""
    cut = max([text.rfind(space) for space in _ASCII_SPACES])
    if cut < 0 and not text.isascii():
        for match in _ANY_SPACE.finditer(text):  # rare: only non-ASCII spaces in a block
            cut = match.start()
    return cut


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
