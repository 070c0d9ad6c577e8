"""Learned phrases and how they rewrite sentences.

:class:`Phrases` holds the phrases found by :func:`~firth.phrases.learn_phrases`, one
layer per pass, and joins them in token lists: :meth:`Phrases.transform` rewrites one
sentence, :meth:`Phrases.apply` a whole corpus as a stream (:class:`PhrasedCorpus`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from firth.config.phrases import PhrasesConfig
from firth.corpus import Corpus, CorpusSource
from firth.errors import ConfigError, CorpusError

__all__ = ["PassStats", "Phrase", "PhrasedCorpus", "Phrases"]

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class Phrase:
    """One detected phrase.

    Attributes
    ----------
    text
        The token that replaces it: ``words`` joined by the delimiter (``"new_york"``).
    words
        The tokens it joins, connector words included (``("bank", "of", "america")``).
        Tokens of a later pass may be phrases of an earlier one (``("new_york",
        "times")``).
    score
        Its score under the configured scoring.
    count
        How many times its words were seen together in the pass that found it.
    pass_number
        The pass that found it (1 for the first).
    """

    text: str
    words: tuple[str, ...]
    score: float
    count: int
    pass_number: int


@dataclass(frozen=True)
class PassStats:
    """What one pass over the corpus counted.

    Attributes
    ----------
    corpus_words
        Tokens read (connector words included; after the joins of earlier passes).
    vocab_size
        Distinct unigrams (connector words excepted) plus distinct bigram candidates:
        the ``vocab_size`` of the default scorer.
    candidates
        Distinct bigram candidates.
    phrases
        Candidates scoring above the threshold.
    pruned
        Whether ``max_vocab_size`` pruned the counts (rare counts are then approximate).
    """

    corpus_words: int
    vocab_size: int
    candidates: int
    phrases: int
    pruned: bool


class Phrases:
    """Phrases found in a corpus, ready to join in token lists.

    Build one with :func:`~firth.phrases.learn_phrases` or :meth:`load`; the constructor
    only checks and stores.

    Parameters
    ----------
    config
        The options the phrases were learned with (``connector_words`` and ``delimiter``
        matter for joining).
    phrases
        The phrases of every pass, in any order.
    stats
        One :class:`PassStats` per pass; its length is the number of passes.

    Raises
    ------
    ConfigError
        If a phrase's ``pass_number`` is not a pass of ``stats``, it joins fewer than two
        words, or its ``text`` is not its words joined by the delimiter.

    Examples
    --------
    >>> from firth.phrases import learn_phrases
    >>> sentences = [[f"w{i}", "new", "york", f"w{i + 1}"] for i in range(30)]
    >>> model = learn_phrases(sentences, PhrasesConfig(min_count=1, threshold=1.0))
    >>> model
    Phrases(1 phrase in 1 pass, scoring='default', threshold=1.0)
    >>> model.transform(["new", "york", "rocks"])
    ['new_york', 'rocks']
    >>> "new_york" in model, ("new", "york") in model, len(model)
    (True, True, 1)
    """

    def __init__(
        self, config: PhrasesConfig, phrases: Sequence[Phrase], stats: Sequence[PassStats]
    ) -> None:
        if not isinstance(config, PhrasesConfig):
            raise ConfigError(f"config must be a PhrasesConfig; got {type(config).__name__}.")
        layers: list[dict[tuple[str, ...], str]] = [{} for _ in stats]
        for phrase in phrases:
            _check_phrase(phrase, config.delimiter, len(stats))
            layers[phrase.pass_number - 1][phrase.words] = phrase.text
        self._config = config
        self._stats = list(stats)
        self._phrases = sorted(phrases, key=lambda p: (-p.score, p.text, p.pass_number))
        self._layers = layers
        self._texts = {phrase.text for phrase in phrases}
        self._firsts = [{words[0] for words in layer} for layer in layers]
        self._connectors = config.connector_set

    @property
    def config(self) -> PhrasesConfig:
        """The options the phrases were learned with."""
        return self._config

    @property
    def phrases(self) -> list[Phrase]:
        """Every phrase, best score first (ties by text)."""
        return list(self._phrases)

    @property
    def stats(self) -> list[PassStats]:
        """What each pass counted."""
        return list(self._stats)

    def transform(self, tokens: Sequence[str]) -> list[str]:
        """Join the phrases in one sentence, pass after pass.

        Each pass scans left to right and joins a candidate as soon as it is a phrase
        (gensim's greedy rule): in ``a b c`` with both ``a b`` and ``b c`` phrases, only
        ``a_b`` is formed. Connector words join only when they sit inside a phrase.

        Parameters
        ----------
        tokens
            The tokens of one sentence.

        Returns
        -------
        list of str
            The tokens with every phrase joined into one.

        Raises
        ------
        CorpusError
            If ``tokens`` is a single string rather than a sequence of tokens.

        Examples
        --------
        See :class:`Phrases`.
        """
        if isinstance(tokens, (str, bytes)):
            raise CorpusError(
                f"transform takes the tokens of one sentence, not a {type(tokens).__name__} "
                f"({tokens!r:.40}); split it first, e.g. text.split()."
            )
        return self._transform(list(tokens))

    def apply(self, corpus: Corpus | CorpusSource) -> PhrasedCorpus:
        """The sentences of ``corpus`` with phrases joined, as a lazy stream.

        Parameters
        ----------
        corpus
            A :class:`~firth.corpus.Corpus` or anything it accepts (files, a folder, an
            iterable of token lists).

        Returns
        -------
        PhrasedCorpus
            Re-iterable (each iteration reads the corpus again) unless the corpus is a
            one-shot generator; pass it to :func:`firth.train` or
            :func:`firth.encode_corpus` as it is, or write it with
            :meth:`PhrasedCorpus.write`.

        Examples
        --------
        >>> model = Phrases(PhrasesConfig(), [Phrase("a_b", ("a", "b"), 99.0, 9, 1)],
        ...                 [PassStats(30, 12, 9, 1, False)])
        >>> list(model.apply([["a", "b", "c"], ["c", "a", "b"]]))
        [['a_b', 'c'], ['c', 'a_b']]
        """
        return PhrasedCorpus(self, corpus)

    def export(self, path: PathLike) -> None:
        """Write the phrases as a TSV file, best score first (atomically).

        A header line ``phrase score count pass`` comes first; scores are written in full
        precision.

        Examples
        --------
        >>> import os, tempfile
        >>> model = Phrases(PhrasesConfig(), [Phrase("a_b", ("a", "b"), 99.5, 9, 1)],
        ...                 [PassStats(30, 12, 9, 1, False)])
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     model.export(os.path.join(tmp, "phrases.tsv"))
        ...     open(os.path.join(tmp, "phrases.tsv")).read().splitlines()
        ['phrase\\tscore\\tcount\\tpass', 'a_b\\t99.5\\t9\\t1']
        """
        from firth.io.atomic import atomic_write_text

        lines = ["phrase\tscore\tcount\tpass\n"]
        lines += [f"{p.text}\t{p.score!r}\t{p.count}\t{p.pass_number}\n" for p in self._phrases]
        atomic_write_text(path, "".join(lines))

    def save(self, path: PathLike) -> None:
        """Save in firth's native format: a folder with a JSON manifest and ``.npy``
        arrays, written atomically and read back without pickle (see :meth:`load`)."""
        from firth.phrases._store import save_phrases

        save_phrases(self, path)

    @classmethod
    def load(cls, path: PathLike) -> Phrases:
        """Load phrases saved by :meth:`save`.

        Nothing is unpickled or executed, so an untrusted folder is safe to load.

        Raises
        ------
        FormatError
            If the folder is not saved phrases or is damaged; the message names the
            problem.

        Examples
        --------
        >>> import os, tempfile
        >>> model = Phrases(PhrasesConfig(), [Phrase("a_b", ("a", "b"), 99.5, 9, 1)],
        ...                 [PassStats(30, 12, 9, 1, False)])
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     model.save(os.path.join(tmp, "phrases"))
        ...     Phrases.load(os.path.join(tmp, "phrases")).phrases == model.phrases
        True
        """
        from firth.phrases._store import load_phrases

        return load_phrases(path)

    def __len__(self) -> int:
        return len(self._phrases)

    def __contains__(self, item: object) -> bool:
        """Whether ``item`` is a phrase: its joined text (``"new_york"``) or its words
        (``("new", "york")``, a tuple)."""
        if isinstance(item, str):
            return item in self._texts
        return isinstance(item, tuple) and any(item in layer for layer in self._layers)

    def __repr__(self) -> str:
        count, passes = len(self._phrases), len(self._stats)
        return (
            f"Phrases({count} phrase{'' if count == 1 else 's'} in {passes} "
            f"pass{'' if passes == 1 else 'es'}, scoring={self._config.scoring!r}, "
            f"threshold={self._config.effective_threshold})"
        )

    # -- joining ----------------------------------------------------------------------

    def _transform(self, tokens: list[str]) -> list[str]:
        for layer, firsts in zip(self._layers, self._firsts, strict=True):
            if layer:
                if self._connectors:
                    tokens = _join_with_connectors(tokens, layer, self._connectors)
                else:
                    tokens = _join_adjacent(tokens, layer, firsts)
        return tokens


class PhrasedCorpus:
    """The sentences of a corpus with phrases joined, read lazily.

    Iterating reads the corpus again (a one-shot generator can be read once); this is
    what :meth:`Phrases.apply` returns.
    """

    def __init__(self, phrases: Phrases, corpus: Corpus | CorpusSource) -> None:
        self._phrases = phrases
        self._corpus = corpus if isinstance(corpus, Corpus) else Corpus(corpus)

    @property
    def reiterable(self) -> bool:
        """Whether the stream can be read more than once."""
        return self._corpus.reiterable

    def __iter__(self) -> Iterator[list[str]]:
        transform = self._phrases._transform
        for sentence in self._corpus.sentences():
            yield transform(sentence)

    def write(self, path: PathLike) -> int:
        """Write the sentences as text, one per line, tokens separated by one space.

        The file is written atomically; a name ending in ``.gz`` is gzip-compressed.
        Read it back with the ``"whitespace"`` tokenizer (``"simple"`` would split the
        phrases at their ``_``).

        Returns
        -------
        int
            The number of sentences written.

        Raises
        ------
        CorpusError
            If a token is empty or holds whitespace, so that the text could not be read
            back as the same tokens.

        Examples
        --------
        >>> import os, tempfile
        >>> model = Phrases(PhrasesConfig(), [], [PassStats(3, 3, 2, 0, False)])
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     model.apply([["a", "b"], ["c"]]).write(os.path.join(tmp, "out.txt"))
        ...     open(os.path.join(tmp, "out.txt")).read()
        2
        'a b\\nc\\n'
        """
        from firth.phrases._store import write_sentences

        return write_sentences(self, path)

    def __repr__(self) -> str:
        return f"PhrasedCorpus({self._corpus.describe()}, {self._phrases!r})"


def _join_adjacent(
    tokens: list[str], layer: dict[tuple[str, ...], str], firsts: set[str]
) -> list[str]:
    """Join phrases, left to right, in a sentence without connector words."""
    out: list[str] = []
    append = out.append
    get = layer.get
    i, last = 0, len(tokens) - 1
    while i < last:
        word = tokens[i]
        if word in firsts:
            joined = get((word, tokens[i + 1]))
            if joined is not None:
                append(joined)
                i += 2
                continue
        append(word)
        i += 1
    if i == last:
        append(tokens[i])
    return out


def _join_with_connectors(
    tokens: list[str], layer: dict[tuple[str, ...], str], connectors: frozenset[str]
) -> list[str]:
    """Join phrases, left to right; connector words may sit inside a phrase only."""
    out: list[str] = []
    start: str | None = None  # the last non-connector word, a phrase's possible start
    between: list[str] = []  # connector words since ``start``
    for word in tokens:
        if word in connectors:
            if start is None:
                out.append(word)
            else:
                between.append(word)
            continue
        if start is not None:
            joined = layer.get((start, *between, word))
            if joined is not None:
                out.append(joined)
                start, between = None, []
                continue
            out.append(start)
            out.extend(between)
        start, between = word, []
    if start is not None:
        out.append(start)
        out.extend(between)
    return out


def _check_phrase(phrase: Phrase, delimiter: str, passes: int) -> None:
    if not isinstance(phrase, Phrase):
        raise ConfigError(f"phrases must be Phrase objects; got {type(phrase).__name__}.")
    if not 1 <= phrase.pass_number <= passes:
        raise ConfigError(
            f"phrase {phrase.text!r} has pass_number {phrase.pass_number}, but there are "
            f"{passes} passes of stats; give one PassStats per pass."
        )
    if len(phrase.words) < 2 or delimiter.join(phrase.words) != phrase.text:
        raise ConfigError(
            f"phrase {phrase.text!r} must join two or more words with {delimiter!r}; "
            f"got words {phrase.words!r}."
        )
