"""Reading benchmark files: analogy layouts, word-pair layouts, malformed input."""

from __future__ import annotations

import bz2
import gzip
from pathlib import Path

import pytest

from firth.errors import ConfigError, FormatError
from firth.evaluate import (
    AnalogyDataset,
    AnalogySection,
    WordPairDataset,
    dataset_name,
    parse_analogies,
    parse_word_pairs,
    read_analogies,
    read_word_pairs,
)

# -- analogies -----------------------------------------------------------------------------


def test_questions_words_sections_and_categories(tmp_path: Path, toy_questions: str) -> None:
    path = tmp_path / "questions-words.txt"
    path.write_text(toy_questions)
    data = read_analogies(path)
    assert data.name == "questions-words"
    assert data.source == str(path)
    assert data.format == "questions-words"
    assert [(s.name, s.category, len(s.questions)) for s in data.sections] == [
        ("family", "semantic", 3),
        ("gram1-plural", "syntactic", 2),
    ]
    assert data.sections[0].questions[0] == ("man", "woman", "king", "queen")
    assert len(data) == 5
    assert data.malformed == 0


def test_category_rule_is_the_gram_prefix() -> None:
    lines = [
        ": capital-common-countries",
        "Athens Greece Baghdad Iraq",
        ": GRAM3-comparative",
        "bad worse big bigger",
        ": grammar-is-not-a-prefix-check",
        "a b c d",
        ": currency",
        "Algeria dinar Angola kwanza",
    ]
    data = parse_analogies(lines)
    assert [s.category for s in data.sections] == ["semantic", "syntactic", "syntactic", "semantic"]


def test_blank_lines_comments_crlf_bom_and_header_without_space(tmp_path: Path) -> None:
    path = tmp_path / "q.txt"
    path.write_bytes(b"\xef\xbb\xbf# made by hand\r\n:family\r\n\r\n  boy girl  son daughter \r\n")
    data = read_analogies(path)
    assert data.sections == (
        AnalogySection("family", (("boy", "girl", "son", "daughter"),), "semantic"),
    )


def test_repeated_section_names_stay_separate_like_gensim() -> None:
    data = parse_analogies([": a", "w x y z", ": a", "p q r s"])
    assert [(s.name, len(s.questions)) for s in data.sections] == [("a", 1), ("a", 1)]


def test_empty_section_is_kept() -> None:
    data = parse_analogies([": empty", ": full", "a b c d"])
    assert [(s.name, len(s.questions)) for s in data.sections] == [("empty", 0), ("full", 1)]


def test_msr_variants(tmp_path: Path) -> None:
    path = tmp_path / "msr.txt"
    path.write_text(
        "good better rough rougher\n"
        "good better rough : rougher\n"
        "year years law :: laws\n"
        "good better rough JJ_JJR rougher\n"
        "see saw go VB_VBD went\n"
        "city cities child NN_NNS children\n"
    )
    data = read_analogies(path)
    assert data.format == "msr"
    assert [(s.name, s.category) for s in data.sections] == [
        ("msr", None),
        ("JJ_JJR", None),
        ("VB_VBD", None),
        ("NN_NNS", None),
    ]
    assert data.sections[0].questions == (
        ("good", "better", "rough", "rougher"),
        ("good", "better", "rough", "rougher"),
        ("year", "years", "law", "laws"),
    )
    assert data.sections[3].questions == (("city", "cities", "child", "children"),)


def test_format_can_be_forced() -> None:
    with pytest.raises(FormatError, match=r"line 1: a question before the first"):
        parse_analogies(["a b c d"], format="questions-words")
    with pytest.raises(FormatError, match=r"line 1: an MSR question"):
        parse_analogies([": family", "a b c d"], format="msr")


@pytest.mark.parametrize(
    ("lines", "line_no", "reason"),
    [
        ([": s", "a b c"], 2, "needs 4 words"),
        ([": s", "a b c d", "", "a b c d e"], 4, "needs 4 words"),
        ([":", "a b c d"], 1, "needs a name"),
        (["a b c d", "a b c"], 2, "an MSR question"),
        (["a b c XX d"], 1, "an MSR question"),
    ],
)
def test_malformed_analogy_lines(lines: list[str], line_no: int, reason: str) -> None:
    with pytest.raises(FormatError, match=rf"^bench, line {line_no}: .*{reason}"):
        parse_analogies(lines, name="bench")


def test_malformed_analogy_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "q.txt"
    path.write_text(": s\na b c d\na b c\n")
    with pytest.raises(FormatError) as caught:
        read_analogies(path)
    assert str(caught.value).startswith(f"{path}, line 3: ")
    assert "on_error='skip'" in str(caught.value)


