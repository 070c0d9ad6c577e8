"""Benchmark files: analogy questions and word pairs scored by people.

Two kinds of file are read, from disk (:func:`read_analogies`, :func:`read_word_pairs`;
gzip, bzip2 and xz files are decompressed, recognised by their magic bytes) or from lines
already in memory (:func:`parse_analogies`, :func:`parse_word_pairs`).

Analogy files
-------------
*questions-words* (Mikolov et al.'s Google set, ``questions-words.txt``): ``: name``
lines open sections, every other line is a question ``a b c d`` ("a is to b as c is to
d"). A section whose name starts with ``gram`` (any case) is *syntactic*, any other is
*semantic*; in the Google set that makes the five first sections (capital-common-countries,
capital-world, currency, city-in-state, family) semantic and the nine ``gram*`` ones
syntactic, the split of the original paper. A section header needs no space after the
colon (gensim requires ``": "``).

*msr* (the Microsoft Research set of Mikolov, Yih and Zweig, and any file without
sections). Three line layouts are accepted, and may be mixed:

* ``a b c d``;
* ``a b c : d`` (or ``a b c :: d``), the answer after a separator;
* ``a b c TAG d`` where TAG is a pair of part-of-speech tags such as ``JJ_JJR`` or
  ``NN_NNS``: the layout obtained by pasting the original ``word_relationship.questions``
  and ``word_relationship.answers`` side by side. TAG becomes the question's section.

Questions without a tag belong to one section named after the dataset. MSR sections have
no semantic/syntactic category: the MSR set is syntactic through and through, but firth
does not guess what an arbitrary file without sections holds.

With ``format="auto"`` (the default) a file whose first question-or-header line starts with
``:`` is read as questions-words, any other as msr.

Word-pair files
---------------
One pair per line: two words, then fields of which one is the human score. Fields are
separated by tabs, commas, semicolons or runs of spaces: unless ``delimiter`` is given, the
first data line decides (a tab if it holds one, else a comma, else a semicolon, else
whitespace). The layouts of the common benchmarks are recognised without options:

* WS-353 (``wordsim353.tsv`` with ``#`` comments, ``combined.csv``/``combined.tab`` and
  ``set1.csv`` with a ``Word 1,Word 2,Human (mean)[,rater…]`` header, the similarity
  and relatedness splits without header), MEN (``w1 w2 score``, space-separated, natural
  and lemma form), RG-65, MC-30, MTurk-287/771, YP-130, VERB-143, RW: ``w1 w2 score``;
* SimLex-999 as shipped with gensim (``#`` comments, ``w1 w2 score``) and the original
  ``SimLex-999.txt`` (header ``word1 word2 POS SimLex999 …``), SimVerb-3500
  (``w1 w2 POS score relation``): the score is the first number after the words.

The score column (0-based, the words being columns 0 and 1) is, unless ``score_column``
names it by index or by header name, the first field after the words that is a finite
number, taken from the first data line. The first line is a header when the field in that
column is not a number (comparing with the second line, so that a file whose third field is
a part of speech is not mistaken for one with a header). Blank lines and lines starting
with ``#`` are skipped. ``strip_pos=True`` removes part-of-speech suffixes such as the
``-n``, ``-v``, ``-j`` of MEN's lemma form (a final hyphen and one letter).

Malformed lines
---------------
With ``on_error="raise"`` (the default) a malformed line raises
:class:`~firth.errors.FormatError` naming the file, the line number and the problem: a
question without four words, a question before the first header, a pair without a score
that is a finite number, bytes that are not UTF-8. With ``on_error="skip"`` such lines are
skipped, counted in the dataset's ``malformed`` and logged once. A file with no question
(or no pair) at all is always an error.
"""

from __future__ import annotations

import logging
import lzma
import math
import os
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from firth.corpus._textio import open_binary
from firth.errors import ConfigError, FormatError

