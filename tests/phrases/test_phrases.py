"""Phrase detection: planted collocations, exact scores, agreement with gensim, files, CLI."""

from __future__ import annotations

import gzip
import itertools
import json
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

import firth
from firth.cli.phrases import phrases_command
from firth.config.phrases import ENGLISH_CONNECTOR_WORDS, PhrasesConfig
from firth.errors import ConfigError, CorpusError, EmptyCorpusError, FormatError
from firth.phrases import PassStats, Phrase, PhrasedCorpus, Phrases, learn_phrases
from firth.phrases._count import BigramCounter

PAIRS = [("new", "york"), ("los", "angeles"), ("machine", "learning"), ("hong", "kong")]
FILLER = [f"f{i}" for i in range(300)]


def planted(
    sentences: int = 2000,
    *,
    seed: int = 0,
    groups: list[tuple[str, ...]] = PAIRS,
    filler: list[str] = FILLER,
    rate: float = 0.4,
) -> list[list[str]]:
    """Sentences of 12 random filler words; ``rate`` of them hold one planted group."""
    rng = np.random.default_rng(seed)
    corpus = []
    for _ in range(sentences):
        words = [filler[i] for i in rng.integers(len(filler), size=12)]
        if rng.random() < rate:
            at = int(rng.integers(len(words) + 1))
            words[at:at] = groups[int(rng.integers(len(groups)))]
        corpus.append(words)
    return corpus


@pytest.fixture(scope="module")
def corpus() -> list[list[str]]:
    return planted()


@pytest.fixture(scope="module")
def model(corpus: list[list[str]]) -> Phrases:
    return learn_phrases(corpus)


# -- what is found ---------------------------------------------------------------------


def test_planted_pairs_found_and_no_filler_pair(model: Phrases) -> None:
    assert {p.words for p in model.phrases} == set(PAIRS)
    assert all(p.pass_number == 1 and p.score > 10.0 for p in model.phrases)
    assert model.transform(["f1", "new", "york", "f2", "hong", "kong"]) == [
        "f1",
        "new_york",
        "f2",
        "hong_kong",
    ]


def test_npmi_finds_the_same_pairs(corpus: list[list[str]]) -> None:
    found = learn_phrases(corpus, PhrasesConfig(scoring="npmi"))
    assert {p.words for p in found.phrases} == set(PAIRS)
    # Words that only ever occur together have NPMI 1.
    assert all(p.score == pytest.approx(1.0) for p in found.phrases)
    assert found.config.effective_threshold == 0.5


def test_trigram_needs_two_passes() -> None:
    sentences = planted(groups=[("new", "york", "times"), ("hong", "kong")])
    one = learn_phrases(sentences, PhrasesConfig(passes=1))
    two = learn_phrases(sentences, PhrasesConfig(passes=2))
    sentence = ["f1", "new", "york", "times", "f2"]
    assert one.transform(sentence) == ["f1", "new_york", "times", "f2"]
    assert two.transform(sentence) == ["f1", "new_york_times", "f2"]
    assert "new_york_times" not in one
    assert "new_york_times" in two
    assert ("new_york", "times") in two
    (trigram,) = [p for p in two.phrases if p.pass_number == 2]
    assert trigram.words == ("new_york", "times")
    assert len(two.stats) == 2
    assert two.stats[1].corpus_words < two.stats[0].corpus_words  # joined tokens


def test_connector_words_inside_never_at_the_ends() -> None:
    groups = [("bank", "of", "america"), ("new", "york")]
    connectors = ["the", "of", "a", "and"]
    sentences = planted(groups=groups, filler=FILLER[:100] + connectors * 10, seed=3)
    found = learn_phrases(sentences, PhrasesConfig(connector_words="english"))
    english = set(ENGLISH_CONNECTOR_WORDS)
    assert ("bank", "of", "america") in found
    assert all(p.words[0] not in english and p.words[-1] not in english for p in found.phrases)
    assert found.transform(["the", "bank", "of", "america", "of", "the"]) == [
        "the",
        "bank_of_america",
        "of",
        "the",
    ]
    # Without connector words, "of" is an ordinary word: no bank_of_america.
    plain = learn_phrases(sentences, PhrasesConfig())
    assert "bank_of_america" not in plain