def test_skip_mode_counts_malformed_lines(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "q.txt"
    path.write_bytes(b": s\na b c d\na b c\nw x y z\n\xff\xfe x y z\nq r s t u\n")
    with caplog.at_level("WARNING", logger="firth.evaluate.datasets"):
        data = read_analogies(path, on_error="skip")
    assert data.malformed == 3
    assert data.sections[0].questions == (("a", "b", "c", "d"), ("w", "x", "y", "z"))
    assert "skipped 3 malformed line(s)" in caplog.text
    assert "line 3" in caplog.text


def test_invalid_utf8_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "q.txt"
    path.write_bytes(b": s\na b c d\ncaf\xe9 b c d\n")
    with pytest.raises(FormatError, match=r"line 3: the line is not valid UTF-8"):
        read_analogies(path)


@pytest.mark.parametrize("content", ["", "\n\n# only a comment\n", ": a\n: b\n"])
def test_no_question_is_an_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "q.txt"
    path.write_text(content)
    with pytest.raises(FormatError, match="no analogy question found"):
        read_analogies(path)


def test_compressed_files(tmp_path: Path) -> None:
    text = b": s\na b c d\n"
    (tmp_path / "q.txt.gz").write_bytes(gzip.compress(text))
    (tmp_path / "q.bz2").write_bytes(bz2.compress(text))
    for name in ("q.txt.gz", "q.bz2"):
        data = read_analogies(tmp_path / name)
        assert data.name == "q"
        assert data.sections[0].questions == (("a", "b", "c", "d"),)


def test_truncated_gzip_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "q.txt.gz"
    path.write_bytes(gzip.compress(b": s\n" + b"a b c d\n" * 1000)[:40])
    with pytest.raises(FormatError, match="cannot read"):
        read_analogies(path)
    with pytest.raises(FormatError, match="cannot read"):
        read_analogies(tmp_path / "missing.txt")


def test_bad_options() -> None:
    with pytest.raises(ConfigError, match="on_error"):
        parse_analogies(["a b c d"], on_error="ignore")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="format"):
        parse_analogies(["a b c d"], format="google")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="four non-empty words"):
        AnalogySection("s", (("a", "b", "c"),))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="category"):
        AnalogySection("s", (), "lexical")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="AnalogySection"):
        AnalogyDataset("d", ("not a section",))  # type: ignore[arg-type]


def test_dataset_name() -> None:
    assert dataset_name("/x/EN-SIMLEX-999.txt") == "EN-SIMLEX-999"
    assert dataset_name("combined.csv.bz2") == "combined"
    assert dataset_name("MEN_dataset_lemma_form.dev") == "MEN_dataset_lemma_form.dev"
    assert dataset_name(".txt") == ".txt"


# -- word pairs ----------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_tab_separated_with_gensim_comments(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "wordsim353.tsv",
        "# The WordSimilarity-353 Test Collection\n# Word 1\tWord 2\tHuman (mean)\n"
        "love\tsex\t6.77\ntiger\tcat\t7.35\n\ntiger\ttiger\t10.00\n",
    )
    data = read_word_pairs(path)
    assert data.name == "wordsim353"
    assert data.pairs == (("love", "sex"), ("tiger", "cat"), ("tiger", "tiger"))
    assert data.scores == (6.77, 7.35, 10.0)
    assert data.header is None
    assert data.score_column == 2


def test_space_separated_men_and_pos_suffixes(tmp_path: Path) -> None:
    text = "sun-n sunlight-n 50.000000\nhold-v theatre-n 9.000000\ncity-n small-j 21.0\n"
    path = _write(tmp_path, "MEN_dataset_lemma_form_full", text)
    kept = read_word_pairs(path)
    assert kept.pairs[0] == ("sun-n", "sunlight-n")
    stripped = read_word_pairs(path, strip_pos=True)
    assert stripped.pairs == (("sun", "sunlight"), ("hold", "theatre"), ("city", "small"))
    assert stripped.scores == (50.0, 9.0, 21.0)
    # A hyphenated word is not a part-of-speech suffix unless one letter follows.
    assert parse_word_pairs(["x-ray t-shirt 3"], strip_pos=True).pairs == (("x-ray", "t-shirt"),)


def test_simlex_original_layout_with_header(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "SimLex-999.txt",
        "word1\tword2\tPOS\tSimLex999\tconc(w1)\tconc(w2)\tconcQ\tAssoc(USF)\tSimAssoc333\t"
        "SD(SimLex)\n"
        "old\tnew\tA\t1.58\t2.72\t2.81\t2\t7.25\t1\t0.41\n"
        "smart\tintelligent\tA\t9.2\t1.75\t2.46\t1\t7.11\t1\t0.67\n",
    )
    data = read_word_pairs(path)
    assert data.pairs == (("old", "new"), ("smart", "intelligent"))
    assert data.scores == (1.58, 9.2)
    assert data.score_column == 3
    assert data.header is not None
    assert data.header[3] == "SimLex999"
    # The column can be chosen, by index or by header name (case-insensitive).
    assert read_word_pairs(path, score_column=4).scores == (2.72, 1.75)
    assert read_word_pairs(path, score_column="sd(simlex)").scores == (0.41, 0.67)