__all__ = [
    "AnalogyDataset",
    "AnalogyFormat",
    "AnalogySection",
    "Category",
    "OnError",
    "Question",
    "WordPairDataset",
    "parse_analogies",
    "parse_word_pairs",
    "read_analogies",
    "read_word_pairs",
]

logger = logging.getLogger(__name__)

Category = Literal["semantic", "syntactic"]
"""The kind of relation an analogy section tests."""

AnalogyFormat = Literal["auto", "questions-words", "msr"]
"""The layout of an analogy file (see the module documentation)."""

OnError = Literal["raise", "skip"]
"""What to do with a malformed line: raise :class:`~firth.errors.FormatError`, or skip it."""

Question = tuple[str, str, str, str]
"""An analogy question ``(a, b, c, d)``: a is to b as c is to d."""

#: Lines longer than this many bytes mean the file is not a benchmark file.
MAX_LINE_BYTES = 1 << 20

_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that were not valid UTF-8
_POS_TAG_PAIR = re.compile(r"[A-Z][A-Z$]*_[A-Z][A-Z$]*")
_POS_SUFFIX = re.compile(r"(?<=.)-[A-Za-z]$")
_SEPARATORS = (":", "::")
_TEXT_SUFFIXES = (".txt", ".tsv", ".csv", ".tab")
_COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")
_CHOICES_ON_ERROR = ("raise", "skip")
_CHOICES_FORMAT = ("auto", "questions-words", "msr")


# -- datasets ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnalogySection:
    """A named group of analogy questions.

    Parameters
    ----------
    name
        The section's name (``"capital-world"``, ``"gram3-comparative"``, ``"JJ_JJR"``).
    questions
        Questions ``(a, b, c, d)``: a is to b as c is to d (stored as a tuple).
    category
        ``"semantic"``, ``"syntactic"`` or ``None`` (unknown).

    Raises
    ------
    ConfigError
        If a question is not four non-empty strings, or ``category`` is not one of those.
    """

    name: str
    questions: tuple[Question, ...]
    category: Category | None = None

    def __post_init__(self) -> None:
        questions = tuple(tuple(q) for q in self.questions)
        for question in questions:
            if len(question) != 4 or not all(isinstance(w, str) and w for w in question):
                raise ConfigError(
                    f"an analogy question must be four non-empty words (a, b, c, d); "
                    f"got {question!r} in section {self.name!r}."
                )
        if self.category not in (None, "semantic", "syntactic"):
            raise ConfigError(
                f"AnalogySection.category must be 'semantic', 'syntactic' or None; "
                f"got {self.category!r}."
            )
        object.__setattr__(self, "questions", questions)


@dataclass(frozen=True)
class AnalogyDataset:
    """Analogy questions in sections, as read from one file.

    Parameters
    ----------
    name
        The dataset's name (for a file: its name without ``.txt``-like and compression
        suffixes).
    sections
        The sections, in file order (stored as a tuple). Two sections may share a name
        (a file that repeats a header), as in gensim.
    format
        The layout the questions were read from.
    source
        The file, or ``None`` for questions built in memory.
    malformed
        Lines skipped as malformed (``on_error="skip"``).

    Examples
    --------
    >>> data = AnalogyDataset("toy", [AnalogySection("family", [("man", "woman", "king",
    ...                                                          "queen")], "semantic")])
    >>> len(data), data.sections[0].category
    (1, 'semantic')
    """

    name: str
    sections: tuple[AnalogySection, ...]
    format: Literal["questions-words", "msr"] = "questions-words"
    source: str | None = None
    malformed: int = 0

    def __post_init__(self) -> None:
        sections = tuple(self.sections)
        for section in sections:
            if not isinstance(section, AnalogySection):
                raise ConfigError(
                    f"AnalogyDataset.sections must hold AnalogySection objects; "
                    f"got {type(section).__name__}."
                )
        object.__setattr__(self, "sections", sections)

    def __len__(self) -> int:
        """The number of questions."""
        return sum(len(section.questions) for section in self.sections)