def test_custom_connector_words() -> None:
    sentences = planted(groups=[("bank", "of", "america")], seed=4)
    found = learn_phrases(sentences, PhrasesConfig(connector_words=("of",)))
    assert [p.text for p in found.phrases] == ["bank_of_america"]


# -- exact scores ----------------------------------------------------------------------

TINY = [["a", "b", "c", "a", "b"], ["b", "a", "b"], ["c", "c"]]
# unigrams a 3, b 4, c 3 (10 tokens); candidates (a b) 3, (b c) 1, (c a) 1, (b a) 1, (c c) 1
TINY_COUNTS = {("a", "b"): 3, ("b", "c"): 1, ("c", "a"): 1, ("b", "a"): 1, ("c", "c"): 1}
TINY_UNIGRAMS = {"a": 3, "b": 4, "c": 3}


def test_default_scores_by_hand() -> None:
    found = learn_phrases(TINY, PhrasesConfig(min_count=1, threshold=1e-9))
    vocab_size = len(TINY_UNIGRAMS) + len(TINY_COUNTS)  # 8
    expected = {
        words: (count - 1) / (TINY_UNIGRAMS[words[0]] * TINY_UNIGRAMS[words[1]]) * vocab_size
        for words, count in TINY_COUNTS.items()
    }
    assert expected[("a", "b")] == 4 / 3
    # Only (a b) scores above 0: the others are seen once, and min_count=1 is subtracted.
    assert found.phrases == [Phrase("a_b", ("a", "b"), 4 / 3, 3, 1)]
    assert found.stats == [PassStats(10, 8, 5, 1, False)]


def test_npmi_scores_by_hand() -> None:
    found = learn_phrases(TINY, PhrasesConfig(min_count=1, scoring="npmi", threshold=-1.0))
    scores = {p.words: p.score for p in found.phrases}
    assert set(scores) == set(TINY_COUNTS)
    for words, count in TINY_COUNTS.items():
        p_a, p_b = TINY_UNIGRAMS[words[0]] / 10, TINY_UNIGRAMS[words[1]] / 10
        expected = math.log((count / 10) / (p_a * p_b)) / -math.log(count / 10)
        assert scores[words] == pytest.approx(expected, rel=1e-12)
    assert scores[("a", "b")] == pytest.approx(math.log(2.5) / math.log(1 / 0.3), rel=1e-12)
    # npmi drops bigrams seen fewer than min_count times
    strict = learn_phrases(TINY, PhrasesConfig(min_count=2, scoring="npmi", threshold=-1.0))
    assert [p.words for p in strict.phrases] == [("a", "b")]


def test_counter_against_a_dictionary() -> None:
    sentences = planted(300, seed=5, filler=[*FILLER[:20], "of", "the"], rate=0.5)
    connectors = frozenset({"of", "the"})
    counter = BigramCounter(connectors, max_vocab_size=None)
    for start in range(0, len(sentences), 37):  # several blocks
        counter.add(sentences[start : start + 37])
    counts = counter.result()
    expected: dict[tuple[str, ...], int] = {}
    for sentence in sentences:
        content = [i for i, word in enumerate(sentence) if word not in connectors]
        for i, j in itertools.pairwise(content):
            key = tuple(sentence[i : j + 1])
            expected[key] = expected.get(key, 0) + 1
    got = {
        tuple(counts.words[k] for k in counts.candidate_ids(i)): int(c)
        for i, c in enumerate(counts.counts)
    }
    assert got == expected
    assert counts.corpus_words == sum(map(len, sentences))
    distinct = {w for s in sentences for w in s} - connectors
    assert counts.vocab_size == len(distinct) + len(expected)


# -- agreement with gensim ---------------------------------------------------------------


def _gensim_phrases(sentences: list[list[str]], config: PhrasesConfig) -> object:
    phrases = pytest.importorskip("gensim.models.phrases")
    return phrases.Phrases(
        sentences,
        min_count=config.min_count,
        threshold=config.effective_threshold,
        scoring=config.scoring,
        connector_words=config.connector_set,
        delimiter=config.delimiter,
    )


