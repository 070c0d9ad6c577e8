"""What the query mixins need from :class:`~firth.embeddings.Embeddings`.

The mixins annotate ``self`` with :class:`VectorStore`, so they are type-checked against
this small protocol rather than against the whole ``Embeddings`` class.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from firth.vocab import Vocab


class VectorStore(Protocol):
    """A vocabulary with one vector per word (implemented by ``Embeddings``)."""

    @property
    def vocab(self) -> Vocab: ...

    @property
    def vectors(self) -> npt.NDArray[np.floating[Any]]: ...

    @property
    def unit_vectors(self) -> npt.NDArray[np.float32]: ...

    @property
    def dim(self) -> int: ...

    @property
    def metadata(self) -> dict[str, Any]: ...

    def __len__(self) -> int: ...

    def _index(self, word: str) -> int: ...

    def _indices(self, words: Iterable[str]) -> list[int]: ...