@dataclass(frozen=True)
class WordPairDataset:
    """Word pairs with human similarity (or relatedness) scores.

    Parameters
    ----------
    name
        The dataset's name.
    pairs
        The word pairs (stored as a tuple of 2-tuples).
    scores
        The human score of each pair (stored as a tuple of floats).
    source
        The file, or ``None`` for pairs built in memory.
    score_column
        The 0-based column the scores were read from.
    header
        The header line's fields, or ``None`` when the file had none.
    malformed
        Lines skipped as malformed (``on_error="skip"``).

    Raises
    ------
    ConfigError
        If ``pairs`` and ``scores`` differ in length, a pair is not two non-empty strings,
        or a score is not a finite number.

    Examples
    --------
    >>> data = WordPairDataset("toy", [("cat", "dog"), ("cat", "car")], [8.5, 1.0])
    >>> len(data), data.scores
    (2, (8.5, 1.0))
    """

    name: str
    pairs: tuple[tuple[str, str], ...]
    scores: tuple[float, ...]
    source: str | None = None
    score_column: int = 2
    header: tuple[str, ...] | None = None
    malformed: int = field(default=0)

    def __post_init__(self) -> None:
        pairs = tuple(tuple(pair) for pair in self.pairs)
        scores = tuple(float(s) for s in self.scores)
        if len(pairs) != len(scores):
            raise ConfigError(
                f"WordPairDataset needs one score per pair; got {len(pairs)} pairs and "
                f"{len(scores)} scores."
            )
        for pair in pairs:
            if len(pair) != 2 or not all(isinstance(w, str) and w for w in pair):
                raise ConfigError(f"a word pair must be two non-empty words; got {pair!r}.")
        for score in scores:
            if not math.isfinite(score):
                raise ConfigError(f"word-pair scores must be finite numbers; got {score!r}.")
        object.__setattr__(self, "pairs", pairs)
        object.__setattr__(self, "scores", scores)
        if self.header is not None:
            object.__setattr__(self, "header", tuple(self.header))

    def __len__(self) -> int:
        """The number of pairs."""
        return len(self.pairs)


# -- shared helpers ----------------------------------------------------------------------


def _check_on_error(on_error: object) -> None:
    if on_error not in _CHOICES_ON_ERROR:
        raise ConfigError(f"on_error must be 'raise' or 'skip'; got {on_error!r}.")


def dataset_name(path: str | os.PathLike[str]) -> str:
    """The name of the dataset stored in ``path``: the file name without its suffixes.

    Only compression suffixes and ``.txt``, ``.tsv``, ``.csv``, ``.tab`` are removed, so
    ``MEN_dataset_lemma_form.dev`` keeps its ``.dev``.

    Examples
    --------
    >>> dataset_name("data/questions-words.txt.gz"), dataset_name("MEN/MEN.test")
    ('questions-words', 'MEN.test')
    """
    name = os.path.basename(os.fspath(path))
    for suffixes in (_COMPRESSED_SUFFIXES, _TEXT_SUFFIXES):
        for suffix in suffixes:
            if name.lower().endswith(suffix) and len(name) > len(suffix):
                name = name[: -len(suffix)]
                break
    return name


class _Problems:
    """Raises on, or counts, the malformed lines of one file."""

    def __init__(self, where: str, on_error: OnError) -> None:
        self.where = where
        self.on_error = on_error
        self.count = 0
        self.first: tuple[int, str] | None = None

    def report(self, line_no: int, reason: str, line: str) -> None:
        shown = line if len(line) <= 80 else line[:77] + "..."
        message = f"{self.where}, line {line_no}: {reason}; got {shown!r}"
        if self.on_error == "raise":
            raise FormatError(
                f"{message}. Fix or remove the line, or pass on_error='skip' to skip "
                "malformed lines."
            )
        self.count += 1
        if self.first is None or line_no < self.first[0]:
            self.first = (line_no, message)

    def log(self) -> None:
        if self.first is not None:
            logger.warning(
                "skipped %d malformed line(s) in %s (first: %s)",
                self.count,
                self.where,
                self.first[1],
            )


