"""Tests of firth.corpus.encode (encode_corpus) and its cache folder."""

from __future__ import annotations

import gzip
import json
import mmap
import os
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from firth.corpus import (
    Corpus,
    CorpusStats,
    EncodedCorpus,
    _cache,
    _passes,
    _textio,
    encode_corpus,
)
from firth.errors import ConfigError, CorpusError, EmptyCorpusError
from firth.vocab import Vocab


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def zipf_sentences(seed: int, count: int = 300, words: int = 400) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, words + 1)
    weights /= weights.sum()
    vocabulary = [f"w{i}" for i in range(words)]
    sentences = []
    for _ in range(count):
        length = int(rng.integers(0, 25))
        sentences.append([vocabulary[i] for i in rng.choice(words, size=length, p=weights)])
    return sentences


def reference(
    sentences: Sequence[Sequence[str]], min_count: int, max_final_vocab: int | None = None
) -> tuple[Vocab, list[int], list[int]]:
    """Vocabulary, ids and sentence ends computed the obvious way."""
    counts = Counter(token for sentence in sentences for token in sentence)
    ranked = sorted(
        ((w, c) for w, c in counts.items() if c >= min_count), key=lambda p: (-p[1], p[0])
    )
    vocab = Vocab.from_counts(ranked[:max_final_vocab])
    ids: list[int] = []
    ends: list[int] = []
    for sentence in sentences:
        kept = [vocab.index(token) for token in sentence if token in vocab]
        if kept:
            ids.extend(kept)
            ends.append(len(ids))
    return vocab, ids, ends