def test_pos_column_without_header_is_not_taken_for_a_header() -> None:
    # SimVerb-3500: w1 w2 POS score relation, no header.
    data = parse_word_pairs(["take\tremove\tV\t6.81\tANTONYMS", "walk\trun\tV\t7.2\tCOHYPONYMS"])
    assert data.header is None
    assert data.pairs == (("take", "remove"), ("walk", "run"))
    assert data.scores == (6.81, 7.2)


def test_ws353_csv_with_header_and_rater_columns(tmp_path: Path) -> None:
    combined = _write(
        tmp_path, "combined.csv", "Word 1,Word 2,Human (mean)\nlove,sex,6.77\ntiger,cat,7.35\n"
    )
    data = read_word_pairs(combined)
    assert data.header == ("Word 1", "Word 2", "Human (mean)")
    assert data.pairs == (("love", "sex"), ("tiger", "cat"))
    assert data.scores == (6.77, 7.35)
    # set1.csv: the header's rater columns are numbers; the mean is still column 2.
    set1 = _write(tmp_path, "set1.csv", "Word 1,Word 2,Human (mean),1,2,3\nlove,sex,6.77,9,6,8\n")
    data = read_word_pairs(set1)
    assert data.header == ("Word 1", "Word 2", "Human (mean)", "1", "2", "3")
    assert data.scores == (6.77,)
    assert data.score_column == 2
    # Rater 1's column: the header is still recognised although its name is a number.
    first_rater = read_word_pairs(set1, score_column=3)
    assert first_rater.header is not None
    assert first_rater.scores == (9.0,)


@pytest.mark.parametrize(
    "text",
    [
        "gem\tjewel\t3.94\nmidday\tnoon\t3.94\r\n",  # RG-65 (Faruqui), CRLF
        "gem jewel 3.94\nmidday  noon 3.94\n",  # spaces
        "gem;jewel;3.94\nmidday;noon;3.94\n",  # semicolons
        "gem,jewel,3.94\nmidday,noon,3.94",  # MTurk-771 csv, no final newline
    ],
)
def test_three_column_layouts(text: str) -> None:
    data = parse_word_pairs(text.splitlines())
    assert data.pairs == (("gem", "jewel"), ("midday", "noon"))
    assert data.scores == (3.94, 3.94)


def test_explicit_delimiter() -> None:
    data = parse_word_pairs(["new york|city|7.5"], delimiter="|")
    assert data.pairs == (("new york", "city"),)
    assert parse_word_pairs(["a  b\t3"], delimiter=" ").pairs == (("a", "b"),)


@pytest.mark.parametrize(
    ("lines", "line_no", "reason"),
    [
        (["a\tb\t1", "a\tb"], 2, "found 2 field"),
        (["a\tb\t1", "a\tb\tlots"], 2, "not a finite number"),
        (["a\tb\t1", "a\tb\tnan"], 2, "not a finite number"),
        (["a\tb\t1", "\tb\t2"], 2, "a word is empty"),
        (["a b", "c d 2"], 1, "found 2 field"),
    ],
)
def test_malformed_pair_lines(lines: list[str], line_no: int, reason: str) -> None:
    with pytest.raises(FormatError, match=rf"^pairs, line {line_no}: .*{reason}"):
        parse_word_pairs(lines)


def test_malformed_pair_file_and_skip_mode(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.txt", "# c\na\tb\t1\nc\td\n\ne\tf\tx\ng\th\t4\n")
    with pytest.raises(FormatError) as caught:
        read_word_pairs(path)
    assert str(caught.value).startswith(f"{path}, line 3: ")
    data = read_word_pairs(path, on_error="skip")
    assert data.malformed == 2
    assert data.pairs == (("a", "b"), ("g", "h"))


def test_score_column_name_must_be_in_header() -> None:
    with pytest.raises(FormatError, match="not a field of the header"):
        parse_word_pairs(["w1\tw2\tscore", "a\tb\t1"], score_column="SimLex999")


@pytest.mark.parametrize("content", ["", "# nothing\n", "w1 w2 score\n"])
def test_no_pair_is_an_error(tmp_path: Path, content: str) -> None:
    with pytest.raises(FormatError, match="no word pair found"):
        read_word_pairs(_write(tmp_path, "p.txt", content))


def test_bad_pair_options() -> None:
    for column in (1, -1, True, 2.5):
        with pytest.raises(ConfigError, match="score_column"):
            parse_word_pairs(["a b 1"], score_column=column)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="delimiter"):
        parse_word_pairs(["a b 1"], delimiter="")
    with pytest.raises(ConfigError, match="strip_pos"):
        parse_word_pairs(["a b 1"], strip_pos=1)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="one score per pair"):
        WordPairDataset("d", (("a", "b"),), ())
    with pytest.raises(ConfigError, match="finite"):
        WordPairDataset("d", (("a", "b"),), (float("inf"),))
    with pytest.raises(ConfigError, match="two non-empty words"):
        WordPairDataset("d", (("a", ""),), (1.0,))