def _read_lines(path: str | os.PathLike[str]) -> list[str]:
    """The lines of a (possibly compressed) text file; bad UTF-8 is kept as escapes."""
    name = os.fspath(path)
    lines: list[str] = []
    try:
        stream, _ = open_binary(name)
        with stream:
            while True:
                raw = stream.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    break
                if len(raw) > MAX_LINE_BYTES:
                    raise FormatError(
                        f"{name}, line {len(lines) + 1}: longer than {MAX_LINE_BYTES} bytes; "
                        "this is not a benchmark file."
                    )
                lines.append(raw.decode("utf-8", errors="surrogateescape"))
    except (OSError, EOFError, zlib.error, lzma.LZMAError) as error:
        detail = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise FormatError(f"cannot read {name}: {detail}.") from None
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return lines


def _data_lines(lines: Iterable[str], problems: _Problems) -> list[tuple[int, str]]:
    """Numbered lines that are neither blank nor ``#`` comments nor undecodable.

    Only the line end is removed: a leading tab may be an empty first field.
    """
    kept: list[tuple[int, str]] = []
    for line_no, raw in enumerate(lines, start=1):
        if not isinstance(raw, str):
            raise TypeError(f"lines must be str; got {type(raw).__name__} at line {line_no}.")
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _ESCAPED.search(line):
            problems.report(line_no, "the line is not valid UTF-8", stripped)
            continue
        kept.append((line_no, line))
    return kept


# -- analogies ---------------------------------------------------------------------------


def _category(section: str) -> Category:
    return "syntactic" if section.lower().startswith("gram") else "semantic"


