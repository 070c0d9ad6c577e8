"""The vectorised word decoding of the native format (one decode, one split)."""

from __future__ import annotations

import numpy as np
import pytest

from firth.errors import FormatError
from firth.io.native import decode_words, encode_words


@pytest.mark.parametrize(
    "words",
    [
        [],
        [""],
        ["", "a", ""],
        ["the", "café", "日本", "🙂", "a\u00a0b"],
        ["line\nbreak", "nul\x00", "tab\t"],  # the separator falls back to another byte
        ["all" + "".join(chr(c) for c in range(9)) + "\n"],  # every candidate separator
        [f"w{i}" for i in range(10_000)],
    ],
)
def test_round_trip(words: list[str]) -> None:
    data, offsets = encode_words(words)
    assert decode_words(data, offsets) == words


def test_a_character_split_between_two_words_is_invalid() -> None:
    data = np.frombuffer("é".encode(), dtype=np.uint8)  # b"\xc3\xa9"
    with pytest.raises(FormatError, match="word 0 is not valid UTF-8"):
        decode_words(data, np.array([0, 1, 2]))


def test_invalid_bytes_name_the_word() -> None:
    data, offsets = encode_words(["ok", "fine", "x"])
    data[-1] = 0xFF
    with pytest.raises(FormatError, match="word 2 is not valid UTF-8"):
        decode_words(data, offsets)
