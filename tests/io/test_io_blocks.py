"""The block machinery of the vectorised readers: boundaries, carries, growth, tails."""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

import numpy as np
import pytest

from firth.errors import FormatError
from firth.io import _textparse, word2vec
from firth.io.registry import load_embeddings


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_textparse, "_FIRST_BLOCK_BYTES", 5)
    monkeypatch.setattr(_textparse, "_TEXT_BLOCK_BYTES", 23)
    monkeypatch.setattr(word2vec, "_TEXT_BLOCK_BYTES", 23)
    monkeypatch.setattr(word2vec, "_BINARY_BLOCK_BYTES", 7)
    monkeypatch.setattr(word2vec, "_MAX_WORD_BYTES", 6)


def _vec(*values: float) -> bytes:
    return struct.pack(f"<{len(values)}f", *values)


@pytest.mark.usefixtures("small_blocks")
def test_binary_long_runs_of_line_breaks_and_trailing_whitespace(tmp_path: Path) -> None:
    content = (
        b"3 2\n"
        + b"\n" * 100
        + b"ab "
        + _vec(1, 2)
        + b"\r\n" * 60
        + b"cd "
        + _vec(3, 4)
        + b"ef "
        + _vec(5, 6)
        + b"\n \t\r\n" * 50
    )
    (tmp_path / "v").write_bytes(content)
    emb = load_embeddings(tmp_path / "v", format="word2vec-binary")
    assert emb.words == ["ab", "cd", "ef"]
    assert emb.vectors.tolist() == [[1, 2], [3, 4], [5, 6]]
    (tmp_path / "w").write_bytes(content + b"x")
    with pytest.raises(FormatError, match=f"byte offset {len(content)}: the file has more data"):
        load_embeddings(tmp_path / "w", format="word2vec-binary")


@pytest.mark.usefixtures("small_blocks")
def test_binary_word_longer_than_the_limit(tmp_path: Path) -> None:
    (tmp_path / "v").write_bytes(b"1 2\n\n\nabcdefgh " + _vec(1, 2))
    with pytest.raises(
        FormatError, match="byte offset 6: no space ends the word of row 1 within 6"
    ):
        load_embeddings(tmp_path / "v", format="word2vec-binary")


@pytest.mark.usefixtures("small_blocks")
def test_text_tail_after_many_blank_lines(tmp_path: Path) -> None:
    content = b"1 2\nthe 1 2\n" + b"\n  \r\n" * 100 + b"extra 3 4\n"
    (tmp_path / "v").write_bytes(content)
    with pytest.raises(FormatError, match="line 203: the file has more rows than the 1"):
        load_embeddings(tmp_path / "v")
    (tmp_path / "w").write_bytes(content[: -len(b"extra 3 4\n")])
    assert load_embeddings(tmp_path / "w").words == ["the"]


@pytest.mark.usefixtures("small_blocks")
def test_blank_lines_across_blocks(tmp_path: Path) -> None:
    content = b"the 1 2\ncat 3 4\n" + b"\n" * 40 + b"dog 5 6\n"
    (tmp_path / "v").write_bytes(content)
    with pytest.raises(FormatError, match=r"line 3: .*\(empty line\)"):
        load_embeddings(tmp_path / "v")
    emb = load_embeddings(tmp_path / "v", errors="skip")
    assert emb.words == ["the", "cat", "dog"]
    assert emb.metadata["skipped"]["by_problem"] == {"empty_line": 40}


def test_skip_mode_drops_duplicates_in_clean_blocks(tmp_path: Path) -> None:
    (tmp_path / "v").write_bytes(b"the 1 2\ncat 3 4\nthe 5 6\ndog 7 8\ncat 9 9\n")
    emb = load_embeddings(tmp_path / "v", errors="skip")
    assert emb.words == ["the", "cat", "dog"]
    assert emb.vectors.tolist() == [[1, 2], [3, 4], [7, 8]]
    assert emb.metadata["skipped"]["examples"] == [
        "line 3: duplicate word 'the' (first on line 1); kept the first.",
        "line 5: duplicate word 'cat' (first on line 2); kept the first.",
    ]


def test_glove_grows_past_its_size_estimate(tmp_path: Path) -> None:
    # short numbers: many more rows than the size-based first guess
    (tmp_path / "v").write_bytes(b"".join(b"w%d 0 1 0\n" % i for i in range(3000)))
    emb = load_embeddings(tmp_path / "v")
    assert len(emb) == 3000
    assert emb.words[-1] == "w2999"
    np.testing.assert_array_equal(emb.vectors, np.tile([0, 1, 0], (3000, 1)))


@pytest.mark.usefixtures("small_blocks")
@pytest.mark.parametrize("binary", [False, True])
def test_limit_and_duplicates_across_blocks(tmp_path: Path, binary: bool) -> None:
    rows = [(f"w{i % 37}", [float(i), -float(i)]) for i in range(100)]
    if binary:
        body = b"".join(w.encode() + b" " + _vec(*v) + b"\n" for w, v in rows)
    else:
        body = b"".join(f"{w} {v[0]} {v[1]}\n".encode() for w, v in rows)
    (tmp_path / "v").write_bytes(b"100 2\n" + body)
    with pytest.raises(FormatError, match="duplicate word 'w0'"):
        load_embeddings(tmp_path / "v")
    emb = load_embeddings(tmp_path / "v", errors="skip")
    assert emb.words == [f"w{i}" for i in range(37)]
    assert emb.vectors[:, 0].tolist() == list(range(37))
    assert emb.metadata["skipped"]["count"] == 63
    assert load_embeddings(tmp_path / "v", limit=30).words == [f"w{i}" for i in range(30)]


class _NoMmap:
    """A stand-in for the mmap module on a file system that cannot map files."""

    ACCESS_READ = mmap.ACCESS_READ
    ALLOCATIONGRANULARITY = mmap.ALLOCATIONGRANULARITY

    class mmap:  # the stdlib name it replaces
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise OSError("this file system cannot map files")


@pytest.mark.usefixtures("small_blocks")
def test_binary_files_that_cannot_be_mapped_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = b"2 2\nab " + _vec(1, 2) + b"\ncd " + _vec(3, 4) + b"\n"
    (tmp_path / "v").write_bytes(content)
    (tmp_path / "w").write_bytes(content + b"x")
    monkeypatch.setattr(word2vec, "mmap", _NoMmap)
    emb = load_embeddings(tmp_path / "v", format="word2vec-binary")
    assert emb.words == ["ab", "cd"]
    assert emb.vectors.tolist() == [[1, 2], [3, 4]]
    with pytest.raises(FormatError, match=f"byte offset {len(content)}: the file has more data"):
        load_embeddings(tmp_path / "w", format="word2vec-binary")