@pytest.mark.parametrize(
    "config",
    [
        PhrasesConfig(min_count=2, threshold=0.5),
        PhrasesConfig(min_count=2, scoring="npmi", threshold=0.1),
        PhrasesConfig(min_count=2, threshold=0.5, connector_words="english"),
    ],
    ids=["default", "npmi", "english"],
)
def test_agrees_with_gensim(config: PhrasesConfig) -> None:
    filler = [*FILLER[:60], "of", "the", "a", "in"]
    groups = [*PAIRS, ("bank", "of", "america"), ("eye", "of", "the", "storm")]
    sentences = planted(1500, seed=7, groups=groups, filler=filler)
    ours = learn_phrases(sentences, config)
    theirs = _gensim_phrases(sentences, config)
    expected = theirs.export_phrases()  # type: ignore[attr-defined]
    found = {p.text: p.score for p in ours.phrases}
    assert len(found) > len(groups) + 10  # filler pairs too, at these low thresholds
    assert set(found) == set(expected)
    for text, score in found.items():
        assert score == pytest.approx(expected[text], rel=1e-12), text
    assert ours.stats[0].vocab_size == len(theirs.vocab)  # type: ignore[attr-defined]
    assert ours.stats[0].corpus_words == theirs.corpus_word_count  # type: ignore[attr-defined]
    assert list(ours.apply(sentences)) == list(theirs[sentences])  # type: ignore[index]


def test_two_passes_agree_with_gensim() -> None:
    sentences = planted(1500, seed=8, groups=[("new", "york", "times"), *PAIRS[1:]])
    config = PhrasesConfig(min_count=3, threshold=5.0, passes=2)
    ours = learn_phrases(sentences, config)
    first = _gensim_phrases(sentences, config)
    once = list(first[sentences])  # type: ignore[index]
    second = _gensim_phrases(once, config)
    assert list(ours.apply(sentences)) == list(second[once])  # type: ignore[index]


# -- streams -----------------------------------------------------------------------------


class CountingCorpus:
    """A re-iterable corpus that counts the sentences handed out."""

    def __init__(self, sentences: list[list[str]]) -> None:
        self.sentences = sentences
        self.read = 0

    def __iter__(self) -> Iterator[list[str]]:
        for sentence in self.sentences:
            self.read += 1
            yield sentence


def test_apply_streams_and_is_reiterable(model: Phrases) -> None:
    source = CountingCorpus(planted(20_000, seed=9))
    phrased = model.apply(source)
    assert isinstance(phrased, PhrasedCorpus)
    assert phrased.reiterable
    first = next(iter(phrased))
    assert 0 < source.read < len(source.sentences) // 2  # read lazily, block by block
    assert first == model.transform(source.sentences[0])
    small = model.apply(source.sentences[:50])
    assert list(small) == list(small) == [model.transform(s) for s in source.sentences[:50]]


def test_one_shot_generator(corpus: list[list[str]]) -> None:
    found = learn_phrases(iter(corpus))  # one pass reads a generator once
    assert {p.words for p in found.phrases} == set(PAIRS)
    with pytest.raises(CorpusError, match="read only once"):
        learn_phrases(iter(corpus), PhrasesConfig(passes=2))
    phrased = found.apply(iter(corpus[:10]))
    assert not phrased.reiterable
    assert len(list(phrased)) == 10
    with pytest.raises(CorpusError, match="already"):
        list(phrased)


def test_applied_corpus_trains_and_encodes(model: Phrases, corpus: list[list[str]]) -> None:
    phrased = model.apply(corpus[:400])
    encoded = firth.encode_corpus(phrased, min_count=1)
    assert "new_york" in encoded.vocab.words
    assert "new" not in encoded.vocab.words
    config = firth.TrainConfig(dim=8, min_count=1, epochs=1, threads=1, sample=0.0)
    trained = firth.train(phrased, config)
    assert "los_angeles" in trained.embeddings


def test_learns_from_files_like_from_lists(tmp_path: Path, corpus: list[list[str]]) -> None:
    path = tmp_path / "corpus.txt.gz"
    with gzip.open(path, "wt") as file:
        file.writelines(" ".join(s) + "\n" for s in corpus)
    from_file = learn_phrases(path)
    assert from_file.phrases == learn_phrases(corpus).phrases
    assert list(from_file.apply(str(path)))[:5] == [from_file.transform(s) for s in corpus[:5]]


