"""The evaluation suite: several benchmarks in one call, one report, tables for people."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from firth.embeddings import Embeddings
from firth.errors import ConfigError
from firth.evaluate._lookup import VocabView
from firth.evaluate.analogy import (
    COSMUL_EPSILON,
    AnalogyResult,
    Method,
    SectionScore,
    as_analogy_dataset,
    check_method,
    score_dataset,
)
from firth.evaluate.datasets import AnalogyDataset, WordPairDataset
from firth.evaluate.similarity import SimilarityResult, as_pair_dataset, score_pairs

__all__ = ["EvaluationReport", "ReportTable", "evaluate"]

_T = TypeVar("_T")


@dataclass(frozen=True)
class ReportTable:
    """A table of a report, ready to draw (text, Markdown, a terminal).

    Parameters
    ----------
    title
        What the table shows.
    columns
        Column headings.
    rows
        Cells, already formatted.
    numeric
        For each column, whether it holds numbers (drawn right-aligned).
    summary_rows
        How many of the last rows sum up the others (semantic, syntactic, total).
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    summary_rows: int = 0


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f}"


def _coefficient(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def _section_row(score: SectionScore, label: str | None = None) -> tuple[str, ...]:
    return (
        label if label is not None else score.name,
        str(score.correct),
        str(score.attempted),
        str(score.oov),
        _percent(score.accuracy),
    )


@dataclass(frozen=True)
class EvaluationReport:
    """Results of :func:`evaluate`: analogy and similarity benchmarks on one model.

    Parameters
    ----------
    analogies
        One result per analogy file and method (files in order, methods within a file).
    similarity
        One result per word-pair file.
    methods
        The analogy methods used.
    restrict
        The ``restrict`` asked for (``None``: every word).
    case_insensitive
        Whether words were compared up to case.
    vocab_size
        The number of words of the model.
    """

    analogies: tuple[AnalogyResult, ...]
    similarity: tuple[SimilarityResult, ...]
    methods: tuple[Method, ...]
    restrict: int | None
    case_insensitive: bool
    vocab_size: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (``json.dumps`` accepts it; no NaN, accuracy ``None``
        when undefined)."""
        return {
            "vocab_size": self.vocab_size,
            "restrict": self.restrict,
            "case_insensitive": self.case_insensitive,
            "methods": list(self.methods),
            "analogies": [r.to_dict() for r in self.analogies],
            "similarity": [r.to_dict() for r in self.similarity],
        }

    def tables(self) -> list[ReportTable]:
        """The report as tables: one per analogy result, one for every similarity result.

        Accuracies are percentages; ``-`` marks an undefined value (no question attempted,
        a correlation over fewer than two pairs).
        """
        tables = []
        for result in self.analogies:
            rows = [_section_row(s) for s in result.sections]
            summaries = [s for s in (result.semantic, result.syntactic) if s is not None]
            summaries.append(result.total)
            rows.extend(_section_row(s, f"[{s.name}]") for s in summaries)
            tables.append(
                ReportTable(
                    title=f"{result.dataset}: analogies, {result.method}",
                    columns=("section", "correct", "attempted", "oov", "accuracy %"),
                    rows=tuple(rows),
                    numeric=(False, True, True, True, True),
                    summary_rows=len(summaries),
                )
            )
        if self.similarity:
            tables.append(
                ReportTable(
                    title="word similarity",
                    columns=("dataset", "pairs", "oov", "pearson", "spearman"),
                    rows=tuple(
                        (
                            r.dataset,
                            str(r.pairs),
                            str(r.oov),
                            _coefficient(r.pearson),
                            _coefficient(r.spearman),
                        )
                        for r in self.similarity
                    ),
                    numeric=(False, True, True, True, True),
                )
            )
        return tables

    def caption(self) -> str:
        """One line on the vocabulary used: its size, ``restrict``, case handling."""
        words = f"{self.vocab_size:,} words"
        if self.restrict is not None and self.restrict < self.vocab_size:
            words += f", restricted to the {self.restrict:,} most frequent"
        case = "case-insensitive" if self.case_insensitive else "case-sensitive"
        return f"{words}; {case}"

    def to_markdown(self) -> str:
        """The report as Markdown tables (GitHub style).

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> from firth.evaluate import WordPairDataset
        >>> emb = Embeddings(Vocab(["a", "b", "c"]), [[1, 0], [1, 1], [0, 1]])
        >>> pairs = WordPairDataset("toy", [("a", "b"), ("a", "c"), ("b", "c")], [9, 1, 8])
        >>> print(evaluate(emb, similarity=[pairs]).to_markdown())
        3 words; case-insensitive
        <BLANKLINE>
        ### word similarity
        <BLANKLINE>
        | dataset | pairs | oov | pearson | spearman |
        | :-- | --: | --: | --: | --: |
        | toy | 3 | 0 | 0.9934 | 0.8660 |
        """
        parts = [self.caption()]
        for table in self.tables():
            lines = [f"### {table.title}", ""]
            lines.append("| " + " | ".join(_escape(c) for c in table.columns) + " |")
            lines.append("| " + " | ".join("--:" if n else ":--" for n in table.numeric) + " |")
            lines.extend("| " + " | ".join(_escape(c) for c in row) + " |" for row in table.rows)
            parts.append("\n".join(lines))
        return "\n\n".join(parts)

    def to_text(self) -> str:
        """The report as plain-text tables with aligned columns.

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> from firth.evaluate import parse_analogies
        >>> emb = Embeddings(Vocab(["man", "woman", "king", "queen"]),
        ...                  [[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1]])
        >>> data = parse_analogies([": family", "man woman king queen", "he she king queen"],
        ...                        name="toy")
        >>> print(evaluate(emb, [data]).to_text())
        4 words; case-insensitive
        <BLANKLINE>
        toy: analogies, 3cosadd
        section     correct  attempted  oov  accuracy %
        family            1          1    1      100.00
        [semantic]        1          1    1      100.00
        [total]           1          1    1      100.00
        """
        parts = [self.caption()]
        for table in self.tables():
            grid = [table.columns, *table.rows]
            widths = [max(len(row[i]) for row in grid) for i in range(len(table.columns))]
            lines = [table.title]
            for row in grid:
                cells = [
                    cell.rjust(width) if numeric else cell.ljust(width)
                    for cell, width, numeric in zip(row, widths, table.numeric, strict=True)
                ]
                lines.append("  ".join(cells).rstrip())
            parts.append("\n".join(lines))
        return "\n\n".join(parts)


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|")


def _as_list(items: object, what: str, single: tuple[type, ...]) -> list[Any]:
    """``items`` as a list, a lone path or dataset counting as one item."""
    if isinstance(items, single):
        return [items]
    if isinstance(items, Iterable):
        return list(items)
    raise TypeError(f"{what} must be a list of files or datasets; got {type(items).__name__}.")


def _unique(items: Iterable[_T]) -> tuple[_T, ...]:
    return tuple(dict.fromkeys(items))


def evaluate(
    emb: Embeddings,
    analogies: Sequence[AnalogyDataset | str | os.PathLike[str]] = (),
    similarity: Sequence[WordPairDataset | str | os.PathLike[str]] = (),
    *,
    restrict: int | None = None,
    methods: Sequence[Method] = ("3cosadd",),
    case_insensitive: bool = True,
) -> EvaluationReport:
    """Run analogy and word-similarity benchmarks and gather the results in one report.

    Every file is read before any is scored, so a malformed file fails fast. The
    protocols are those of :func:`~firth.evaluate.evaluate_analogies` and
    :func:`~firth.evaluate.evaluate_similarity` (gensim's), with the same options for
    every benchmark.

    Parameters
    ----------
    emb
        The embeddings.
    analogies
        Analogy files (questions-words or MSR, detected) or
        :class:`~firth.evaluate.AnalogyDataset` objects.
    similarity
        Word-pair files (layout detected) or :class:`~firth.evaluate.WordPairDataset`
        objects. To choose a score column or strip part-of-speech suffixes, read the file
        with :func:`~firth.evaluate.read_word_pairs` and pass the dataset.
    restrict
        Limit questions, answers and pairs to this many most frequent words
        (``None``: all).
    methods
        Analogy methods, among ``"3cosadd"`` and ``"3cosmul"``; each analogy file is
        scored with each.
    case_insensitive
        Compare words up to case, as gensim does by default.

    Returns
    -------
    EvaluationReport

    Raises
    ------
    ConfigError
        If an option is invalid or there is nothing to evaluate.
    FormatError
        If a file cannot be read or is malformed.

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> from firth.evaluate import parse_analogies
    >>> emb = Embeddings(Vocab(["man", "woman", "king", "queen"]),
    ...                  [[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1]])
    >>> data = parse_analogies([": family", "man woman king queen"], name="toy")
    >>> report = evaluate(emb, [data], methods=["3cosadd", "3cosmul"])
    >>> [(r.method, r.accuracy) for r in report.analogies]
    [('3cosadd', 1.0), ('3cosmul', 1.0)]
    >>> report.to_dict()["analogies"][0]["total"]["correct"]
    1
    """
    analogy_sets = [
        as_analogy_dataset(item)
        for item in _as_list(analogies, "analogies", (str, os.PathLike, AnalogyDataset))
    ]
    pair_sets = [
        as_pair_dataset(item)
        for item in _as_list(similarity, "similarity", (str, os.PathLike, WordPairDataset))
    ]
    chosen = _unique(check_method(m) for m in _as_list(methods, "methods", (str,)))
    if not chosen:
        raise ConfigError("methods must name at least one of '3cosadd', '3cosmul'; got none.")
    if not analogy_sets and not pair_sets:
        raise ConfigError(
            "nothing to evaluate: pass analogy files (analogies=[...]) and/or word-pair "
            "files (similarity=[...])."
        )
    view = VocabView(emb, restrict, case_insensitive)
    analogy_results: list[AnalogyResult] = []
    for dataset in analogy_sets:
        analogy_results.extend(score_dataset(view, dataset, chosen, epsilon=COSMUL_EPSILON))
    pair_results = [score_pairs(view, dataset) for dataset in pair_sets]
    return EvaluationReport(
        analogies=tuple(analogy_results),
        similarity=tuple(pair_results),
        methods=chosen,
        restrict=view.restrict,
        case_insensitive=view.case_insensitive,
        vocab_size=len(emb),
    )
