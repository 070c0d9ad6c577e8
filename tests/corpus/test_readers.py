"""Tests of firth.corpus.readers (Corpus) and the block reader behind it."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from firth.corpus import Corpus, _textio
from firth.errors import ConfigError, CorpusError

WORDS = ["the", "cat", "sat", "on", "mat", "état", "中文", "😀x", "naïve", "a"]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def reference(text: str, max_length: int = 10_000) -> list[list[str]]:
    """Sentences as the documented rules define them, in plain Python."""
    sentences = []
    for line in text.split("\n"):
        tokens = line.split()
        for start in range(0, len(tokens), max_length):
            sentences.append(tokens[start : start + max_length])
    return sentences


def random_text(seed: int, lines: int = 200) -> str:
    rng = random.Random(seed)
    spaces = [" ", " ", " ", "\t", "  ", "\u3000", "\xa0", "\r"]
    out = []
    for _ in range(lines):
        count = rng.choice([0, 0, 1, 3, 8, 20, 45])
        parts = []
        for _ in range(count):
            parts.append(rng.choice(WORDS) + rng.choice(["", "", "é", "🙂"]))
            parts.append(rng.choice(spaces))
        out.append(rng.choice(["", " "]) + "".join(parts))
    return "\n".join(out) + rng.choice(["", "\n", "\r\n"])


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_textio, "BLOCK_SIZE", 7)


# -- sources --------------------------------------------------------------------------


def test_plain_file_one_sentence_per_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "the cat sat\n\n  \non the mat\r\nlast line no newline")
    assert list(Corpus(path).sentences()) == [
        ["the", "cat", "sat"],
        ["on", "the", "mat"],
        ["last", "line", "no", "newline"],
    ]
    assert list(Corpus(str(path)).sentences()) == list(Corpus(path).sentences())


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [
        (".gz", gzip.compress),
        (".bz2", bz2.compress),
        (".xz", lzma.compress),
        (".txt", gzip.compress),  # misleading extension: detected by magic bytes
        (".gz", bz2.compress),
        ("", lzma.compress),
    ],
)
def test_compressed_files_by_magic_bytes(tmp_path: Path, suffix: str, compress: object) -> None:
    text = random_text(1)
    path = write(tmp_path / f"corpus{suffix}", compress(text.encode("utf-8")))  # type: ignore[operator]
    assert list(Corpus(path).sentences()) == reference(text)


def test_plain_file_named_gz_is_read_as_text(tmp_path: Path) -> None:
    path = write(tmp_path / "plain.gz", "not really gzip\n")
    assert list(Corpus(path).sentences()) == [["not", "really", "gzip"]]


def test_multi_member_gzip(tmp_path: Path) -> None:
    path = write(tmp_path / "m.gz", gzip.compress(b"a b\n") + gzip.compress(b"c d\n"))
    assert list(Corpus(path).sentences()) == [["a", "b"], ["c", "d"]]


def test_truncated_compressed_file_is_a_corpus_error(tmp_path: Path) -> None:
    data = gzip.compress(random_text(2).encode())
    path = write(tmp_path / "broken.gz", data[: len(data) // 2])
    with pytest.raises(CorpusError, match=r"broken\.gz.*corrupt or truncated gzip"):
        list(Corpus(path).sentences())


def test_folder_recursive_sorted_hidden_skipped(tmp_path: Path) -> None:
    root = tmp_path / "data"
    write(root / "b.txt", "bee\n")
    write(root / "a.txt", "ay")  # no final newline: the file end still ends the sentence
    write(root / "sub" / "c.txt.gz", gzip.compress(b"sea\n"))
    write(root / "sub" / "deeper" / "d", "dee\n")
    write(root / ".hidden.txt", "hidden\n")
    write(root / ".git" / "objects", "hidden too\n")
    write(root / "sub" / ".swp", "hidden three\n")
    (root / "empty").mkdir()
    corpus = Corpus(root)
    assert list(corpus.sentences()) == [["ay"], ["bee"], ["sea"], ["dee"]]
    assert corpus.describe() == f"folder {str(root)!r}"


def test_several_paths_are_concatenated_in_order(tmp_path: Path) -> None:
    first = write(tmp_path / "1.txt", "one two")  # no newline: the sentence ends with the file
    second = write(tmp_path / "2.txt.bz2", bz2.compress(b"three\nfour five\n"))
    folder = tmp_path / "f"
    write(folder / "x", "six\n")
    paths: list[str | os.PathLike[str]] = [second, str(first), folder]
    corpus = Corpus(paths)
    assert list(corpus.sentences()) == [["three"], ["four", "five"], ["one", "two"], ["six"]]
    assert corpus.describe() == f"{str(second)!r} (+2 more paths)"
    assert Corpus([first, second]).describe() == f"{str(first)!r} (+1 more file)"


def test_list_of_token_lists_and_tuples() -> None:
    corpus = Corpus([["a", "b"], ("c",), [], ["d"]])
    assert list(corpus.sentences()) == [["a", "b"], ["c"], ["d"]]
    assert list(corpus.sentences()) == [["a", "b"], ["c"], ["d"]]  # re-readable
    assert corpus.reiterable
    assert corpus.describe() == "an iterable of token lists"


def test_one_shot_generator_is_read_once() -> None:
    corpus = Corpus(s.split() for s in ["a b", "c"])
    assert not corpus.reiterable
    assert list(corpus.sentences()) == [["a", "b"], ["c"]]
    with pytest.raises(CorpusError, match="one-shot iterator"):
        list(corpus.sentences())


def test_reiterable_custom_iterable() -> None:
    class Lines:
        def __iter__(self) -> Iterator[list[str]]:
            yield ["x", "y"]
            yield ["z"]

    corpus = Corpus(Lines())
    assert corpus.reiterable
    assert list(corpus.sentences()) == list(corpus.sentences()) == [["x", "y"], ["z"]]


# -- bad sources and items -----------------------------------------------------------


def test_missing_path_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(CorpusError, match=r"nope\.txt.*does not exist.*check the spelling"):
        Corpus(missing)
    write(tmp_path / "yes.txt", "a\n")
    with pytest.raises(CorpusError, match=r"nope\.txt"):
        Corpus([tmp_path / "yes.txt", missing])


def test_list_of_text_lines_hints_at_splitting() -> None:
    with pytest.raises(CorpusError, match=r"list of tokens.*\[line\.split\(\) for line in lines\]"):
        Corpus(["the cat sat", "on the mat"])


def test_file_deleted_after_construction(tmp_path: Path) -> None:
    path = write(tmp_path / "gone.txt", "a\n")
    corpus = Corpus(path)
    path.unlink()
    with pytest.raises(CorpusError, match=r"gone\.txt"):
        list(corpus.sentences())


@pytest.mark.parametrize("source", [None, 42, 3.5, b"a b", True])
def test_unsupported_source_types(source: object) -> None:
    with pytest.raises(CorpusError, match="Corpus source must be"):
        Corpus(source)  # type: ignore[arg-type]


def test_bare_str_item_says_how_to_split() -> None:
    corpus = Corpus(line for line in ["the cat", "sat"])
    with pytest.raises(CorpusError) as info:
        list(corpus.sentences())
    message = str(info.value)
    assert "sentence 0" in message
    assert "must be a list of tokens" in message
    assert "[line.split() for line in lines]" in message


@pytest.mark.parametrize(
    ("item", "name"), [([1, 2], "int"), (["a", None], "NoneType"), ([b"x"], "bytes")]
)
def test_non_str_token_names_its_type(item: list[object], name: str) -> None:
    with pytest.raises(CorpusError, match=rf"sentence 1 .* token of type {name}"):
        list(Corpus([["ok"], item]).sentences())  # type: ignore[arg-type]


@pytest.mark.parametrize("item", [5, None, b"a b"])
def test_non_sequence_item(item: object) -> None:
    with pytest.raises(CorpusError, match=r"sentence 0 .* must be a list of str tokens"):
        list(Corpus([item, ["a"]]).sentences())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"tokenizer": "nltk"}, "tokenizer must be one of"),
        ({"encoding_errors": "surrogateescape"}, "encoding_errors must be one of"),
        ({"max_sentence_length": 0}, "max_sentence_length must be an integer >= 1; got 0"),
        ({"max_sentence_length": True}, "max_sentence_length must be an integer"),
        ({"max_sentence_length": 2.0}, "max_sentence_length must be an integer"),
    ],
)
def test_invalid_options(options: dict[str, object], match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        Corpus([["a"]], **options)  # type: ignore[arg-type]


# -- blocks: long lines, block boundaries ---------------------------------------------


def test_one_line_corpus_bigger_than_a_block(tmp_path: Path) -> None:
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(5000)] + ["été", "数据", "🙂"]
    pieces = []
    size = 0
    while size < 3 * (1 << 20):
        word = rng.choice(vocabulary) * rng.choice([1, 1, 1, 2, 40])
        pieces.append(word)
        size += len(word) + 1
    text = " ".join(pieces)  # ~3 MiB, no newline at all
    path = write(tmp_path / "one_line.txt", text)
    assert path.stat().st_size > 3 * _textio.BLOCK_SIZE
    sentences = list(Corpus(path, max_sentence_length=100_000).sentences())
    tokens = [token for sentence in sentences for token in sentence]
    assert tokens == text.split()
    assert [len(s) for s in sentences[:-1]] == [100_000] * (len(sentences) - 1)
    assert 0 < len(sentences[-1]) <= 100_000


def test_tiny_blocks_match_the_reference(tmp_path: Path, small_blocks: None) -> None:
    for seed in range(4):
        text = random_text(seed, lines=40)
        path = write(tmp_path / f"r{seed}.txt", text)
        for limit in (1, 3, 10_000):
            assert list(Corpus(path, max_sentence_length=limit).sentences()) == reference(
                text, limit
            ), (seed, limit)


@pytest.mark.parametrize("block", [1, 2, 3, 5, 64])
def test_multibyte_characters_across_block_boundaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(_textio, "BLOCK_SIZE", block)
    text = "é中🙂a ÿ\u3000数据\xa0x🙂🙂 z\né\n"
    path = write(tmp_path / "mb.txt", text)
    corpus = Corpus(path)
    assert list(corpus.sentences()) == reference(text)
    assert corpus.replaced_bytes == 0


def test_token_longer_than_many_blocks_is_kept_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_textio, "BLOCK_SIZE", 16)
    giant = "ab" * 500
    path = write(tmp_path / "g.txt", f"x {giant} y\n{giant}")
    assert list(Corpus(path).sentences()) == [["x", giant, "y"], [giant]]


def test_only_non_ascii_spaces(tmp_path: Path, small_blocks: None) -> None:
    text = "\u3000".join(["語"] * 30)
    path = write(tmp_path / "cjk.txt", text)
    assert list(Corpus(path).sentences()) == [["語"] * 30]


def test_max_sentence_length_cuts_without_dropping(tmp_path: Path) -> None:
    path = write(tmp_path / "s.txt", "1 2 3 4 5 6 7\n1 2 3 4 5 6\n\n1 2\n")
    sentences = list(Corpus(path, max_sentence_length=3).sentences())
    assert sentences == [
        ["1", "2", "3"],
        ["4", "5", "6"],
        ["7"],
        ["1", "2", "3"],
        ["4", "5", "6"],
        ["1", "2"],
    ]
    long = [str(i) for i in range(10)]
    assert list(Corpus([long, ["x"]], max_sentence_length=4).sentences()) == [
        long[:4],
        long[4:8],
        long[8:],
        ["x"],
    ]


def test_empty_and_whitespace_only_files_yield_nothing(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", "")
    blank = write(tmp_path / "blank.txt", " \n\n\t \r\n")
    assert list(Corpus([empty, blank]).sentences()) == []


def test_simple_tokenizer_on_files(tmp_path: Path, small_blocks: None) -> None:
    path = write(tmp_path / "t.txt", "Hello, World! It's well-known.\nÉté: oui.\n")
    assert list(Corpus(path, tokenizer="simple").sentences()) == [
        ["hello", ",", "world", "!", "it's", "well-known", "."],
        ["été", ":", "oui", "."],
    ]


# -- invalid UTF-8 ---------------------------------------------------------------------

INVALID = b"ok \xff\xfe bad\xc3 x \xe2\x82 y\xed\xa0\x80z \xef\xbf\xbd\n"  # 8 invalid bytes


@pytest.mark.parametrize("block", [1 << 20, 1, 2, 3])
def test_invalid_utf8_replace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    monkeypatch.setattr(_textio, "BLOCK_SIZE", block)
    path = write(tmp_path / "bad.txt", INVALID * 2)
    corpus = Corpus(path)
    expected = [
        "ok",
        "\ufffd\ufffd",
        "bad\ufffd",
        "x",
        "\ufffd\ufffd",
        "y\ufffd\ufffd\ufffdz",
        "\ufffd",
    ]
    assert list(corpus.sentences()) == [expected, expected]
    assert corpus.replaced_bytes == 16  # the genuine U+FFFD is not counted
    list(corpus.sentences())
    assert corpus.replaced_bytes == 16  # counted per read, not accumulated


def test_invalid_utf8_ignore(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", INVALID)
    corpus = Corpus(path, encoding_errors="ignore")
    assert list(corpus.sentences()) == [["ok", "bad", "x", "yz", "\ufffd"]]
    assert corpus.replaced_bytes == 8


def test_genuine_replacement_character_is_not_counted(tmp_path: Path) -> None:
    path = write(tmp_path / "fffd.txt", "a\ufffdb \ufffd\n")
    corpus = Corpus(path, encoding_errors="strict")
    assert list(corpus.sentences()) == [["a\ufffdb", "\ufffd"]]
    assert corpus.replaced_bytes == 0


@pytest.mark.parametrize("block", [1 << 20, 1, 4])
def test_invalid_utf8_strict_names_file_and_offset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(_textio, "BLOCK_SIZE", block)
    path = write(tmp_path / "strict.txt", "é ok\n".encode() * 3 + b"ab\xc3(")
    with pytest.raises(CorpusError, match=r"strict\.txt.*byte 0xc3 at byte offset 20\b"):
        list(Corpus(path, encoding_errors="strict").sentences())


def test_invalid_utf8_strict_in_compressed_file(tmp_path: Path) -> None:
    path = write(tmp_path / "strict.gz", gzip.compress(b"abc \x80"))
    with pytest.raises(CorpusError, match=r"byte offset 4 \(in the decompressed data\)"):
        list(Corpus(path, encoding_errors="strict").sentences())


def test_truncated_multibyte_character_at_end_of_file(tmp_path: Path) -> None:
    path = write(tmp_path / "cut.txt", "abc é".encode()[:-1])
    corpus = Corpus(path)
    assert list(corpus.sentences()) == [["abc", "\ufffd"]]
    assert corpus.replaced_bytes == 1


# -- fingerprint and description --------------------------------------------------------


def test_fingerprint_tracks_files_and_options(tmp_path: Path) -> None:
    path = write(tmp_path / "f.txt", "a b\n")
    fingerprint = Corpus(path).fingerprint()
    assert fingerprint is not None
    assert json.loads(json.dumps(fingerprint)) == fingerprint
    files = fingerprint["files"]
    assert isinstance(files, list)
    (entry,) = files
    assert entry["path"] == os.path.realpath(path)
    assert entry["size"] == 4
    assert isinstance(entry["mtime_ns"], int)
    assert fingerprint["tokenizer"] == "whitespace"
    assert fingerprint["encoding_errors"] == "replace"
    assert fingerprint["max_sentence_length"] == 10_000
    assert Corpus(path, tokenizer="simple").fingerprint() != fingerprint
    write(path, "a b c\n")
    assert Corpus(path).fingerprint() != fingerprint


def test_fingerprint_of_folder_lists_its_files(tmp_path: Path) -> None:
    write(tmp_path / "d" / "b", "b\n")
    write(tmp_path / "d" / "a", "a\n")
    fingerprint = Corpus(tmp_path / "d").fingerprint()
    assert fingerprint is not None
    paths = [entry["path"] for entry in fingerprint["files"]]  # type: ignore[attr-defined]
    assert [os.path.basename(p) for p in paths] == ["a", "b"]


def test_in_memory_corpus_has_no_fingerprint() -> None:
    assert Corpus([["a"]]).fingerprint() is None
    assert Corpus(iter([["a"]])).describe() == "a one-shot iterator of token lists"


def test_repr_mentions_source_and_options(tmp_path: Path) -> None:
    path = write(tmp_path / "r.txt", "a\n")
    text = repr(Corpus(path, tokenizer="simple"))
    assert "r.txt" in text
    assert "tokenizer='simple'" in text
