"""A word table over UTF-8 bytes: split text into tokens and number them, with no str objects.

The table is an open-addressing hash table held in plain arrays:

* ``slots`` (int32, a power of two long, at least twice the word capacity): a word id,
  or -1 for an empty slot; collisions probe linearly;
* ``hashes`` (uint64): each word's FNV-1a hash, so growing the table never rehashes bytes;
* ``starts`` (int64, capacity + 1): word ``w`` is ``arena[starts[w]:starts[w + 1]]``;
* ``arena`` (uint8): the words' bytes, back to back;
* ``sizes`` (int64[2]): the number of words and of arena bytes in use.

A kernel that must add a word to a full table stops and reports where; the Python driver
(:mod:`firth.corpus._wordtable`) grows the arrays and calls it again from there.

The whitespace rule is Python's ``str.split()``: ASCII ``\\t \\n \\v \\f \\r``, ``\\x1c``-``\\x1f``
and space, plus the non-ASCII White_Space characters, recognised by their UTF-8 bytes. The
text must be valid UTF-8.
"""

from __future__ import annotations

import numpy as np
from numba import njit

FNV_OFFSET = np.uint64(0xCBF29CE484222325)
FNV_PRIME = np.uint64(0x100000001B3)
FULL = -2  # a new word did not fit


