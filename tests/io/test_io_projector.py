"""Export for the TensorBoard Embedding Projector: the files, parsed back."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from firth.embeddings import Embeddings
from firth.errors import ConfigError, FormatError, UnknownWordError
from firth.io.projector import export_projector
from firth.vocab import Vocab

WORDS = ["the", "café", "日本", "🙂", "a\u00a0b", "#", "x y"]


def _embeddings(words: list[str] = WORDS) -> Embeddings:
    vectors = np.random.default_rng(2).normal(size=(len(words), 3)).astype(np.float32)
    vectors[0] = [1e-30, -3.4e38, 0.1]  # extremes survive the text round trip
    return Embeddings(Vocab(words, counts=range(len(words), 0, -1)), vectors)


def _tensors(folder: Path) -> np.ndarray:
    lines = (folder / "tensors.tsv").read_text(encoding="ascii").splitlines()
    return np.array([[float(v) for v in line.split("\t")] for line in lines], dtype=np.float32)


def test_single_column_has_no_header(tmp_path: Path) -> None:
    emb = _embeddings()
    export_projector(emb, tmp_path / "p")
    assert sorted(os.listdir(tmp_path / "p")) == [
        "config.json",
        "metadata.tsv",
        "projector_config.pbtxt",
        "tensors.tsv",
    ]
    np.testing.assert_array_equal(_tensors(tmp_path / "p"), emb.vectors)  # exact float32
    metadata = (tmp_path / "p" / "metadata.tsv").read_bytes().decode("utf-8")
    assert metadata.split("\n") == [*WORDS, ""]
    config = json.loads((tmp_path / "p" / "config.json").read_text())
    assert config == {
        "embeddings": [
            {
                "tensorName": "firth",
                "tensorShape": [len(WORDS), 3],
                "tensorPath": "tensors.tsv",
                "metadataPath": "metadata.tsv",
            }
        ]
    }
    assert (tmp_path / "p" / "projector_config.pbtxt").read_text() == (
        'embeddings {\n  tensor_name: "firth"\n  tensor_path: "tensors.tsv"\n'
        '  metadata_path: "metadata.tsv"\n}\n'
    )


def test_extra_columns_get_a_header(tmp_path: Path) -> None:
    emb = _embeddings()
    counts = emb.vocab.counts
    assert counts is not None
    export_projector(
        emb,
        tmp_path,
        limit=3,
        metadata_columns={"count": counts.tolist(), "kind": list("abcdefg")},
        name="my vectors",
    )
    rows = [line.split("\t") for line in (tmp_path / "metadata.tsv").read_text().splitlines()]
    assert rows == [
        ["word", "count", "kind"],
        ["the", "7", "a"],
        ["café", "6", "b"],
        ["日本", "5", "c"],
    ]
    assert _tensors(tmp_path).shape == (3, 3)
    assert json.loads((tmp_path / "config.json").read_text())["embeddings"][0]["tensorShape"] == [
        3,
        3,
    ]
    assert 'tensor_name: "my vectors"' in (tmp_path / "projector_config.pbtxt").read_text()


def test_words_selects_and_orders_rows(tmp_path: Path) -> None:
    emb = _embeddings()
    export_projector(emb, tmp_path, words=["日本", "the"], metadata_columns={"n": range(7)})
    np.testing.assert_array_equal(_tensors(tmp_path), emb.vectors[[2, 0]])
    assert (tmp_path / "metadata.tsv").read_text().splitlines() == ["word\tn", "日本\t2", "the\t0"]
    with pytest.raises(UnknownWordError, match="nope"):
        export_projector(emb, tmp_path, words=["the", "nope"])


@pytest.mark.parametrize("bad", ["tab\there", "new\nline", "car\rriage", ""])
def test_tokens_the_projector_misparses_are_refused(tmp_path: Path, bad: str) -> None:
    emb = Embeddings(Vocab(["ok", bad]), np.ones((2, 2), dtype=np.float32))
    with pytest.raises(FormatError, match="cannot be shown by the embedding projector") as info:
        export_projector(emb, tmp_path / "p")
    assert repr(bad) in str(info.value)
    assert not (tmp_path / "p" / "metadata.tsv").exists()
    export_projector(emb, tmp_path / "p", words=["ok"])  # leaving them out works
    with pytest.raises(FormatError, match="values of column 'c'"):
        export_projector(emb, tmp_path / "q", words=["ok"], metadata_columns={"c": [bad, "x"]})
    # only the exported rows' values matter
    export_projector(emb, tmp_path / "q", words=["ok"], metadata_columns={"c": ["x", bad]})


def test_bad_arguments(tmp_path: Path) -> None:
    emb = _embeddings()
    with pytest.raises(ConfigError, match="not both"):
        export_projector(emb, tmp_path, words=["the"], limit=1)
    with pytest.raises(ConfigError, match="one value per vocabulary word"):
        export_projector(emb, tmp_path, metadata_columns={"c": [1, 2]})
    with pytest.raises(FormatError, match="column name 'word' is invalid"):
        export_projector(emb, tmp_path, metadata_columns={"word": list(range(7))})
    with pytest.raises(ConfigError, match="limit must be"):
        export_projector(emb, tmp_path, limit=-1)
    with pytest.raises(ConfigError, match="not one str"):
        export_projector(emb, tmp_path, words="the")


def test_export_replaces_a_previous_export_atomically(tmp_path: Path) -> None:
    export_projector(_embeddings(), tmp_path, limit=5)
    export_projector(_embeddings(), tmp_path, limit=2)
    assert len((tmp_path / "metadata.tsv").read_text().splitlines()) == 2
    assert sorted(os.listdir(tmp_path)) == [
        "config.json",
        "metadata.tsv",
        "projector_config.pbtxt",
        "tensors.tsv",
    ]
