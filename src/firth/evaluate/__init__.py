"""Evaluation on the standard benchmarks: word analogies and word similarity.

* Analogies (Google's ``questions-words.txt``, the MSR set): per-section, semantic,
  syntactic and total accuracy with 3CosAdd or 3CosMul, questions with unknown words
  counted and skipped — :func:`evaluate_analogies`.
* Word similarity (WS-353, SimLex-999, MEN, RG-65, MTurk, YP-130, VERB-143, …): Pearson
  and Spearman correlations with human scores, unknown pairs counted and dropped —
  :func:`evaluate_similarity`.
* Both at once, with one report that renders as JSON, Markdown or text —
  :func:`evaluate`.

The protocols are gensim's (``evaluate_word_analogies``, ``evaluate_word_pairs``):
``restrict`` to the most frequent words, case-insensitive matching through the most
frequent spelling of each word, inputs excluded from the answers. File layouts and the
reading rules are described in :mod:`firth.evaluate.datasets`, the analogy protocol in
:mod:`firth.evaluate.analogy` and the similarity one in :mod:`firth.evaluate.similarity`.

Examples
--------
>>> from firth import Embeddings, Vocab
>>> from firth.evaluate import evaluate, parse_analogies, parse_word_pairs
>>> emb = Embeddings(Vocab(["man", "woman", "king", "queen", "apple"]),
...                  [[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1], [-1, 0, 0]])
>>> questions = parse_analogies([": family", "man woman king queen", "man woman boy girl"])
>>> pairs = parse_word_pairs(["king\\tqueen\\t8", "king\\tapple\\t1", "man\\twoman\\t6"])
>>> report = evaluate(emb, [questions], [pairs])
>>> family = report.analogies[0].sections[0]
>>> family.correct, family.attempted, family.oov
(1, 1, 1)
>>> round(report.similarity[0].spearman, 3)
1.0
"""

from __future__ import annotations

from firth.evaluate.analogy import (
    METHODS,
    AnalogyResult,
    Method,
    SectionScore,
    evaluate_analogies,
)
from firth.evaluate.datasets import (
    AnalogyDataset,
    AnalogyFormat,
    AnalogySection,
    Category,
    OnError,
    Question,
    WordPairDataset,
    dataset_name,
    parse_analogies,
    parse_word_pairs,
    read_analogies,
    read_word_pairs,
)
from firth.evaluate.report import EvaluationReport, ReportTable, evaluate
from firth.evaluate.similarity import SimilarityResult, evaluate_similarity

__all__ = [
    "METHODS",
    "AnalogyDataset",
    "AnalogyFormat",
    "AnalogyResult",
    "AnalogySection",
    "Category",
    "EvaluationReport",
    "Method",
    "OnError",
    "Question",
    "ReportTable",
    "SectionScore",
    "SimilarityResult",
    "WordPairDataset",
    "dataset_name",
    "evaluate",
    "evaluate_analogies",
    "evaluate_similarity",
    "parse_analogies",
    "parse_word_pairs",
    "read_analogies",
    "read_word_pairs",
]