def check_invariants(encoded: EncodedCorpus) -> None:
    assert encoded.ids.dtype == np.int32
    assert encoded.sentence_ends.dtype == np.int64
    assert not encoded.ids.flags.writeable
    ends = encoded.sentence_ends
    assert ends.size == encoded.stats.sentences
    assert ends.size == 0 or (np.all(np.diff(ends) > 0) and ends[0] > 0)
    assert ends.size == 0 or ends[-1] == encoded.ids.size
    assert encoded.ids.size == encoded.stats.retained_tokens
    if encoded.ids.size:
        assert encoded.ids.min() >= 0
        assert encoded.ids.max() < len(encoded.vocab)


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file opened by the block reader."""
    opened: list[str] = []
    original = _textio.iter_utf8

    def spy(path: str, *args: Any) -> Iterator[bytes]:
        opened.append(path)
        return original(path, *args)

    monkeypatch.setattr(_textio, "iter_utf8", spy)
    return opened


# -- correctness against a pure-Python reference --------------------------------------


@pytest.mark.parametrize("min_count", [1, 2, 5, 20])
def test_matches_reference_on_random_corpus(min_count: int) -> None:
    sentences = zipf_sentences(min_count)
    encoded = encode_corpus(sentences, min_count=min_count)
    vocab, ids, ends = reference(sentences, min_count)
    assert encoded.vocab == vocab
    assert encoded.ids.tolist() == ids
    assert encoded.sentence_ends.tolist() == ends
    check_invariants(encoded)
    assert encoded.stats == CorpusStats(
        raw_tokens=sum(map(len, sentences)),
        retained_tokens=len(ids),
        sentences=len(ends),
        distinct_words=len({t for s in sentences for t in s}),
        pruned=False,
        replaced_bytes=0,
        effective_min_count=min_count,
    )


def test_file_corpus_matches_reference_with_small_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_textio, "BLOCK_SIZE", 64)
    monkeypatch.setattr(_passes, "REMAP_CHUNK", 7)
    sentences = zipf_sentences(11)
    path = write(tmp_path / "c.txt.gz", gzip.compress("\n".join(map(" ".join, sentences)).encode()))
    encoded = encode_corpus(path, min_count=3)
    vocab, ids, ends = reference(sentences, 3)
    assert encoded.vocab == vocab
    assert encoded.ids.tolist() == ids
    assert encoded.sentence_ends.tolist() == ends


TRICKY = (
    "plain words\n\nthen\u00a0no-break\u2003em\u3000ideographic\x1cfile-sep\r\n"
    "caf\u00e9 \u65e5\u672c\u8a9e \U0001f642 \u00a1lookalike\u200bzero-width \xff-byte\n"
    + "long" * 40
    + " \ud800\udc00 tail"
)


@pytest.mark.parametrize("tokenizer", ["whitespace", "simple"])
@pytest.mark.parametrize("errors", ["replace", "ignore"])
def test_compiled_encoding_matches_the_python_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tokenizer: Any, errors: Any
) -> None:
    # encode_corpus splits text with the compiled word table; sentences() with str.split
    # or the regex. Both must see the same tokens, whatever the whitespace and the bytes.
    monkeypatch.setattr(_textio, "BLOCK_SIZE", 5)
    raw = TRICKY.encode("utf-8", "surrogatepass").replace(b"\xc3\xbf-byte", b"\xff-byte")
    path = write(tmp_path / "tricky.txt", raw + b"\xe2\x80")  # and a cut character at the end
    corpus = Corpus(path, tokenizer=tokenizer, encoding_errors=errors, max_sentence_length=4)
    sentences = list(corpus.sentences())
    encoded = encode_corpus(corpus, min_count=1)
    vocab, ids, ends = reference(sentences, 1)
    assert encoded.vocab == vocab
    assert encoded.ids.tolist() == ids
    assert encoded.sentence_ends.tolist() == ends
    assert encoded.stats.replaced_bytes == corpus.replaced_bytes > 0


def test_one_line_corpus_uses_max_sentence_length(tmp_path: Path) -> None:
    tokens = [f"t{i % 7}" for i in range(25)]
    path = write(tmp_path / "line.txt", " ".join(tokens))
    encoded = encode_corpus(Corpus(path, max_sentence_length=10), min_count=1)
    assert encoded.sentence_ends.tolist() == [10, 20, 25]
    assert [encoded.vocab.word(i) for i in encoded.ids.tolist()] == tokens


def test_sentences_emptied_by_min_count_are_dropped() -> None:
    sentences = [["a", "b"], ["rare"], ["a"], ["rare2", "b"], ["x", "y", "z"], ["a", "b"]]
    encoded = encode_corpus(sentences, min_count=2)
    assert encoded.vocab.words == ["a", "b"]
    assert encoded.ids.tolist() == [0, 1, 0, 1, 0, 1]
    assert encoded.sentence_ends.tolist() == [2, 3, 4, 6]
    assert encoded.stats.sentences == 4
    assert encoded.stats.raw_tokens == 11


def test_accepts_the_same_sources_as_corpus(tmp_path: Path) -> None:
    write(tmp_path / "d" / "1.txt", "a b a\n")
    write(tmp_path / "d" / "2.txt", "b a\n")
    from_folder = encode_corpus(tmp_path / "d", min_count=1)
    paths: list[str | os.PathLike[str]] = [str(tmp_path / "d" / "1.txt"), tmp_path / "d" / "2.txt"]
    from_paths = encode_corpus(paths, min_count=1)
    from_lists = encode_corpus([["a", "b", "a"], ["b", "a"]], min_count=1)
    for encoded in (from_folder, from_paths, from_lists):
        assert encoded.vocab.words == ["a", "b"]
        assert encoded.ids.tolist() == [0, 1, 0, 1, 0]
        assert encoded.sentence_ends.tolist() == [3, 5]


# -- one pass ---------------------------------------------------------------------------


def test_one_shot_generator_is_read_exactly_once() -> None:
    pulls = 0
    sentences = zipf_sentences(5, count=50)

    def generate() -> Iterator[list[str]]:
        nonlocal pulls
        for sentence in sentences:
            pulls += 1
            yield sentence

    encoded = encode_corpus(generate(), min_count=2)
    assert pulls == len(sentences)
    vocab, ids, _ = reference(sentences, 2)
    assert encoded.vocab == vocab
    assert encoded.ids.tolist() == ids


def test_files_are_read_once_without_max_vocab_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = count_reads(monkeypatch)
    path = write(tmp_path / "a.txt", "a b c a b a\n")
    encode_corpus(path, min_count=1)
    assert opened == [str(path)]
    opened.clear()
    encode_corpus(path, min_count=1, max_vocab_size=100)
    assert opened == [str(path), str(path)]  # counting pass, then encoding pass


def test_max_vocab_size_rejects_a_generator() -> None:
    with pytest.raises(CorpusError, match="max_vocab_size needs two passes"):
        encode_corpus(iter([["a"]]), max_vocab_size=10)


# -- vocabulary options ---------------------------------------------------------------


def test_max_final_vocab_keeps_the_most_frequent_ties_by_word() -> None:
    sentences = [["a"] * 5 + ["d"] * 3 + ["c"] * 3 + ["b"] * 3 + ["e"] * 2 + ["f"]]
    encoded = encode_corpus(sentences, min_count=1, max_final_vocab=3)
    assert encoded.vocab.words == ["a", "b", "c"]
    assert encoded.vocab.counts is not None
    assert encoded.vocab.counts.tolist() == [5, 3, 3]
    assert encoded.stats.effective_min_count == 3
    vocab, ids, ends = reference(sentences, 1, max_final_vocab=3)
    assert encoded.vocab == vocab
    assert encoded.ids.tolist() == ids
    assert encoded.sentence_ends.tolist() == ends
    not_cut = encode_corpus(sentences, min_count=2, max_final_vocab=10)
    assert not_cut.stats.effective_min_count == 2
    assert len(not_cut.vocab) == 5


def test_max_vocab_size_prunes_but_keeps_frequent_counts_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_textio, "BLOCK_SIZE", 256)
    rng = random.Random(0)
    frequent = [f"f{i}" for i in range(10)]
    lines = []
    for i in range(400):
        line = [rng.choice(frequent) for _ in range(6)] + [f"hapax{i}_{j}" for j in range(3)]
        rng.shuffle(line)
        lines.append(line)
    path = write(tmp_path / "p.txt", "\n".join(map(" ".join, lines)))
    encoded = encode_corpus(path, min_count=2, max_vocab_size=40)
    exact = Counter(t for line in lines for t in line)
    assert encoded.stats.pruned
    assert sorted(encoded.vocab.words) == sorted(frequent)
    assert encoded.vocab.counts is not None
    assert dict(zip(encoded.vocab.words, encoded.vocab.counts.tolist(), strict=True)) == {
        w: exact[w] for w in frequent
    }
    assert encoded.vocab == Vocab.from_counts((w, exact[w]) for w in frequent)
    _, ids, ends = reference(lines, 2)
    assert encoded.ids.tolist() == ids
    assert encoded.sentence_ends.tolist() == ends
    assert encoded.stats.raw_tokens == 400 * 9
    assert encoded.stats.distinct_words < len(exact)  # a lower bound once pruned
    # The dictionary never holds more than max_vocab_size + the words of one block.
    counts, raw, peak, pruned = _passes.count_pruned(Corpus(path), 40)
    assert pruned
    assert raw == 400 * 9
    assert peak <= 40 + 256 // 2
    assert len(counts) <= 40


def test_max_vocab_size_without_pruning_is_exact() -> None:
    sentences = zipf_sentences(8)
    encoded = encode_corpus(sentences, min_count=2, max_vocab_size=10_000)
    plain = encode_corpus(sentences, min_count=2)
    assert not encoded.stats.pruned
    assert encoded.vocab == plain.vocab
    assert np.array_equal(encoded.ids, plain.ids)
    assert np.array_equal(encoded.sentence_ends, plain.sentence_ends)
    assert encoded.stats == plain.stats


def test_given_vocab_drops_unknown_tokens() -> None:
    vocab = Vocab(["sat", "cat", "the"], counts=[9, 8, 7])
    sentences = [["the", "cat", "sat"], ["a", "dog"], ["the", "dog"]]
    encoded = encode_corpus(sentences, vocab=vocab, min_count=100)  # min_count ignored
    assert encoded.vocab is vocab
    assert encoded.ids.tolist() == [2, 1, 0, 2]
    assert encoded.sentence_ends.tolist() == [3, 4]
    assert encoded.stats.raw_tokens == 7
    assert encoded.stats.retained_tokens == 4
    assert encoded.stats.distinct_words == 3
    assert encoded.stats.effective_min_count == 7
    check_invariants(encoded)


def test_given_vocab_matching_nothing_is_an_empty_corpus() -> None:
    with pytest.raises(EmptyCorpusError, match=r"none of the 2 tokens .* in the given vocabulary"):
        encode_corpus([["x", "y"]], vocab=Vocab(["a"]))


def test_given_vocab_round_trip_equals_built_vocab() -> None:
    sentences = zipf_sentences(21)
    built = encode_corpus(sentences, min_count=3)
    again = encode_corpus(sentences, vocab=built.vocab)
    assert np.array_equal(built.ids, again.ids)
    assert np.array_equal(built.sentence_ends, again.sentence_ends)


# -- errors ---------------------------------------------------------------------------


def test_empty_and_whitespace_only_files(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", "")
    blank = write(tmp_path / "blank.txt", "  \n\t\n")
    for source in (empty, blank, [empty, blank]):
        with pytest.raises(
            EmptyCorpusError, match=r"corpus '.*(empty|blank)\.txt'.* contains no tokens"
        ):
            encode_corpus(source)
    with pytest.raises(EmptyCorpusError, match=r"every sentence is empty"):
        encode_corpus([[], []])
    (tmp_path / "nothing" / ".hidden").mkdir(parents=True)
    with pytest.raises(EmptyCorpusError, match=r"folder '.*nothing' contains no tokens \(no file"):
        encode_corpus(tmp_path / "nothing")
    with pytest.raises(EmptyCorpusError, match="contains no tokens"):
        encode_corpus(write(tmp_path / "e.gz", gzip.compress(b"")), max_vocab_size=5)


def test_no_word_reaches_min_count_says_what_to_do() -> None:
    with pytest.raises(EmptyCorpusError) as info:
        encode_corpus([["the", "cat", "sat"], ["the", "mat"]], min_count=5)
    message = str(info.value)
    assert "min_count=5" in message
    assert "'the'" in message
    assert "occurs 2 times" in message
    assert "Lower min_count" in message


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"min_count": 0}, "min_count must be an integer >= 1; got 0"),
        ({"min_count": True}, "min_count must be an integer >= 1"),
        ({"max_vocab_size": 0}, "max_vocab_size must be an integer >= 1 or None; got 0"),
        ({"max_final_vocab": 2.5}, "max_final_vocab must be an integer >= 1 or None"),
        ({"vocab": ["a"]}, "vocab must be a firth.Vocab"),
        ({"vocab": Vocab(["a"]), "max_final_vocab": 3}, "cannot be combined"),
    ],
)
def test_invalid_options(options: dict[str, Any], match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        encode_corpus([["a"]], **options)


def test_bad_items_are_reported() -> None:
    with pytest.raises(CorpusError, match=r"must be a list of tokens.*line\.split\(\)"):
        encode_corpus(iter(["a b", "c"]))
    with pytest.raises(CorpusError, match="token of type int"):
        encode_corpus([["a", 1]])  # type: ignore[arg-type]
    with pytest.raises(CorpusError, match="Corpus source must be"):
        encode_corpus(None)  # type: ignore[arg-type]


def test_too_many_distinct_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_passes, "MAX_WORDS", 3)
    with pytest.raises(CorpusError, match="more than 3 distinct words"):
        encode_corpus([["a", "b", "c", "d"]], min_count=1)


def test_replaced_bytes_reach_the_stats(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", b"a \xff b\xfe\xfd a\n")
    encoded = encode_corpus(path, min_count=1)
    assert encoded.stats.replaced_bytes == 3
    assert "\ufffd" in encoded.vocab


# -- determinism ------------------------------------------------------------------------


def test_vocab_order_is_the_from_counts_order() -> None:
    sentences = [["b", "a", "c", "b", "a", "d", "c"]]
    encoded = encode_corpus(sentences, min_count=1)
    assert encoded.vocab.words == ["a", "b", "c", "d"]


def test_vocab_order_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    rng = random.Random(4)
    tokens = [f"x{rng.randrange(300)}" for _ in range(3000)]
    path = write(tmp_path / "h.txt", " ".join(tokens))
    script = (
        "import sys, json; from firth.corpus import encode_corpus; "
        "e = encode_corpus(sys.argv[1], min_count=2); "
        "print(json.dumps([e.vocab.words, e.ids[:200].tolist()]))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run(
            [sys.executable, "-c", script, str(path)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1
    words, _ = json.loads(outputs.pop())
    assert words == encode_corpus(path, min_count=2).vocab.words


# -- cache folder -----------------------------------------------------------------------


def test_cache_writes_files_and_returns_a_read_only_mapped_array(tmp_path: Path) -> None:
    sentences = zipf_sentences(2)
    path = write(tmp_path / "c.txt", "\n".join(map(" ".join, sentences)))
    cache = tmp_path / "cache"
    encoded = encode_corpus(path, min_count=3, cache_dir=cache)
    assert isinstance(encoded.ids.base, memoryview)
    assert isinstance(encoded.ids.base.obj, mmap.mmap)
    assert not encoded.ids.flags.writeable
    check_invariants(encoded)
    names = set(os.listdir(cache))
    assert {"ids.int32", "sentence_ends.npy", "manifest.json"} <= names
    assert not [name for name in names if ".tmp" in name]
    assert (cache / "ids.int32").stat().st_size == 4 * encoded.stats.retained_tokens
    in_memory = encode_corpus(path, min_count=3)
    assert np.array_equal(encoded.ids, in_memory.ids)
    assert np.array_equal(encoded.sentence_ends, in_memory.sentence_ends)
    assert encoded.vocab == in_memory.vocab
    assert encoded.stats == in_memory.stats
    manifest = json.loads((cache / "manifest.json").read_text())
    assert manifest["options"]["min_count"] == 3
    assert manifest["fingerprint"] == Corpus(path).fingerprint()


def test_cache_is_reused_without_reading_the_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = write(tmp_path / "c.txt", "\n".join(map(" ".join, zipf_sentences(3))))
    cache = tmp_path / "cache"
    first = encode_corpus(path, min_count=2, cache_dir=cache)
    first_ids = first.ids.tolist()
    opened = count_reads(monkeypatch)
    with caplog.at_level("INFO", logger="firth.corpus"):
        second = encode_corpus(path, min_count=2, cache_dir=cache)
    assert opened == []
    assert "reusing" in caplog.text
    assert np.array_equal(first.ids, second.ids)
    assert np.array_equal(first.sentence_ends, second.sentence_ends)
    assert first.vocab == second.vocab
    assert first.stats == second.stats
    # Other options, or another file content, mean a rebuild.
    encode_corpus(path, min_count=3, cache_dir=cache)
    assert opened == [str(path)]
    write(path, "new words new words\n")
    os.utime(path, ns=(1, 1))
    rebuilt = encode_corpus(path, min_count=2, cache_dir=cache)
    assert opened == [str(path)] * 2
    assert rebuilt.vocab.words == ["new", "words"]
    assert first.ids.tolist() == first_ids  # arrays mapped earlier stay valid


def test_cache_given_vocab_is_part_of_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "c.txt", "a b c a b a\n")
    cache = tmp_path / "cache"
    one = encode_corpus(path, vocab=Vocab(["a", "b"]), cache_dir=cache)
    two = encode_corpus(path, vocab=Vocab(["b", "c"]), cache_dir=cache)
    assert one.ids.tolist() == [0, 1, 0, 1, 0]
    assert two.ids.tolist() == [0, 1, 0]
    opened = count_reads(monkeypatch)
    again = encode_corpus(path, vocab=Vocab(["b", "c"]), cache_dir=cache)
    assert opened == []
    assert again.ids.tolist() == [0, 1, 0]
    assert again.vocab.counts is None


def test_interrupted_or_damaged_cache_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "c.txt", "a b c a b a\n")
    cache = tmp_path / "cache"
    encode_corpus(path, min_count=1, cache_dir=cache)
    opened = count_reads(monkeypatch)
    (cache / "manifest.json").unlink()  # as if interrupted before the manifest was written
    assert encode_corpus(path, min_count=1, cache_dir=cache).ids.tolist() == [0, 1, 2, 0, 1, 0]
    (cache / "manifest.json").write_text("{not json")
    assert encode_corpus(path, min_count=1, cache_dir=cache).ids.tolist() == [0, 1, 2, 0, 1, 0]
    with open(cache / "ids.int32", "ab") as file:
        file.write(b"\0\0\0\0")  # ids no longer match the manifest
    assert encode_corpus(path, min_count=1, cache_dir=cache).ids.tolist() == [0, 1, 2, 0, 1, 0]
    manifest = json.loads((cache / "manifest.json").read_text())
    manifest["stats"]["unknown_field"] = 1
    (cache / "manifest.json").write_text(json.dumps(manifest))
    assert encode_corpus(path, min_count=1, cache_dir=cache).ids.tolist() == [0, 1, 2, 0, 1, 0]
    (cache / "vocab_words.json").write_text('["a", "a", "c"]')  # duplicate words
    assert encode_corpus(path, min_count=1, cache_dir=cache).ids.tolist() == [0, 1, 2, 0, 1, 0]
    assert len(opened) == 5
    assert encode_corpus(path, min_count=1, cache_dir=cache).vocab.words == ["a", "b", "c"]
    assert len(opened) == 5  # the rebuilt cache is reused


def test_failed_encoding_leaves_no_reusable_cache(tmp_path: Path) -> None:
    path = write(tmp_path / "c.txt", "a b\n")
    cache = tmp_path / "cache"
    encode_corpus(path, min_count=1, cache_dir=cache)
    with pytest.raises(EmptyCorpusError):
        encode_corpus(path, min_count=9, cache_dir=cache)
    assert not (cache / "manifest.json").exists()
    assert not [name for name in os.listdir(cache) if ".tmp" in name]


def test_in_memory_corpus_is_cached_but_never_reused(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = encode_corpus(iter([["a", "b", "a"]]), min_count=1, cache_dir=cache)
    assert isinstance(first.ids.base, memoryview)  # mapped from the folder
    assert json.loads((cache / "manifest.json").read_text())["fingerprint"] is None
    second = encode_corpus(iter([["b", "b", "a"]]), min_count=1, cache_dir=cache)
    assert second.vocab.words == ["b", "a"]
    assert second.ids.tolist() == [0, 0, 1]
    assert first.ids.tolist() == [0, 1, 0]


def test_cache_with_pruning_and_chunked_compaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_passes, "REMAP_CHUNK", 5)
    sentences = zipf_sentences(9)
    path = write(tmp_path / "c.txt", "\n".join(map(" ".join, sentences)))
    cached = encode_corpus(path, min_count=4, max_vocab_size=10_000, cache_dir=tmp_path / "k")
    vocab, ids, ends = reference(sentences, 4)
    assert cached.vocab == vocab
    assert cached.ids.tolist() == ids
    assert cached.sentence_ends.tolist() == ends


def test_repr_is_short() -> None:
    encoded = encode_corpus([["a", "b", "a"]], min_count=1)
    assert repr(encoded) == "EncodedCorpus(3 tokens, 1 sentences, vocab size 2)"


def test_memory_sink_grows_in_place_and_hands_over_its_array() -> None:
    sink = _cache.MemorySink()
    blocks = [np.arange(n, dtype=np.int32) + 1000 * n for n in (5, 70_000, 3, 0, 123_456)]
    for block in blocks:
        sink.write(block)
    buffer = sink.buffer()
    np.testing.assert_array_equal(buffer, np.concatenate(blocks))
    buffer[:2] = -7  # writable, as remapping needs
    with pytest.raises(ValueError, match="reference"):
        sink.result(10)  # a view of the buffer is still alive: shrinking it would be unsafe
    sink = _cache.MemorySink()
    for block in blocks:
        sink.write(block)
    ids = sink.result(70_001)
    np.testing.assert_array_equal(ids, np.concatenate(blocks)[:70_001])
    assert not ids.flags.writeable


def test_vocabulary_words_are_packed_and_read_back_alike() -> None:
    sentences = [["naïve", "café", "naïve"], ["a\udcff", "café"]]  # a lone surrogate too
    encoded = encode_corpus(sentences, min_count=1)
    assert encoded.vocab.words == ["café", "naïve", "a\udcff"]
    assert encoded.vocab.index("naïve") == 1
    assert encoded.vocab._packed is None  # UTF-8 cannot hold the surrogate: kept as strings
    packed = encode_corpus(sentences[:1], min_count=1).vocab
    assert packed._packed is not None
    assert packed._words is None
    assert packed.words == ["naïve", "café"]
    assert packed.index("café") == 1