def test_transform_rejects_a_string(model: Phrases) -> None:
    with pytest.raises(CorpusError, match="split it first"):
        model.transform("new york")
    assert model.transform([]) == []
    assert model.transform(("new",)) == ["new"]


def test_empty_corpus() -> None:
    with pytest.raises(EmptyCorpusError):
        learn_phrases([[], []])


def test_max_vocab_size_prunes_but_keeps_frequent_phrases(corpus: list[list[str]]) -> None:
    exact = learn_phrases(corpus)
    pruned = learn_phrases(corpus, PhrasesConfig(max_vocab_size=3000))
    assert not exact.stats[0].pruned
    assert pruned.stats[0].pruned
    assert pruned.stats[0].vocab_size <= 3000 < exact.stats[0].vocab_size
    assert {p.words for p in pruned.phrases} == set(PAIRS)
    exact_counts = {p.text: p.count for p in exact.phrases}
    assert all(p.count == exact_counts[p.text] for p in pruned.phrases)


# -- files -------------------------------------------------------------------------------


def test_export_save_load_round_trip(tmp_path: Path) -> None:
    sentences = planted(groups=[("new", "york", "times"), ("bank", "of", "america")], seed=2)
    config = PhrasesConfig(passes=2, connector_words=("of",), delimiter="+")
    model = learn_phrases(sentences, config)
    model.export(tmp_path / "phrases.tsv")
    header, *rows = (tmp_path / "phrases.tsv").read_text().splitlines()
    assert header == "phrase\tscore\tcount\tpass"
    table = [row.split("\t") for row in rows]
    assert [r[0] for r in table] == [p.text for p in model.phrases]
    assert [float(r[1]) for r in table] == [p.score for p in model.phrases]
    assert sorted((float(r[1]) for r in table), reverse=True) == [float(r[1]) for r in table]
    assert "new+york+times" in [r[0] for r in table]

    model.save(tmp_path / "model")
    back = Phrases.load(tmp_path / "model")
    assert back.phrases == model.phrases
    assert back.stats == model.stats
    assert back.config == model.config
    assert repr(back) == repr(model)
    sentence = ["bank", "of", "america", "new", "york", "times"]
    assert (
        back.transform(sentence)
        == model.transform(sentence)
        == ["bank+of+america", "new+york+times"]
    )


def _manifest(folder: Path) -> dict[str, object]:
    return json.loads((folder / "manifest.json").read_text())  # type: ignore[no-any-return]


def _rewrite(folder: Path, change: dict[str, object]) -> None:
    manifest = _manifest(folder)
    metadata = dict(manifest["metadata"])  # type: ignore[call-overload]
    metadata.update(change)
    manifest["metadata"] = metadata
    (folder / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ({"config": {"threshold": "high"}}, "invalid phrases config"),
        ({"config": {"min_count": 0}}, "PhrasesConfig.min_count"),
        ({"config": {"bogus": 1}}, "unknown PhrasesConfig option"),
        ({"config": []}, "'config' must be a JSON object"),
        ({"stats": []}, "'stats' must be a non-empty list"),
        ({"stats": [{"corpus_words": -1}]}, "each 'stats' entry"),
    ],
)
def test_malformed_metadata(
    tmp_path: Path, model: Phrases, damage: dict[str, object], message: str
) -> None:
    folder = tmp_path / "model"
    model.save(folder)
    _rewrite(folder, damage)
    with pytest.raises(FormatError, match=message):
        Phrases.load(folder)