def parse_analogies(
    lines: Iterable[str],
    *,
    name: str = "analogies",
    format: AnalogyFormat = "auto",
    on_error: OnError = "raise",
    source: str | None = None,
) -> AnalogyDataset:
    """Parse analogy questions from lines of text (see the module documentation).

    Parameters
    ----------
    lines
        The lines (with or without their line ends).
    name
        The dataset's name; MSR questions without a tag form a section of that name.
    format
        ``"questions-words"``, ``"msr"``, or ``"auto"``: questions-words when the first
        line that is not blank or a ``#`` comment starts with ``:``.
    on_error
        ``"raise"`` a :class:`~firth.errors.FormatError` on the first malformed line, or
        ``"skip"`` malformed lines and count them.
    source
        Where the lines come from, for messages and the dataset's ``source``.

    Returns
    -------
    AnalogyDataset

    Raises
    ------
    FormatError
        On a malformed line (``on_error="raise"``), or when no question is found.
    ConfigError
        If ``format`` or ``on_error`` is not one of the choices.

    Examples
    --------
    >>> data = parse_analogies([": capital-world", "Athens Greece Oslo Norway",
    ...                         ": gram2-opposite", "aware unaware clear unclear"])
    >>> [(s.name, s.category, len(s.questions)) for s in data.sections]
    [('capital-world', 'semantic', 1), ('gram2-opposite', 'syntactic', 1)]
    >>> msr = parse_analogies(["good better rough JJ_JJR rougher", "a b c : d"], name="msr")
    >>> msr.format
    'msr'
    >>> [(s.name, s.questions) for s in msr.sections]  # doctest: +NORMALIZE_WHITESPACE
    [('JJ_JJR', (('good', 'better', 'rough', 'rougher'),)),
     ('msr', (('a', 'b', 'c', 'd'),))]
    """
    if format not in _CHOICES_FORMAT:
        raise ConfigError(
            f"format must be one of {', '.join(repr(c) for c in _CHOICES_FORMAT)}; got {format!r}."
        )
    _check_on_error(on_error)
    where = source if source is not None else name
    problems = _Problems(where, on_error)
    data = [(line_no, line.strip()) for line_no, line in _data_lines(lines, problems)]
    layout: Literal["questions-words", "msr"]
    if format == "auto":
        layout = "questions-words" if data and data[0][1].startswith(":") else "msr"
    else:
        layout = format
    sections: list[tuple[str, list[Question]]] = []
    if layout == "questions-words":
        for line_no, line in data:
            if line.startswith(":"):
                title = line[1:].strip()
                if not title:
                    problems.report(line_no, "a section header needs a name (': name')", line)
                    continue
                sections.append((title, []))
                continue
            tokens = line.split()
            if not sections:
                problems.report(
                    line_no,
                    "a question before the first ': section' header (use format='msr' "
                    "for a file without sections)",
                    line,
                )
            elif len(tokens) != 4:
                problems.report(
                    line_no, f"a question needs 4 words 'a b c d', not {len(tokens)}", line
                )
            else:
                sections[-1][1].append((tokens[0], tokens[1], tokens[2], tokens[3]))
        built = tuple(AnalogySection(t, tuple(qs), _category(t)) for t, qs in sections)
    else:
        by_name: dict[str, list[Question]] = {}
        for line_no, line in data:
            tokens = line.split()
            if len(tokens) == 4:
                by_name.setdefault(name, []).append((tokens[0], tokens[1], tokens[2], tokens[3]))
            elif len(tokens) == 5 and (
                tokens[3] in _SEPARATORS or _POS_TAG_PAIR.fullmatch(tokens[3])
            ):
                section = name if tokens[3] in _SEPARATORS else tokens[3]
                by_name.setdefault(section, []).append((tokens[0], tokens[1], tokens[2], tokens[4]))
            else:
                problems.report(
                    line_no,
                    "an MSR question is 'a b c d', 'a b c : d' or 'a b c TAG_TAG d'",
                    line,
                )
        built = tuple(AnalogySection(t, tuple(qs), None) for t, qs in by_name.items())
    problems.log()
    if not any(section.questions for section in built):
        raise FormatError(
            f"{where}: no analogy question found (expected 'a b c d' lines"
            f"{', after : section headers' if layout == 'questions-words' else ''})."
        )
    return AnalogyDataset(name, built, layout, source, problems.count)


def read_analogies(
    path: str | os.PathLike[str],
    *,
    format: AnalogyFormat = "auto",
    on_error: OnError = "raise",
) -> AnalogyDataset:
    """Read an analogy file (questions-words or MSR; see the module documentation).

    The file is UTF-8 (a byte-order mark is ignored), possibly gzip, bzip2 or xz
    compressed. The dataset is named after the file (:func:`dataset_name`).

    Parameters
    ----------
    path
        The file.
    format, on_error
        As in :func:`parse_analogies`.

    Returns
    -------
    AnalogyDataset

    Raises
    ------
    FormatError
        If the file cannot be read, holds no question, or (``on_error="raise"``) has a
        malformed line; the message names the file and the line.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "questions-words.txt")
    ...     with open(path, "w") as f:
    ...         _ = f.write(": family\\nboy girl brother sister\\n")
    ...     data = read_analogies(path)
    >>> data.name, data.format, data.sections[0].questions
    ('questions-words', 'questions-words', (('boy', 'girl', 'brother', 'sister'),))
    """
    name = os.fspath(path)
    return parse_analogies(
        _read_lines(name),
        name=dataset_name(name),
        format=format,
        on_error=on_error,
        source=name,
    )


# -- word pairs --------------------------------------------------------------------------


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _first_number(fields: Sequence[str]) -> int | None:
    for column in range(2, len(fields)):
        if _number(fields[column]) is not None:
            return column
    return None


