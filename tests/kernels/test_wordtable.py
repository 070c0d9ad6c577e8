"""The compiled word table against its Python twin: ``str.split()`` and a dict."""

from __future__ import annotations

import numpy as np
import pytest

from firth.corpus._wordtable import WordTable

# Every character str.split() splits at, ASCII and wider.
SPACES = [chr(c) for c in range(0x110000) if chr(c).isspace()]
# Non-space characters whose UTF-8 bytes resemble the wide spaces' (same lead bytes).
LOOKALIKES = ["\u0084", "\u00a1", "\u1681", "\u200b", "\u2027", "\u202a", "\u3001"]
LETTERS = ["a", "b", "é", "ß", "日", "本", "🙂", "x", "y"]


def reference(text: str, numbering: dict[str, int], grow: bool) -> tuple[list[int], list[int]]:
    ids: list[int] = []
    breaks: list[int] = []
    lines = text.split("\n")
    for number, line in enumerate(lines):
        for token in line.split():
            if token not in numbering and grow:
                numbering[token] = len(numbering)
            ids.append(numbering.get(token, -1))
        if number < len(lines) - 1:
            breaks.append(len(ids))
    return ids, breaks


def random_text(rng: np.random.Generator, length: int) -> str:
    pieces = []
    for _ in range(length):
        kind = rng.random()
        if kind < 0.25:
            pieces.append(SPACES[int(rng.integers(len(SPACES)))])
        elif kind < 0.3:
            pieces.append(LOOKALIKES[int(rng.integers(len(LOOKALIKES)))])
        else:
            pieces.append(LETTERS[int(rng.integers(len(LETTERS)))])
    return "".join(pieces)


def test_wide_space_bytes_are_exactly_python_whitespace() -> None:
    # Every non-ASCII space splits, and so does nothing else that shares its lead byte.
    for space in SPACES:
        assert WordTable().scan(f"a{space}b".encode(), grow=True)[0].tolist() == [0, 1]
    for base in (0x80, 0x1000, 0x1680, 0x2000, 0x2040, 0x2100, 0x3000, 0x3040):
        for code in range(base, base + 0x40):  # one lead byte and second byte
            char = chr(code)
            if char.isspace() or 0xD800 <= code <= 0xDFFF:
                continue
            ids, _ = WordTable().scan(f"a{char}b".encode(), grow=True)
            assert ids.tolist() == [0], hex(code)


@pytest.mark.parametrize("seed", range(6))
def test_scan_matches_split_and_numbering(seed: int) -> None:
    rng = np.random.default_rng(seed)
    table = WordTable(capacity=2)  # grows many times: words, slots and arena
    numbering: dict[str, int] = {}
    for _ in range(20):
        text = random_text(rng, int(rng.integers(0, 400)))
        ids, breaks = table.scan(text.encode(), grow=True)
        want_ids, want_breaks = reference(text, numbering, grow=True)
        assert ids.tolist() == want_ids
        assert breaks.tolist() == want_breaks
    assert len(table) == len(numbering)
    assert table.words(range(len(table))) == list(numbering)
    # Without growing, unknown words are -1 and the table does not change.
    text = random_text(rng, 300) + " never-seen"
    ids, _ = table.scan(text.encode(), grow=False)
    assert ids.tolist() == reference(text, dict(numbering), grow=False)[0]
    assert ids[-1] == -1
    assert len(table) == len(numbering)


def test_add_takes_any_strings() -> None:
    tokens = ["a b", "", "line\nbreak", "é", "\udc80", "a b", "", "日本"]
    table = WordTable(capacity=1)
    ids = table.add(tokens, grow=True)
    assert ids.tolist() == [0, 1, 2, 3, 4, 0, 1, 5]
    assert table.words(range(len(table))) == ["a b", "", "line\nbreak", "é", "\udc80", "日本"]
    assert table.add(["é", "zz", "a b"], grow=False).tolist() == [3, -1, 0]
    assert WordTable().add([], grow=True).size == 0


def test_from_words_numbers_in_order_and_packs_like_encode_words() -> None:
    from firth.io.native import encode_words

    words = [f"w{i}é" for i in range(3000)]
    table = WordTable.from_words(words)
    assert len(table) == 3000
    assert table.scan(" ".join(words[::-1]).encode(), grow=False)[0].tolist() == list(
        range(2999, -1, -1)
    )
    chosen = np.array([5, 0, 2999, 17])
    data, offsets = table.packed(chosen)
    want = encode_words([words[i] for i in chosen])
    assert data.tobytes() == want[0].tobytes()
    assert offsets.tolist() == want[1].tolist()
    assert table.words([17]) == ["w17é"]


def test_hash_collisions_in_a_tiny_table_keep_words_apart() -> None:
    # Thousands of words through a table that starts with two slots.
    words = [str(i) for i in range(5000)]
    table = WordTable(capacity=1)
    ids = table.add(words + words[::-1], grow=True)
    assert ids.tolist() == list(range(5000)) + list(range(4999, -1, -1))
