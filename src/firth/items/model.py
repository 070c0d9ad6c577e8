"""item2vec: word2vec over sessions of items, and recommendations from it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np

from firth.config.items import ItemConfig
from firth.errors import FormatError, UnknownWordError

if TYPE_CHECKING:
    from firth.embeddings import Embeddings
    from firth.models.word2vec import Word2VecModel
    from firth.training.callbacks import Callback

__all__ = ["Item", "ItemModel", "train_items"]

#: An item id: a string, or an integer for catalogues numbered by integers.
Item = str | int
ItemType = Literal["str", "int"]
PathLike = str | os.PathLike[str]


class ItemModel:
    """Item vectors trained on sessions, with recommendations.

    Build one with :func:`train_items`; load a saved one with :meth:`load`. Items come back
    with the type they were given in: integers when every item of the training sessions
    was an ``int``, strings otherwise.

    Attributes
    ----------
    model
        The underlying :class:`~firth.Word2VecModel` (its words are the items as strings).
    item_type
        ``"int"`` or ``"str"``: the type of the items returned.
    """

    def __init__(self, model: Word2VecModel, *, item_type: ItemType = "str") -> None:
        self.model = model
        self.item_type: ItemType = item_type

    @property
    def embeddings(self) -> Embeddings:
        """The item vectors (words are the items as strings)."""
        return self.model.embeddings

    @property
    def items(self) -> list[Item]:
        """Every item of the model, most frequent first."""
        return [self._item(word) for word in self.model.vocab.words]

    def popularity(self) -> list[tuple[Item, int]]:
        """Items and how often they occur in the training sessions, most frequent first."""
        counts = self.model.vocab.counts
        assert counts is not None
        return [
            (self._item(w), int(c)) for w, c in zip(self.model.vocab.words, counts, strict=True)
        ]

    def __contains__(self, item: object) -> bool:
        return isinstance(item, (str, int)) and str(item) in self.model.vocab

    def __len__(self) -> int:
        return len(self.model.vocab)

    def similar_items(self, item: Item, k: int = 10) -> list[tuple[Item, float]]:
        """The ``k`` items closest to ``item`` by cosine similarity, best first.

        Raises
        ------
        UnknownWordError
            ``item`` was not in the training sessions (or below ``min_count``).
        """
        found = self.embeddings.most_similar(str(item), k)
        return [(self._item(word), score) for word, score in found]

    def recommend(
        self, items: Sequence[Item], k: int = 10, *, exclude_seen: bool = True
    ) -> list[tuple[Item, float]]:
        """Items to recommend after ``items`` (a session so far, a basket, a history).

        The session is the mean of its items' unit vectors; the recommendations are the
        items closest to it by cosine similarity. Items the model does not know are
        ignored, so a session with some new items still gets recommendations.

        Parameters
        ----------
        items
            The items seen, in any order (repeats weigh more).
        k
            How many items to return.
        exclude_seen
            Leave out the items of ``items`` (for "what next"); ``False`` keeps them (for
            re-consumption, as songs played again).

        Raises
        ------
        UnknownWordError
            None of ``items`` is known to the model.

        Examples
        --------
        >>> import firth
        >>> sessions = [["a", "b", "c"], ["x", "y", "z"]] * 50
        >>> config = firth.ItemConfig(dim=8, epochs=20, threads=1)
        >>> items = firth.train_items(sessions, config)
        >>> sorted(item for item, _ in items.recommend(["a", "b"], k=1))
        ['c']
        """
        if isinstance(items, (str, int)):
            raise TypeError(
                f"items must be a sequence of items; got the single item {items!r} "
                f"(write [{items!r}])."
            )
        words = [str(item) for item in items]
        known = [w for w in words if w in self.model.vocab]
        if not known:
            missing: dict[str, list[str]] = {word: [] for word in words}
            raise UnknownWordError(words[0] if words else "", [], missing=missing)
        embeddings = self.embeddings
        query = embeddings.unit_vectors[embeddings._indices(known)].mean(axis=0)
        exclude = sorted(set(known)) if exclude_seen else []
        found = embeddings.most_similar(query, k, exclude=exclude)
        return [(self._item(word), score) for word, score in found]

    def _item(self, word: str) -> Item:
        return int(word) if self.item_type == "int" else word

    def save(self, path: PathLike) -> None:
        """Save the model in the native format (atomic; loadable by :func:`firth.load`)."""
        self.model.corpus["item_type"] = self.item_type
        self.model.save(path)

    @classmethod
    def load(cls, path: PathLike) -> ItemModel:
        """Load a model saved by :meth:`save`."""
        from firth.models.word2vec import Word2VecModel

        model = Word2VecModel.load(path)
        item_type = model.corpus.get("item_type")
        if item_type not in ("str", "int"):
            raise FormatError(
                f"{os.fspath(path)!r} is a word2vec model, not an item model (no item type "
                "recorded); train it with firth.train_items or load it with firth.load."
            )
        return cls(model, item_type=item_type)

    def __repr__(self) -> str:
        return f"ItemModel({len(self)} items, dim={self.model.config.dim})"


class _ItemSessions:
    """Sessions of items as token lists of strings, noting whether every item is an int."""

    def __init__(self, sessions: Iterable[Sequence[Item]]) -> None:
        self._sessions = sessions
        self.all_int = True
        self.seen = 0

    def __iter__(self) -> Iterator[list[str]]:
        from firth.items.sessions import check_session

        self.all_int = True
        self.seen = 0
        for n, given in enumerate(self._sessions):
            session = list(given) if isinstance(given, Iterator) else given  # read once
            tokens = check_session(session, n)
            if self.all_int and not all(isinstance(item, (int, np.integer)) for item in session):
                self.all_int = False
            self.seen += len(tokens)
            yield tokens


def train_items(
    sessions: Iterable[Sequence[Item]] | PathLike,
    config: ItemConfig | None = None,
    *,
    callbacks: Sequence[Callback] = (),
) -> ItemModel:
    """Train item vectors on sessions (item2vec).

    Parameters
    ----------
    sessions
        An iterable of sessions (each a sequence of string or integer item ids), or a
        file read by :func:`firth.items.read_sessions` with its defaults (one session per
        line, or a CSV/TSV of user, item and timestamp columns).
    config
        Training options; ``None`` uses :class:`~firth.ItemConfig`'s defaults (the whole
        session as context, no subsampling, ``min_count=1``).
    callbacks
        Receive progress and epoch statistics; may raise ``StopTraining``.

    Raises
    ------
    EmptyCorpusError
        No item reaches ``min_count``.
    CorpusError
        A session is not a sequence of strings or integers.

    Examples
    --------
    >>> import firth
    >>> sessions = [[1, 2, 3], [4, 5, 6]] * 50
    >>> model = firth.train_items(sessions, firth.ItemConfig(dim=8, threads=1))
    >>> model.similar_items(1, k=2)[0][0] in (2, 3)
    True
    """
    from firth.corpus import encode_corpus
    from firth.corpus._cache import spill_folder
    from firth.models.word2vec import corpus_info, initial_model, run_corpus

    config = config if config is not None else ItemConfig()
    if isinstance(sessions, (str, os.PathLike)):
        from firth.items.sessions import read_sessions

        sessions = read_sessions(sessions)
    stream = _ItemSessions(sessions)
    with spill_folder(None) as folder:
        data = encode_corpus(stream, min_count=config.min_count, cache_dir=folder)
        lengths = np.diff(np.asarray(data.sentence_ends), prepend=0)
        longest = int(lengths.max()) if len(lengths) else 1
        train_config = config.train_config(longest_session=longest)
        model = initial_model(train_config, data.vocab, corpus_info(data))
        model = run_corpus(model, data, callbacks, None, None, resumed=False)
        del data
    item_type: ItemType = "int" if stream.all_int and stream.seen else "str"
    model.corpus["item_type"] = item_type
    return ItemModel(model, item_type=item_type)