def _sniff_delimiter(line: str) -> str | None:
    for candidate in ("\t", ",", ";"):
        if candidate in line:
            return candidate
    return None


def _split(line: str, delimiter: str | None) -> list[str]:
    if delimiter is None:
        return line.split()
    fields = [f.strip() for f in line.split(delimiter)]
    while fields and not fields[-1]:
        fields.pop()
    return fields


def parse_word_pairs(
    lines: Iterable[str],
    *,
    name: str = "pairs",
    delimiter: str | None = None,
    score_column: int | str | None = None,
    strip_pos: bool = False,
    on_error: OnError = "raise",
    source: str | None = None,
) -> WordPairDataset:
    """Parse word pairs and their human scores from lines of text.

    Parameters
    ----------
    lines
        The lines (with or without their line ends).
    name
        The dataset's name.
    delimiter
        The field separator; ``None`` (default) to sniff it from the first data line
        (tab, else comma, else semicolon, else runs of whitespace). A delimiter made of
        whitespace other than a tab means runs of whitespace.
    score_column
        ``None`` (default) to detect it (the first numeric field after the two words),
        a 0-based column index (``>= 2``; SimLex-999.txt's ``SimLex999`` is column 3), or
        the name of a header field (case-insensitive), which requires a header line.
    strip_pos
        Remove a part-of-speech suffix (a final ``-`` and one letter, as in MEN's
        ``car-n``) from both words.
    on_error
        ``"raise"`` a :class:`~firth.errors.FormatError` on the first malformed line, or
        ``"skip"`` malformed lines and count them.
    source
        Where the lines come from, for messages and the dataset's ``source``.

    Returns
    -------
    WordPairDataset

    Raises
    ------
    FormatError
        On a malformed line (``on_error="raise"``), a ``score_column`` name missing from
        the header, or when no pair is found.
    ConfigError
        If an option has an invalid value.

    Examples
    --------
    >>> simlex = parse_word_pairs(["word1\\tword2\\tPOS\\tSimLex999\\tconc(w1)",
    ...                            "old\\tnew\\tA\\t1.58\\t2.72",
    ...                            "smart\\tintelligent\\tA\\t9.2\\t1.75"])
    >>> simlex.pairs, simlex.scores, simlex.score_column, simlex.header[3]
    ((('old', 'new'), ('smart', 'intelligent')), (1.58, 9.2), 3, 'SimLex999')
    >>> men = parse_word_pairs(["sun-n sunlight-n 50.000000"], strip_pos=True)
    >>> men.pairs, men.scores
    ((('sun', 'sunlight'),), (50.0,))
    """
    _check_on_error(on_error)
    if delimiter is not None and (not isinstance(delimiter, str) or not delimiter):
        raise ConfigError(f"delimiter must be a non-empty string or None; got {delimiter!r}.")
    bad_index = isinstance(score_column, bool) or (
        not isinstance(score_column, (str, int))
        or (isinstance(score_column, int) and score_column < 2)
    )
    if score_column is not None and bad_index:
        raise ConfigError(
            "score_column must be None (detect), a column index >= 2 (columns 0 and 1 "
            f"are the words) or a header name; got {score_column!r}."
        )
    if not isinstance(strip_pos, bool):
        raise ConfigError(f"strip_pos must be True or False; got {strip_pos!r}.")
    where = source if source is not None else name
    problems = _Problems(where, on_error)
    data = _data_lines(lines, problems)
    if not data:
        raise FormatError(f"{where}: no word pair found (expected 'word1 word2 score' lines).")

    if delimiter is None:
        sep = _sniff_delimiter(data[0][1])
    else:
        sep = None if delimiter.isspace() and delimiter != "\t" else delimiter
    rows = [(line_no, line, _split(line, sep)) for line_no, line in data]

    header: tuple[str, ...] | None = None
    column: int | None = None
    first = rows[0][2]
    # The first line is a header if it has no number after the words, or no number where
    # the second line has its first one (a SimLex/SimVerb POS column is not a header).
    following = _first_number(rows[1][2]) if len(rows) > 1 else None
    looks_like_header = len(first) >= 3 and (
        _first_number(first) is None
        or (following is not None and len(first) > following and _number(first[following]) is None)
    )
    if isinstance(score_column, str):
        wanted = score_column.strip().lower()
        names = [f.strip().lower() for f in first]
        if wanted not in names[2:]:
            raise FormatError(
                f"{where}, line {rows[0][0]}: score_column={score_column!r} is not a field "
                f"of the header {tuple(first)!r} (after the two words)."
            )
        header, column = tuple(first), names.index(wanted, 2)
        rows = rows[1:]
    elif isinstance(score_column, int):
        column = score_column
        if looks_like_header or (len(first) > column and _number(first[column]) is None):
            header = tuple(first)
            rows = rows[1:]
    else:
        if looks_like_header:
            header = tuple(first)
            rows = rows[1:]
        for _, _, fields in rows:
            column = _first_number(fields)
            if column is not None:
                break
        if column is None:
            for line_no, line, _ in rows:
                problems.report(line_no, "no score (a number after the two words)", line)
            rows = []

    column = 2 if column is None else column  # no rows are left when none was found
    pairs: list[tuple[str, str]] = []
    scores: list[float] = []
    for line_no, line, fields in rows:
        if len(fields) <= column:
            problems.report(
                line_no,
                f"expected two words and a score in column {column} (0-based), found "
                f"{len(fields)} field(s)",
                line,
            )
            continue
        score = _number(fields[column])
        if score is None:
            problems.report(line_no, f"column {column} is not a finite number", line)
            continue
        first_word, second_word = fields[0], fields[1]
        if strip_pos:
            first_word = _POS_SUFFIX.sub("", first_word)
            second_word = _POS_SUFFIX.sub("", second_word)
        if not first_word or not second_word:
            problems.report(line_no, "a word is empty", line)
            continue
        pairs.append((first_word, second_word))
        scores.append(score)
    problems.log()
    if not pairs:
        raise FormatError(f"{where}: no word pair found (expected 'word1 word2 score' lines).")
    return WordPairDataset(
        name,
        tuple(pairs),
        tuple(scores),
        source,
        column,
        header,
        problems.count,
    )


