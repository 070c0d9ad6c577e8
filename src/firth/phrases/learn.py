"""Learn phrases from a corpus: count, score, keep those above the threshold, repeat."""

from __future__ import annotations

import logging
import time

import numpy as np

from firth.config.phrases import PhrasesConfig
from firth.corpus import Corpus, CorpusSource
from firth.errors import ConfigError, CorpusError, EmptyCorpusError
from firth.phrases._count import BigramCounter, Counts, blocks
from firth.phrases.model import PassStats, Phrase, Phrases
from firth.phrases.scoring import default_scores, npmi_scores

__all__ = ["learn_phrases", "select_phrases"]

logger = logging.getLogger(__name__)


def learn_phrases(corpus: Corpus | CorpusSource, config: PhrasesConfig | None = None) -> Phrases:
    """Find the phrases of a corpus (word2phrase; gensim's ``Phrases``).

    Each pass streams the corpus once, counts its words and bigram candidates (pairs of
    words within a sentence, with only connector words between them), scores every
    candidate and keeps those scoring above the threshold. Pass ``k`` reads the corpus
    with the phrases of passes ``1..k-1`` already joined, so it can build longer phrases.
    The corpus is never held in memory; the counts are.

    Parameters
    ----------
    corpus
        A :class:`~firth.corpus.Corpus`, or anything it accepts: a file (compressed or
        not), a folder, a list of paths, or an iterable of token lists (a one-shot
        generator only with ``passes=1``).
    config
        The options; ``None`` uses :class:`~firth.config.phrases.PhrasesConfig`'s
        defaults.

    Returns
    -------
    Phrases
        The phrases of every pass, with their scores and counts.

    Raises
    ------
    EmptyCorpusError
        If the corpus holds no token.
    CorpusError
        If the corpus cannot be read, or is a one-shot generator and ``passes > 1``.
    ConfigError
        If ``config`` is not a :class:`~firth.config.phrases.PhrasesConfig`.

    Notes
    -----
    Counts and scores match gensim 4's ``Phrases`` with the same options (the tests
    check this), with two deliberate differences: candidates are counted as word tuples,
    so a token that already holds the delimiter (``new_york`` in the text) is never
    confused with the candidate ``new york``; and ``max_vocab_size`` is checked after
    every block of about a million tokens rather than after every sentence, and is
    ``None`` (exact counts) by default where gensim prunes above 40 million entries.

    Examples
    --------
    >>> sentences = [[f"w{i}", "new", "york", f"w{i + 1}"] for i in range(30)]
    >>> model = learn_phrases(sentences, PhrasesConfig(min_count=1, threshold=1.0))
    >>> [(p.text, p.count, round(p.score, 3)) for p in model.phrases]
    [('new_york', 30, 3.029)]
    >>> model.transform(["we", "love", "new", "york"])
    ['we', 'love', 'new_york']
    """
    if config is None:
        config = PhrasesConfig()
    elif not isinstance(config, PhrasesConfig):
        raise ConfigError(
            f"config must be a PhrasesConfig; got {type(config).__name__}. Build one with "
            "firth.config.phrases.PhrasesConfig(...)."
        )
    if not isinstance(corpus, Corpus):
        corpus = Corpus(corpus)
    if config.passes > 1 and not corpus.reiterable:
        raise CorpusError(
            f"passes={config.passes} reads the corpus {config.passes} times, but "
            f"{corpus.describe()} can be read only once; pass a list of token lists, a file "
            "or a folder, or use passes=1."
        )
    model = Phrases(config, [], [])
    for number in range(1, config.passes + 1):
        started = time.perf_counter()
        counter = BigramCounter(config.connector_set, max_vocab_size=config.max_vocab_size)
        sentences = corpus.sentences() if number == 1 else iter(model.apply(corpus))
        for block in blocks(sentences):
            counter.add(block)
        counts = counter.result()
        if counts.corpus_words == 0:
            raise EmptyCorpusError(f"{corpus.describe()} holds no tokens; nothing to learn.")
        found, stats = select_phrases(counts, config, number)
        model = Phrases(config, [*model.phrases, *found], [*model.stats, stats])
        logger.info(
            "phrases pass %d: %d words, %d candidates, %d phrases in %.2f s",
            number,
            stats.corpus_words,
            stats.candidates,
            stats.phrases,
            time.perf_counter() - started,
        )
    return model


def select_phrases(
    counts: Counts, config: PhrasesConfig, pass_number: int
) -> tuple[list[Phrase], PassStats]:
    """Score every candidate of ``counts`` and keep those above the threshold."""
    count_a = counts.unigrams[counts.first]
    count_b = counts.unigrams[counts.last]
    if config.scoring == "npmi":
        scores = npmi_scores(
            count_a,
            count_b,
            counts.counts,
            min_count=config.min_count,
            corpus_words=counts.corpus_words,
        )
    else:
        scores = default_scores(
            count_a,
            count_b,
            counts.counts,
            min_count=config.min_count,
            vocab_size=counts.vocab_size,
        )
    chosen = np.flatnonzero(scores > config.effective_threshold)
    words, delimiter = counts.words, config.delimiter
    found = []
    for i, score, count in zip(
        chosen.tolist(), scores[chosen].tolist(), counts.counts[chosen].tolist(), strict=True
    ):
        parts = tuple(words[j] for j in counts.candidate_ids(i))
        found.append(Phrase(delimiter.join(parts), parts, score, count, pass_number))
    stats = PassStats(
        corpus_words=counts.corpus_words,
        vocab_size=counts.vocab_size,
        candidates=len(counts.counts),
        phrases=len(found),
        pruned=counts.pruned,
    )
    return found, stats