def test_malformed_arrays_and_foreign_folders(tmp_path: Path, model: Phrases) -> None:
    folder = tmp_path / "model"
    model.save(folder)
    manifest = _manifest(folder)
    arrays = manifest["arrays"]
    assert isinstance(arrays, dict)
    np.save(folder / arrays["phrase_starts"]["file"], np.array([0, 1, 2, 3, 4], dtype=np.int64))
    with pytest.raises(FormatError, match="phrase_starts"):
        Phrases.load(folder)

    model.save(folder)  # repaired
    arrays = _manifest(folder)["arrays"]
    assert isinstance(arrays, dict)
    scores = folder / arrays["scores"]["file"]
    scores.write_bytes(b"\x80\x04\x95 pickled data")  # not a .npy: never unpickled
    with pytest.raises(FormatError, match=r"not a \.npy file"):
        Phrases.load(folder)

    (folder / "manifest.json").write_text("{not json")
    with pytest.raises(FormatError, match="not valid UTF-8 JSON"):
        Phrases.load(folder)
    with pytest.raises(FormatError, match=r"no manifest\.json"):
        Phrases.load(tmp_path)
    firth.Embeddings(firth.Vocab(["a"]), [[1.0]]).save(tmp_path / "vectors")
    with pytest.raises(FormatError, match="not phrases"):
        Phrases.load(tmp_path / "vectors")


def test_write_refuses_tokens_with_spaces(tmp_path: Path, model: Phrases) -> None:
    with pytest.raises(CorpusError, match="holds whitespace"):
        model.apply([["fine"], ["not fine"]]).write(tmp_path / "out.txt")
    assert not (tmp_path / "out.txt").exists()


# -- configuration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"min_count": 0}, "min_count"),
        ({"min_count": 2.5}, "min_count"),
        ({"threshold": 0.0}, "threshold"),
        ({"threshold": float("nan")}, "threshold"),
        ({"scoring": "npmi", "threshold": 1.5}, "threshold"),
        ({"scoring": "pmi"}, "scoring"),
        ({"connector_words": "french"}, "connector_words"),
        ({"connector_words": ("of", "")}, "connector_words"),
        ({"connector_words": ("of the",)}, "connector_words"),
        ({"delimiter": ""}, "delimiter"),
        ({"delimiter": " "}, "delimiter"),
        ({"passes": 0}, "passes"),
        ({"max_vocab_size": 0}, "max_vocab_size"),
    ],
)
def test_bad_config_names_the_option(options: dict[str, object], option: str) -> None:
    with pytest.raises(ConfigError, match=rf"PhrasesConfig\.{option} must be"):
        PhrasesConfig(**options)  # type: ignore[arg-type]


def test_config_round_trips_through_json() -> None:
    config = PhrasesConfig(connector_words=["of", "the"], scoring="npmi", threshold=0.3)
    assert config.connector_words == ("of", "the")
    assert PhrasesConfig.from_dict(json.loads(json.dumps(config.to_dict()))) == config
    with pytest.raises(ConfigError, match="must be a PhrasesConfig"):
        learn_phrases(TINY, {"min_count": 1})  # type: ignore[arg-type]


# -- command line ------------------------------------------------------------------------


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """Test application."""

    app.command("phrases")(phrases_command)
    return app


def test_cli_writes_the_corpus_the_export_and_the_model(
    tmp_path: Path, corpus: list[list[str]]
) -> None:
    source = tmp_path / "corpus.txt"
    source.write_text("".join(" ".join(s) + "\n" for s in corpus))
    output, export, saved = tmp_path / "out.txt.gz", tmp_path / "phrases.tsv", tmp_path / "m"
    result = CliRunner().invoke(
        _app(),
        [
            "phrases",
            str(source),
            "-o",
            str(output),
            "--min-count",
            "5",
            "--scoring",
            "npmi",
            "--connector-words",
            "english",
            "--export",
            str(export),
            "--save-model",
            str(saved),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "found 4 phrases in 1 pass" in result.output
    assert "new_york" in result.output
    with gzip.open(output, "rt") as file:
        lines = file.read().splitlines()
    model = Phrases.load(saved)
    assert model.config.scoring == "npmi"
    assert model.config.connector_words == "english"
    assert lines == [" ".join(model.transform(s)) for s in corpus]
    assert len(export.read_text().splitlines()) == 1 + len(model)


def test_cli_reports_bad_options(tmp_path: Path) -> None:
    source = tmp_path / "corpus.txt"
    source.write_text("a b c\n")
    result = CliRunner().invoke(
        _app(), ["phrases", str(source), "-o", str(tmp_path / "o.txt"), "--threshold", "-3"]
    )
    assert result.exit_code == 2
    assert "PhrasesConfig.threshold must be" in result.output
    assert not (tmp_path / "o.txt").exists()