def read_word_pairs(
    path: str | os.PathLike[str],
    *,
    delimiter: str | None = None,
    score_column: int | str | None = None,
    strip_pos: bool = False,
    on_error: OnError = "raise",
) -> WordPairDataset:
    """Read a word-similarity file (see the module documentation for the layouts).

    The file is UTF-8 (a byte-order mark is ignored), possibly gzip, bzip2 or xz
    compressed. The dataset is named after the file (:func:`dataset_name`).

    Parameters
    ----------
    path
        The file.
    delimiter, score_column, strip_pos, on_error
        As in :func:`parse_word_pairs`.

    Returns
    -------
    WordPairDataset

    Raises
    ------
    FormatError
        If the file cannot be read, holds no pair, or (``on_error="raise"``) has a
        malformed line; the message names the file and the line.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "wordsim353.tsv")
    ...     with open(path, "w") as f:
    ...         _ = f.write("# Word 1\\tWord 2\\tHuman (mean)\\nlove\\tsex\\t6.77\\n")
    ...     data = read_word_pairs(path)
    >>> data.name, data.pairs, data.scores
    ('wordsim353', (('love', 'sex'),), (6.77,))
    """
    name = os.fspath(path)
    return parse_word_pairs(
        _read_lines(name),
        name=dataset_name(name),
        delimiter=delimiter,
        score_column=score_column,
        strip_pos=strip_pos,
        on_error=on_error,
        source=name,
    )