# What a byte can start: 0 a token byte, 1 one-byte whitespace, 2 maybe a wider one.
_BYTE_KIND = np.zeros(256, dtype=np.uint8)
_BYTE_KIND[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = 1
_BYTE_KIND[[0xC2, 0xE1, 0xE2, 0xE3]] = 2


@njit(nogil=True, cache=True)
def _wide_space(lead: int, second: int, third: int) -> int:
    """The byte length of the non-ASCII whitespace character starting with these bytes
    (``third`` unused for a two-byte one), or 0. Scalars only: no array crosses the call."""
    if lead == 0xC2:
        return 2 if second == 0x85 or second == 0xA0 else 0
    if lead == 0xE1:
        return 3 if second == 0x9A and third == 0x80 else 0
    if lead == 0xE3:
        return 3 if second == 0x80 and third == 0x80 else 0
    if second == 0x80 and (
        0x80 <= third <= 0x8A or third == 0xA8 or third == 0xA9 or third == 0xAF
    ):
        return 3
    return 3 if second == 0x81 and third == 0x9F else 0


@njit(nogil=True, cache=True, inline="always")
def _hash(buf: np.ndarray, start: int, stop: int) -> np.uint64:
    h = FNV_OFFSET
    for i in range(start, stop):
        h = (h ^ np.uint64(buf[i])) * FNV_PRIME
    return h


# Inlined, and bytes copied in a loop: passing arrays to a call, or a slice assignment,
# cost more here than the lookup itself (measured three times slower).
@njit(nogil=True, cache=True, inline="always")
def _find_or_add(
    buf: np.ndarray,
    start: int,
    stop: int,
    h: np.uint64,
    slots: np.ndarray,
    hashes: np.ndarray,
    starts: np.ndarray,
    arena: np.ndarray,
    sizes: np.ndarray,
    grow: bool,
) -> int:
    """The id of ``buf[start:stop]``; a new id if absent and ``grow``, else -1; FULL if
    a new word did not fit."""
    mask = np.uint64(slots.shape[0] - 1)
    length = stop - start
    slot = np.int64(h & mask)
    while True:
        word = slots[slot]
        if word < 0:
            break
        if hashes[word] == h and starts[word + 1] - starts[word] == length:
            base = starts[word]
            same = True
            for k in range(length):
                if arena[base + k] != buf[start + k]:
                    same = False
                    break
            if same:
                return word
        slot = (slot + 1) & (slots.shape[0] - 1)
    if not grow:
        return -1
    count = sizes[0]
    used = sizes[1]
    if count >= hashes.shape[0] or used + length > arena.shape[0]:
        return FULL
    for k in range(length):
        arena[used + k] = buf[start + k]
    hashes[count] = h
    starts[count + 1] = used + length
    slots[slot] = count
    sizes[0] = count + 1
    sizes[1] = used + length
    return count


@njit(nogil=True, cache=True)
def scan_text(
    buf: np.ndarray,
    state: np.ndarray,
    ids: np.ndarray,
    breaks: np.ndarray,
    slots: np.ndarray,
    hashes: np.ndarray,
    starts: np.ndarray,
    arena: np.ndarray,
    sizes: np.ndarray,
    grow: bool,
) -> bool:
    """Split UTF-8 text at whitespace and write each token's id to ``ids``.

    The text must be valid UTF-8 (:func:`firth.corpus._textio.iter_utf8` makes it so);
    other bytes are read safely, but may split differently from ``str.split()``.

    ``state`` holds ``[position in buf, ids written, breaks written]``; it is read at the
    start and updated on return. Each ``"\\n"`` appends the number of ids written so far to
    ``breaks``. Tokens not in the table get a new id when ``grow``, else -1. Returns False
    (with ``state`` at the token that did not fit) when the table must grow first.
    ``ids`` needs room for ``len(buf) // 2 + 1`` entries, ``breaks`` for ``len(buf)``.
    """
    n = buf.shape[0]
    i = state[0]
    written = state[1]
    lines = state[2]
    while i < n:
        kind = _BYTE_KIND[buf[i]]
        if kind == 1:
            if buf[i] == 10:
                breaks[lines] = written
                lines += 1
            i += 1
            continue
        if kind == 2:
            second = buf[min(i + 1, n - 1)]
            width = _wide_space(buf[i], second, buf[min(i + 2, n - 1)])
            if width:
                i += width
                continue
        start = i
        h = FNV_OFFSET
        while i < n:
            kind = _BYTE_KIND[buf[i]]
            if kind == 1:
                break
            if kind == 2:
                second = buf[min(i + 1, n - 1)]
                if _wide_space(buf[i], second, buf[min(i + 2, n - 1)]):
                    break
            h = (h ^ np.uint64(buf[i])) * FNV_PRIME
            i += 1
        word = _find_or_add(buf, start, i, h, slots, hashes, starts, arena, sizes, grow)
        if word == FULL:
            state[0] = start
            state[1] = written
            state[2] = lines
            return False
        ids[written] = word
        written += 1
    state[0] = n
    state[1] = written
    state[2] = lines
    return True


@njit(nogil=True, cache=True)
def add_spans(
    buf: np.ndarray,
    bounds: np.ndarray,
    state: np.ndarray,
    ids: np.ndarray,
    slots: np.ndarray,
    hashes: np.ndarray,
    starts: np.ndarray,
    arena: np.ndarray,
    sizes: np.ndarray,
    grow: bool,
) -> bool:
    """Like :func:`scan_text` for tokens already split: token ``t`` is
    ``buf[bounds[t]:bounds[t + 1]]``, any bytes. ``state[0]`` is the next token."""
    t = state[0]
    while t < bounds.shape[0] - 1:
        start = bounds[t]
        stop = bounds[t + 1]
        word = _find_or_add(
            buf, start, stop, _hash(buf, start, stop), slots, hashes, starts, arena, sizes, grow
        )
        if word == FULL:
            state[0] = t
            return False
        ids[t] = word
        t += 1
    state[0] = t
    return True


@njit(nogil=True, cache=True)
def rehash(slots: np.ndarray, hashes: np.ndarray, count: int) -> None:
    """Fill the empty ``slots`` (all -1) with words ``0 .. count - 1``."""
    mask = np.uint64(slots.shape[0] - 1)
    for word in range(count):
        slot = np.int64(hashes[word] & mask)
        while slots[slot] >= 0:
            slot = (slot + 1) & (slots.shape[0] - 1)
        slots[slot] = word


@njit(nogil=True, cache=True)
def gather(
    arena: np.ndarray, starts: np.ndarray, words: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The bytes of ``words``, back to back, and their ``len(words) + 1`` offsets."""
    offsets = np.zeros(words.shape[0] + 1, dtype=np.int64)
    for k in range(words.shape[0]):
        w = words[k]
        offsets[k + 1] = offsets[k] + starts[w + 1] - starts[w]
    data = np.empty(offsets[-1], dtype=np.uint8)
    for k in range(words.shape[0]):
        w = words[k]
        data[offsets[k] : offsets[k + 1]] = arena[starts[w] : starts[w + 1]]
    return data, offsets
