"""Tests of firth.corpus.tokenize."""

from __future__ import annotations

import random

import pytest

from firth.corpus.tokenize import (
    _ASCII_PATTERN,
    _simple_pattern,
    block_tokenizer,
    line_tokenizer,
    tokenize,
)
from firth.errors import ConfigError


def test_whitespace_is_str_split_on_any_unicode_space() -> None:
    text = "a\tb  c\u00a0d\u3000e\u2003f\x1cg\r\nh \n"
    assert tokenize(text, "whitespace") == text.split()
    assert tokenize(text) == ["a", "b", "c", "d", "e", "f", "g", "h"]


def test_whitespace_keeps_case_and_punctuation() -> None:
    assert tokenize("Hello, World!") == ["Hello,", "World!"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello, World!", ["hello", ",", "world", "!"]),
        ("don't stop", ["don't", "stop"]),
        ("don\u2019t", ["don\u2019t"]),
        ("a well-known rock'n'roll band", ["a", "well-known", "rock'n'roll", "band"]),
        ("-dash- 'quoted'", ["-", "dash", "-", "'", "quoted", "'"]),
        ("end--of", ["end", "-", "-", "of"]),
        ("snake_case x_1", ["snake", "_", "case", "x", "_", "1"]),
        ("(e.g. 3.14)", ["(", "e", ".", "g", ".", "3", ".", "14", ")"]),
        ("Café NAÏVE, Straße", ["café", "naïve", ",", "straße"]),
        ("日本語のテキスト。", ["日本語のテキスト", "。"]),
        ("हिन्दी भाषा!", ["हिन्दी", "भाषा", "!"]),
        ("e\u0301cole", ["e\u0301cole"]),  # decomposed accent stays in the word
        ("$5 & 10%", ["$", "5", "&", "10", "%"]),
        ("   ", []),
        ("", []),
    ],
)
def test_simple_splits_punctuation_and_lowercases(text: str, expected: list[str]) -> None:
    assert tokenize(text, "simple") == expected


def test_simple_ascii_fast_path_matches_the_unicode_pattern() -> None:
    rng = random.Random(3)
    alphabet = "abcz09'-_.,;:!?()[]\"/\\@#$%^&*+=<>|~` \t\n" + "\x1c\x0b"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        assert _ASCII_PATTERN.findall(text) == _simple_pattern().findall(text), text


def test_unknown_tokenizer_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="tokenizer must be one of 'whitespace', 'simple'"):
        tokenize("a b", "spacy")  # type: ignore[arg-type]


def test_block_tokenizer_splits_lines_at_newlines_only() -> None:
    assert block_tokenizer("whitespace")("a b\n\nc\r\nd\x0be") == [
        ["a", "b"],
        [],
        ["c"],
        ["d", "e"],
    ]
    assert block_tokenizer("simple")("A, b\nC.") == [["a", ",", "b"], ["c", "."]]
    assert block_tokenizer("simple")("É, b\nC.") == [["é", ",", "b"], ["c", "."]]


def test_line_tokenizer_returns_the_same_as_tokenize() -> None:
    text = "It's a Well-Known fact, isn't it?"
    for name in ("whitespace", "simple"):
        assert line_tokenizer(name)(text) == tokenize(text, name)
