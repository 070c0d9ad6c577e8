"""Graphs in compressed sparse row (CSR) form, read from edge lists, adjacency lists or matrices.

A :class:`Graph` is five plain fields: ``indptr`` and ``indices`` (the CSR structure),
optional ``weights``, the node names and whether edges are directed. The neighbours of
node ``i`` are ``indices[indptr[i]:indptr[i + 1]]``, sorted ascending and without
duplicates; an undirected graph stores every edge in both directions (a self-loop once).
That is the layout the random-walk kernels read.

Constructors
------------
* :func:`read_edgelist`: one edge per line, ``source target [weight]`` (SNAP, node2vec,
  DeepWalk ``.edgelist`` files); plain text, gzip, bzip2 or xz, recognised by their
  magic bytes.
* :func:`read_adjlist`: one node per line followed by its neighbours (DeepWalk's
  ``karate.adjlist``, networkx's ``write_adjlist``).
* :func:`from_edges`: edges from Python, ``(u, v)`` or ``(u, v, weight)``.
* :func:`from_scipy`: a square sparse (or dense) adjacency matrix.

Rules shared by every constructor
---------------------------------
* Node names are strings; integers given to :func:`from_edges` are converted with
  ``str()``.
* Node order (index ``i`` is ``nodes[i]``): the order in which names first appear (in
  the file, line by line, left to right), **except** when every name is a non-negative
  integer written in ASCII digits: then nodes are sorted numerically, so that a file
  naming its nodes ``0 .. n-1`` gets node ``k`` at index ``k`` (ties such as ``"7"`` and
  ``"007"`` are ordered as strings). :func:`from_scipy` keeps the matrix's order.
* Duplicate edges are merged; when the graph is weighted their weights are summed. In an
  undirected graph ``u v`` and ``v u`` are the same edge.
* Weights must be finite and > 0 (:func:`from_scipy`: >= 0, zeros being no edge).
* Files are read in blocks of whole lines. With the default whitespace delimiter each
  block is split and its fields counted per line by NumPy, integer names are parsed as
  integers and other names are mapped with ``np.unique``, so that Python handles each
  distinct name once per block; building the CSR structure sorts the edge keys once.
  A million-edge file loads in one to two seconds.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import logging
import lzma
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from firth.corpus._textio import open_binary
from firth.errors import ConfigError, FormatError, UnknownWordError

if TYPE_CHECKING:
    from scipy.sparse import csr_array

__all__ = [
    "Graph",
    "UnknownNodeError",
    "from_edges",
    "from_scipy",
    "read_adjlist",
    "read_edgelist",
]

logger = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]

#: Bytes of lines read (and parsed) at a time; bounds the memory of the Python objects.
_CHUNK_BYTES = 1 << 24
_MAX_INDEX = np.iinfo(np.int32).max
#: Names longer than this (in bytes) are mapped with a dictionary, not NumPy byte strings.
_MAX_ARRAY_NAME = 40

_Ids = npt.NDArray[np.int64]
_READ_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError)


class UnknownNodeError(UnknownWordError):
    """A node name is not in the graph; the message suggests close names.

    A :class:`~firth.errors.UnknownWordError` (hence a ``KeyError``) so that code
    catching unknown words catches unknown nodes too.
    """

    def __str__(self) -> str:
        hint = (
            f" (did you mean {', '.join(repr(s) for s in self.suggestions)}?)"
            if self.suggestions
            else " (node names are strings and case-sensitive: use '3', not 3)"
        )
        return f"{self.word!r} is not a node of the graph{hint}"


@dataclass(frozen=True, eq=False)
class Graph:
    """A graph in compressed sparse row form, with named nodes.

    Build one with :func:`read_edgelist`, :func:`read_adjlist`, :func:`from_edges` or
    :func:`from_scipy`; the constructor itself only checks and stores arrays.

    Parameters
    ----------
    indptr
        ``n + 1`` non-decreasing int64 offsets, ``indptr[0] == 0``; node ``i``'s
        neighbours are ``indices[indptr[i]:indptr[i + 1]]``.
    indices
        int32 neighbour indices, sorted ascending and without repetition within each row.
    weights
        float32 edge weights aligned with ``indices`` (finite, > 0), or ``None`` for an
        unweighted graph.
    nodes
        The node names, ``nodes[i]`` being node ``i``'s (unique strings).
    directed
        Whether edges are directed. An undirected graph stores each edge in both rows
        (a self-loop once) with the same weight.

    Raises
    ------
    ConfigError
        If the arrays do not form a valid CSR structure (wrong shapes, offsets out of
        order, indices out of range, unsorted or repeated within a row), a weight is not
        finite and > 0, or node names are not unique strings. Symmetry of an undirected
        graph is not checked here (the constructors guarantee it).

    Examples
    --------
    >>> g = from_edges([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    >>> g
    Graph(4 nodes, 4 edges, undirected, unweighted: 'a', 'b', 'c', 'd')
    >>> g.neighbors("c")
    ['a', 'b', 'd']
    >>> g.indptr.tolist(), g.indices.tolist()
    ([0, 2, 4, 7, 8], [1, 2, 0, 2, 0, 1, 3, 2])
    >>> g.degrees().tolist()
    [2, 2, 3, 1]
    """

    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float32] | None
    nodes: tuple[str, ...]
    directed: bool
    _lookup: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        indptr = np.ascontiguousarray(self.indptr, dtype=np.int64)
        raw = np.asarray(self.indices)
        nodes = tuple(self.nodes)
        n = len(nodes)
        if raw.size and (raw.min() < 0 or raw.max() >= n):  # before a cast could wrap
            raise ConfigError(f"Graph.indices must lie in [0, {n}); some do not.")
        indices = np.ascontiguousarray(raw, dtype=np.int32)
        if not isinstance(self.directed, bool):
            raise ConfigError(f"Graph.directed must be True or False; got {self.directed!r}.")
        if indptr.ndim != 1 or indptr.shape[0] != n + 1:
            raise ConfigError(
                f"Graph.indptr must be 1-D with len(nodes) + 1 = {n + 1} entries; got shape "
                f"{indptr.shape}."
            )
        if indices.ndim != 1 or indptr[0] != 0 or indptr[-1] != indices.shape[0]:
            raise ConfigError(
                "Graph.indptr must start at 0 and end at len(indices) = "
                f"{indices.shape[0] if indices.ndim == 1 else indices.shape}; got "
                f"{int(indptr[0])} .. {int(indptr[-1])}."
            )
        counts = np.diff(indptr)
        if counts.size and counts.min() < 0:
            raise ConfigError("Graph.indptr must be non-decreasing.")
        # Within a row, each index must exceed the previous one (rows start at indptr[:-1]).
        rising = np.diff(indices) > 0
        rising[indptr[1:-1][(indptr[1:-1] > 0) & (indptr[1:-1] < indices.size)] - 1] = True
        if not rising.all():
            row = int(np.searchsorted(indptr, int(np.flatnonzero(~rising)[0]) + 1, "right") - 1)
            raise ConfigError(
                f"Graph.indices must be sorted ascending without repetition within each "
                f"row; row {row} ({nodes[row]!r}) is not."
            )
        weights = self.weights
        if weights is not None:
            weights = np.ascontiguousarray(weights, dtype=np.float32)
            if weights.shape != indices.shape:
                raise ConfigError(
                    f"Graph.weights must have the shape of indices {indices.shape}; got "
                    f"{weights.shape}."
                )
            bad = ~(np.isfinite(weights) & (weights > 0))
            if bad.any():
                first = int(np.flatnonzero(bad)[0])
                raise ConfigError(
                    f"Graph.weights must be finite and > 0; got {float(weights[first])!r} "
                    f"at position {first}."
                )
        if not all(isinstance(name, str) for name in nodes):
            raise ConfigError("Graph.nodes must all be strings.")
        lookup = {name: i for i, name in enumerate(nodes)}
        if len(lookup) != n:
            repeated = next(name for i, name in enumerate(nodes) if lookup[name] != i)
            raise ConfigError(f"Graph.nodes must be unique; {repeated!r} appears twice.")
        object.__setattr__(self, "indptr", indptr)
        object.__setattr__(self, "indices", indices)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "nodes", nodes)
        object.__setattr__(self, "_lookup", lookup)

    @property
    def n_nodes(self) -> int:
        """The number of nodes."""
        return len(self.nodes)

    @functools.cached_property
    def n_edges(self) -> int:
        """The number of edges; an undirected edge (a self-loop too) counts once."""
        stored = int(self.indices.shape[0])
        if self.directed:
            return stored
        rows = np.repeat(np.arange(self.n_nodes, dtype=np.int32), np.diff(self.indptr))
        loops = int(np.count_nonzero(rows == self.indices))
        return (stored + loops) // 2

    @property
    def is_weighted(self) -> bool:
        """Whether edges carry weights (``weights`` is not ``None``)."""
        return self.weights is not None

    def degrees(self) -> npt.NDArray[np.int64]:
        """The number of (out-)neighbours of each node; a self-loop counts once."""
        return np.diff(self.indptr)

    def index(self, name: str) -> int:
        """The index of node ``name``.

        Raises
        ------
        UnknownNodeError
            If there is no such node (a ``KeyError``; the message suggests close names).
        """
        try:
            return self._lookup[name]
        except (KeyError, TypeError):
            raise UnknownNodeError(str(name), self._suggest(str(name))) from None

    def neighbors(self, name: str) -> list[str]:
        """The names of the (out-)neighbours of node ``name``, in index order."""
        i = self.index(name)
        row = self.indices[self.indptr[i] : self.indptr[i + 1]]
        return [self.nodes[j] for j in row.tolist()]

    def to_scipy(self) -> csr_array:
        """The adjacency matrix as a ``scipy.sparse.csr_array`` (float32; ones if unweighted).

        An undirected graph gives a symmetric matrix. The arrays are shared, not copied.
        """
        from scipy.sparse import csr_array

        data = self.weights if self.weights is not None else np.ones_like(self.indices, np.float32)
        return csr_array((data, self.indices, self.indptr), shape=(self.n_nodes, self.n_nodes))

    def _suggest(self, name: str) -> list[str]:
        if name.lower() != name and name.lower() in self._lookup:
            return [name.lower()]
        return difflib.get_close_matches(name, self.nodes[:50_000], n=3, cutoff=0.75)

    def __contains__(self, name: object) -> bool:
        return name in self._lookup

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Graph):
            return NotImplemented
        if self.weights is None or other.weights is None:
            same_weights = self.weights is None and other.weights is None
        else:
            same_weights = bool(np.array_equal(self.weights, other.weights))
        return (
            self.directed == other.directed
            and self.nodes == other.nodes
            and same_weights
            and bool(np.array_equal(self.indptr, other.indptr))
            and bool(np.array_equal(self.indices, other.indices))
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        head = ", ".join(repr(name) for name in self.nodes[:5])
        more = ", ..." if self.n_nodes > 5 else ""
        kind = "directed" if self.directed else "undirected"
        weighted = "weighted" if self.is_weighted else "unweighted"
        return (
            f"Graph({self.n_nodes} nodes, {self.n_edges} edges, {kind}, {weighted}: {head}{more})"
        )


# -- building ----------------------------------------------------------------------------


def _build(
    src: npt.NDArray[np.int64],
    dst: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64] | None,
    nodes: Sequence[str],
    *,
    directed: bool,
) -> Graph:
    """The graph of edges ``src[k] -> dst[k]`` (indices into ``nodes``), duplicates merged."""
    n = len(nodes)
    if n > _MAX_INDEX:
        raise ConfigError(f"a graph may have at most {_MAX_INDEX} nodes; got {n}.")
    if not directed:
        back = src != dst  # a self-loop is stored once
        src, dst = np.concatenate([src, dst[back]]), np.concatenate([dst, src[back]])
        if weights is not None:
            weights = np.concatenate([weights, weights[back]])
    keys = src * np.int64(n) + dst
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    first = np.ones(keys.shape[0], dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    starts = np.flatnonzero(first)
    unique = keys[starts]
    rows = unique // n
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    merged = None
    if weights is not None:
        merged = np.add.reduceat(weights[order], starts).astype(np.float32)
        if not np.isfinite(merged).all():  # sums of huge weights overflowing float32
            raise ConfigError("summed edge weights overflow float32; rescale the weights.")
    return Graph(
        indptr=indptr,
        indices=(unique % n).astype(np.int32),
        weights=merged,
        nodes=tuple(nodes),
        directed=directed,
    )


def _numeric_order(names: list[str]) -> npt.NDArray[np.int64] | None:
    """For names that are all non-negative ASCII integers, the permutation sorting them
    numerically (``old index -> new index``); otherwise ``None``."""
    if not all(name.isascii() and name.isdigit() for name in names):
        return None
    order: npt.NDArray[np.int64] | list[int] | None = None
    if max(map(len, names), default=0) <= 18:  # fits int64
        values = np.fromiter(map(int, names), dtype=np.int64, count=len(names))
        order = np.argsort(values, kind="stable")
        if np.unique(values).size != values.size:  # "7" and "007": order them as strings
            order = None
    if order is None:
        order = sorted(range(len(names)), key=lambda i: (int(names[i]), names[i]))
    remap = np.empty(len(names), dtype=np.int64)
    remap[np.asarray(order, dtype=np.int64)] = np.arange(len(names), dtype=np.int64)
    return remap


def _ordered(
    names: list[str], src: npt.NDArray[np.int64], dst: npt.NDArray[np.int64]
) -> tuple[list[str], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Names, sources and targets after the numeric re-ordering rule."""
    remap = _numeric_order(names)
    if remap is None:
        return names, src, dst
    ordered = [""] * len(names)
    for old, new in enumerate(remap.tolist()):
        ordered[new] = names[old]
    return ordered, remap[src], remap[dst]


def _check_weights(weights: npt.NDArray[np.float64], where: Any) -> None:
    """Raise naming the first weight that is not finite and > 0 (``where(k)`` says where)."""
    bad = ~(np.isfinite(weights) & (weights > 0))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise where(k, f"the weight must be a finite number > 0; got {float(weights[k])!r}")


def _check_flag(name: str, value: object, *, optional: bool = False) -> None:
    if optional and value is None:
        return
    if not isinstance(value, bool):
        rule = "True, False or None" if optional else "True or False"
        raise ConfigError(f"{name} must be {rule}; got {value!r}.")


# -- reading files -----------------------------------------------------------------------

#: The bytes ``bytes.split()`` splits on (ASCII whitespace), as a lookup table.
_SPACE = np.zeros(256, dtype=bool)
_SPACE[list(b" \t\n\r\x0b\x0c")] = True
_BOM = b"\xef\xbb\xbf"


def _check_text_options(delimiter: object, comments: object) -> None:
    if delimiter is not None and (not isinstance(delimiter, str) or not delimiter):
        raise ConfigError(
            f"delimiter must be a non-empty string, or None for runs of whitespace; got "
            f"{delimiter!r}."
        )
    if not isinstance(comments, str):
        raise ConfigError(f"comments must be a string ('' for none); got {comments!r}.")


def _blocks(name: str) -> Iterator[tuple[int, bytes]]:
    """``(number of its first line, block)``: the file in blocks of whole lines.

    Decompresses gzip, bzip2 and xz; drops a UTF-8 byte-order mark. Raises
    :class:`FormatError` for a file that cannot be read or is empty.
    """
    first_line = 1
    try:
        stream, _ = open_binary(name)
        with stream:
            while True:
                block = stream.read(_CHUNK_BYTES)
                if not block:
                    break
                if not block.endswith(b"\n"):
                    block += stream.readline()  # finish the last line
                if first_line == 1 and block.startswith(_BOM):
                    block = block[len(_BOM) :]
                yield first_line, block
                first_line += block.count(b"\n") or 1  # or 1: a last line without newline
    except _READ_ERRORS as error:
        detail = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise FormatError(f"cannot read {name}: {detail}.") from None
    if first_line == 1:
        raise FormatError(f"{name} is empty.")


def _split_block(
    block: bytes, sep: bytes | None, mark: bytes
) -> tuple[list[bytes], npt.NDArray[np.int64]]:
    """The fields of the lines of ``block``, all in one list, and each line's field count.

    Comments (``mark`` to the end of the line) are removed first. With ``sep=None``
    fields are separated by runs of ASCII whitespace and counted per line with NumPy
    (no Python loop over lines); otherwise lines are split one by one and each field is
    stripped of surrounding whitespace.
    """
    if mark and mark in block:
        block = re.sub(re.escape(mark) + rb"[^\n]*", b"", block)
    if sep is None:
        buf = np.frombuffer(block, dtype=np.uint8)
        space = _SPACE[buf]
        starts = ~space
        starts[1:] &= space[:-1]
        breaks = np.flatnonzero(buf == 10)
        n_lines = breaks.size + int(not block.endswith(b"\n"))
        line_of_start = np.searchsorted(breaks, np.flatnonzero(starts))
        return block.split(), np.bincount(line_of_start, minlength=n_lines).astype(np.int64)
    lines = block.split(b"\n")
    if block.endswith(b"\n"):
        lines.pop()
    rows = [
        [part.strip() for part in stripped.split(sep)] if (stripped := line.strip()) else []
        for line in lines
    ]
    widths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    return list(itertools.chain.from_iterable(rows)), widths


def _digit_values(array: npt.NDArray[np.bytes_]) -> npt.NDArray[np.int64] | None:
    """The values of the names in ``array`` if every one is a canonical non-negative
    integer (ASCII digits, no leading zero, at most 18 digits), else ``None``."""
    width = array.dtype.itemsize
    if not array.size:
        return np.empty(0, dtype=np.int64)
    if width > 18:
        return None
    codes = array.view(np.uint8).reshape(array.size, width)
    digit = (codes >= ord("0")) & (codes <= ord("9"))
    if not (digit | (codes == 0)).all():
        return None
    if width > 1 and ((codes[:, 0] == ord("0")) & digit[:, 1]).any():
        return None  # a leading zero: "007" is not "7"
    return array.astype(np.int64)


class _Names:
    """Node-name fields (bytes) to node indices, vectorised with NumPy where possible.

    While every name is a canonical integer the values are kept (and sorted numerically
    at the end). At the first other name the table switches to a dictionary of names in
    order of first appearance, fed with the distinct names of each chunk (``np.unique``),
    so that the Python work grows with the number of nodes, not of fields.
    """

    def __init__(self) -> None:
        self.index: dict[bytes, int] | None = None
        self.chunks: list[_Ids] = []  # values while numeric, node indices after

    def add(self, tokens: list[bytes], *, vectorise: bool) -> None:
        """Add a chunk of names; ``vectorise=False`` when names may hold NUL bytes
        (NumPy byte strings drop trailing NULs)."""
        array = None
        if vectorise and tokens and max(map(len, tokens)) <= _MAX_ARRAY_NAME:
            array = np.array(tokens)
        if self.index is None:
            values = _digit_values(array) if array is not None else None
            if values is not None:
                self.chunks.append(values)
                return
            self.index = {}
            replayed = [[b"%d" % v for v in chunk.tolist()] for chunk in self.chunks]
            self.chunks = [self._ids(names, np.array(names)) for names in replayed]
        self.chunks.append(self._ids(tokens, array))

    def _ids(self, tokens: list[bytes], array: npt.NDArray[np.bytes_] | None) -> _Ids:
        index = self.index
        assert index is not None
        if array is None or not array.size:
            for token in dict.fromkeys(tokens):  # each distinct name once, in order
                if token not in index:
                    index[token] = len(index)
            return np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        unique, first, inverse = np.unique(array, return_index=True, return_inverse=True)
        order = np.argsort(first)  # the chunk's distinct names in order of first appearance
        codes = np.empty(unique.size, dtype=np.int64)
        for j, token in zip(order.tolist(), unique[order].tolist(), strict=True):
            codes[j] = index.setdefault(token, len(index))
        return codes[inverse.reshape(-1)]

    def finish(self, name: str, line_of: Callable[[int], int]) -> tuple[list[str], _Ids, bool]:
        """Names, the index of each name field read, and whether names are in numeric order."""
        values = np.concatenate(self.chunks) if self.chunks else np.empty(0, np.int64)
        if self.index is None:
            unique, inverse = np.unique(values, return_inverse=True)
            return [str(v) for v in unique.tolist()], inverse.reshape(-1), True
        names = []
        for i, raw in enumerate(self.index):
            try:
                names.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                first = int(np.flatnonzero(values == i)[0])
                raise FormatError(
                    f"{name}, line {line_of(first)}: node name {raw!r} is not valid UTF-8. "
                    "Re-encode the file (e.g. iconv -f latin1 -t utf-8)."
                ) from None
        return names, values, False


@dataclass
class _Scan:
    """What :func:`_scan` read from a file (non-blank lines only)."""

    names: list[str]  # node names (numerically sorted when ``numeric``)
    ids: _Ids  # the node index of every name field, in file order
    widths: _Ids  # fields per line
    lines: _Ids  # line number of each line
    extra: list[bytes]  # the fields after the names, in file order
    numeric: bool  # whether names are already in numeric order


def _scan(
    path: PathLike,
    delimiter: str | None,
    comments: str,
    *,
    names_per_line: int | None,
    min_width: int,
    max_width: int | None,
    rule: str,
) -> _Scan:
    """Read the fields of a file's non-blank lines, turning the first ``names_per_line``
    fields of each (all of them for ``None``) into node indices.

    Raises :class:`FormatError` naming the line where a line has fewer than ``min_width``
    or more than ``max_width`` fields (``rule`` says what a line should hold), or an
    empty field (explicit delimiter), and for unreadable files and invalid UTF-8 names.
    """
    name = os.fspath(path)
    sep = None if delimiter is None else delimiter.encode("utf-8")
    mark = comments.encode("utf-8")
    table = _Names()
    widths: list[_Ids] = []
    lines: list[_Ids] = []
    extra: list[bytes] = []
    for first_line, block in _blocks(name):
        tokens, counts = _split_block(block, sep, mark)
        kept = np.flatnonzero(counts)
        if not kept.size:
            continue
        width = counts[kept]
        offsets = np.cumsum(width) - width
        bad = width < min_width
        if max_width is not None:
            bad |= width > max_width
        if sep is not None and b"" in tokens:
            bad |= _has_empty(tokens, offsets)
            rule += " (no empty field)"
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            fields = tokens[offsets[k] : offsets[k] + width[k]]
            shown = [f.decode("utf-8", "replace") for f in fields[:6]]
            raise FormatError(
                f"{name}, line {first_line + int(kept[k])}: {rule}; got {int(width[k])} "
                f"field(s) {shown}."
            )
        if names_per_line is None or bool((width == names_per_line).all()):
            name_fields = tokens
        else:
            positions = (offsets[:, None] + np.arange(names_per_line)).reshape(-1)
            is_name = np.zeros(len(tokens), dtype=bool)
            is_name[positions] = True
            name_fields = [tokens[i] for i in positions.tolist()]
            extra.extend(tokens[i] for i in np.flatnonzero(~is_name).tolist())
        table.add(name_fields, vectorise=b"\x00" not in block)
        widths.append(width)
        lines.append(kept + first_line)
    all_widths = np.concatenate(widths) if widths else np.empty(0, np.int64)
    all_lines = np.concatenate(lines) if lines else np.empty(0, np.int64)
    per_line = all_widths if names_per_line is None else np.full_like(all_widths, names_per_line)
    ends = np.cumsum(per_line)

    def line_of(field: int) -> int:
        return int(all_lines[int(np.searchsorted(ends, field, side="right"))])

    names, ids, numeric = table.finish(name, line_of)
    return _Scan(names, ids, all_widths, all_lines, extra, numeric)


def _has_empty(tokens: list[bytes], offsets: _Ids) -> npt.NDArray[np.bool_]:
    """Which lines (starting at ``offsets`` in ``tokens``) hold an empty field."""
    empty = np.fromiter((not token for token in tokens), dtype=np.int64, count=len(tokens))
    return np.add.reduceat(empty, offsets) > 0


def _line_error(path: str, line_numbers: _Ids) -> Callable[[int, str], FormatError]:
    def error(k: int, reason: str) -> FormatError:
        return FormatError(f"{path}, line {int(line_numbers[k])}: {reason}.")

    return error


def _is_float(text: bytes) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_edgelist(
    path: PathLike,
    *,
    weighted: bool | None = None,
    directed: bool = False,
    delimiter: str | None = None,
    comments: str = "#",
) -> Graph:
    """Read a graph from an edge list: one ``source target [weight]`` edge per line.

    Parameters
    ----------
    path
        A text file (UTF-8), possibly gzip, bzip2 or xz compressed (recognised by its
        magic bytes, whatever its name).
    weighted
        ``None`` (default): weighted if every edge line has a third column, unweighted
        if none has (a file mixing both is an error). ``True``: every line must carry a
        weight. ``False``: a third column is ignored.
    directed
        Whether ``u v`` is an edge from ``u`` to ``v`` only; by default an edge goes both
        ways.
    delimiter
        The field separator; ``None`` (default, and the fastest) splits on runs of ASCII
        whitespace (spaces and tabs).
    comments
        Text from this marker to the end of a line is ignored (``""``: no comments), so
        node names cannot contain it. Blank lines are skipped.

    Returns
    -------
    Graph
        Node order and duplicate merging as described in :mod:`firth.graphs.graph`.

    Raises
    ------
    FormatError
        If the file cannot be read, is empty or has no edge, or a line is malformed
        (one field, more than three, a weight that is not a finite number > 0, a name
        that is not UTF-8): the message names the file and the line.
    ConfigError
        If an option has an invalid value.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.edgelist"
    >>> _ = path.write_text("# a triangle and a tail\\n2 1 0.5\\n1 0 1\\n0 2 2\\n2 3 1\\n")
    >>> g = read_edgelist(path)
    >>> g
    Graph(4 nodes, 4 edges, undirected, weighted: '0', '1', '2', '3')
    >>> g.neighbors("2"), g.weights[g.indptr[2] : g.indptr[3]].tolist()
    (['0', '1', '3'], [2.0, 0.5, 1.0])
    """
    _check_flag("weighted", weighted, optional=True)
    _check_flag("directed", directed)
    _check_text_options(delimiter, comments)
    name = os.fspath(path)
    scan = _scan(
        path,
        delimiter,
        comments,
        names_per_line=2,
        min_width=2,
        max_width=3,
        rule="an edge line needs two node names and an optional weight",
    )
    if not scan.widths.size:
        raise FormatError(f"{name} holds no edge (only blank or comment lines).")
    error = _line_error(name, scan.lines)
    weights = None
    has = scan.widths == 3
    weightless = np.flatnonzero(~has)
    if weighted and weightless.size:
        raise error(int(weightless[0]), "weighted=True, but the line has no weight")
    if weighted is None and 0 < weightless.size < has.size:
        raise FormatError(
            f"{name}: line {int(scan.lines[np.flatnonzero(has)[0]])} has a weight (third "
            f"column) but line {int(scan.lines[weightless[0]])} has none; give every edge a "
            "weight, or pass weighted=False to ignore them."
        )
    if weighted is not False and not weightless.size:
        try:
            weights = np.fromiter(map(float, scan.extra), dtype=np.float64, count=has.size)
        except ValueError:
            k = next(i for i, field in enumerate(scan.extra) if not _is_float(field))
            shown = scan.extra[k].decode("utf-8", "replace")
            raise error(k, f"the weight must be a number; got {shown!r}") from None
        _check_weights(weights, error)
    src, dst = scan.ids[0::2], scan.ids[1::2]
    names = scan.names
    if not scan.numeric:
        names, src, dst = _ordered(names, src, dst)
    graph = _build(src, dst, weights, names, directed=directed)
    logger.info("read %r from %s", graph, name)
    return graph


def read_adjlist(
    path: PathLike,
    *,
    directed: bool = False,
    delimiter: str | None = None,
    comments: str = "#",
) -> Graph:
    """Read an unweighted graph from an adjacency list: a node, then its neighbours.

    Each line ``u v w ...`` gives the edges ``u-v``, ``u-w``, ... (``u->v``, ... when
    ``directed``). A line with a single name adds an isolated node. Edges repeated (as in
    DeepWalk's ``karate.adjlist``, which lists each edge from both ends) are merged.

    Parameters
    ----------
    path
        A text file (UTF-8), possibly gzip, bzip2 or xz compressed.
    directed
        Whether ``u v`` is an edge from ``u`` to ``v`` only.
    delimiter
        The field separator; ``None`` (default) splits on runs of ASCII whitespace.
    comments
        Text from this marker to the end of a line is ignored (``""``: no comments).

    Returns
    -------
    Graph
        Node order and duplicate merging as described in :mod:`firth.graphs.graph`.

    Raises
    ------
    FormatError
        If the file cannot be read, is empty or names no node, or a name is not UTF-8.
    ConfigError
        If an option has an invalid value.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.adjlist"
    >>> _ = path.write_text("1 2 3\\n2 1\\n3 1\\n4\\n")
    >>> g = read_adjlist(path)
    >>> g
    Graph(4 nodes, 2 edges, undirected, unweighted: '1', '2', '3', '4')
    >>> g.degrees().tolist()
    [2, 1, 1, 0]
    """
    _check_flag("directed", directed)
    _check_text_options(delimiter, comments)
    name = os.fspath(path)
    scan = _scan(
        path,
        delimiter,
        comments,
        names_per_line=None,
        min_width=1,
        max_width=None,
        rule="an adjacency line needs a node name",
    )
    if not scan.widths.size:
        raise FormatError(f"{name} names no node (only blank or comment lines).")
    heads = np.cumsum(scan.widths) - scan.widths
    src = np.repeat(scan.ids[heads], scan.widths - 1)
    is_neighbour = np.ones(scan.ids.size, dtype=bool)
    is_neighbour[heads] = False
    dst = scan.ids[is_neighbour]
    names = scan.names
    if not scan.numeric:
        names, src, dst = _ordered(names, src, dst)
    graph = _build(src, dst, None, names, directed=directed)
    logger.info("read %r from %s", graph, name)
    return graph


# -- from Python objects -----------------------------------------------------------------


def from_edges(
    edges: Iterable[tuple[str | int, str | int] | tuple[str | int, str | int, float]],
    *,
    directed: bool = False,
    weighted: bool | None = None,
) -> Graph:
    """A graph from ``(u, v)`` or ``(u, v, weight)`` tuples.

    Parameters
    ----------
    edges
        The edges; names are strings or integers (converted with ``str()``).
    directed
        Whether ``(u, v)`` goes from ``u`` to ``v`` only.
    weighted
        ``None`` (default): weighted if every edge has a weight, unweighted if none has
        (mixing both is an error). ``True``: every edge must have one. ``False``:
        weights are ignored.

    Returns
    -------
    Graph
        Node order and duplicate merging as described in :mod:`firth.graphs.graph`.

    Raises
    ------
    ConfigError
        If there is no edge, an edge is not a 2- or 3-tuple of names (and weight), a
        weight is not a finite number > 0, or the options are invalid.

    Examples
    --------
    >>> g = from_edges([(2, 0, 1.5), (0, 1, 1.0), (0, 2, 0.5)], directed=True)
    >>> g
    Graph(3 nodes, 3 edges, directed, weighted: '0', '1', '2')
    >>> g.neighbors("0"), g.weights.tolist()
    (['1', '2'], [1.0, 0.5, 1.5])
    """
    _check_flag("directed", directed)
    _check_flag("weighted", weighted, optional=True)
    index: dict[str, int] = {}
    ids: list[int] = []
    values: list[float] = []
    widths: set[int] = set()
    for k, edge in enumerate(edges):
        if not isinstance(edge, (tuple, list, np.ndarray)) or len(edge) not in (2, 3):
            raise ConfigError(f"edge {k} must be a tuple (u, v) or (u, v, weight); got {edge!r}.")
        for node in edge[:2]:
            if not isinstance(node, (str, int, np.integer)) or isinstance(node, bool):
                raise ConfigError(f"edge {k}: node names must be str or int; got {node!r}.")
            key = node if isinstance(node, str) else str(node)
            ids.append(index.setdefault(key, len(index)))
        widths.add(len(edge))
        if len(edge) == 3 and weighted is not False:
            weight = edge[2]
            if isinstance(weight, bool) or not isinstance(weight, (int, float, np.number)):
                raise ConfigError(f"edge {k}: the weight must be a number; got {weight!r}.")
            values.append(float(weight))
        if weighted and len(edge) == 2:
            raise ConfigError(f"edge {k} has no weight, but weighted=True; got {edge!r}.")
    if not ids:
        raise ConfigError("edges is empty; a graph needs at least one edge.")
    if weighted is None and widths == {2, 3}:
        raise ConfigError(
            "some edges have a weight and others do not; give every edge a weight, or pass "
            "weighted=False to ignore them."
        )
    weights = None
    if weighted is not False and widths == {3}:
        weights = np.asarray(values, dtype=np.float64)

        def where(k: int, reason: str) -> ConfigError:
            return ConfigError(f"edge {k}: {reason}.")

        _check_weights(weights, where)
    array = np.asarray(ids, dtype=np.int64)
    names, src, dst = _ordered(list(index), array[0::2], array[1::2])
    return _build(src, dst, weights, names, directed=directed)


def from_scipy(
    matrix: Any,
    *,
    nodes: Sequence[str] | None = None,
    directed: bool | None = None,
    weighted: bool | None = None,
) -> Graph:
    """A graph from a square adjacency matrix: entry ``(i, j)`` is the edge ``i -> j``.

    Parameters
    ----------
    matrix
        A scipy sparse matrix or array (any format), or a dense 2-D array. Explicit zeros
        are not edges; duplicate entries of a COO matrix are summed.
    nodes
        The node names, one per row; ``None`` (default): ``"0"``, ``"1"``, ...
    directed
        ``None`` (default): undirected if the matrix is symmetric, directed otherwise.
        ``False`` requires a symmetric matrix (use ``matrix + matrix.T`` for an edge list
        stored once).
    weighted
        ``None`` (default): weighted unless every entry is 1. ``False`` drops the values.

    Returns
    -------
    Graph
        Node ``i`` is ``nodes[i]`` (no re-ordering). ``from_scipy(g.to_scipy(),
        nodes=g.nodes)`` gives back ``g`` (pass ``directed=True`` as well for a directed
        graph whose matrix happens to be symmetric, and ``weighted=True`` for a weighted
        one whose weights are all 1).

    Raises
    ------
    ConfigError
        If the matrix is not square and 2-D, an entry is negative or not finite,
        ``directed=False`` with an asymmetric matrix, or ``nodes`` has the wrong length
        or repeated names.

    Examples
    --------
    >>> import numpy as np
    >>> g = from_scipy(np.array([[0, 1, 0], [1, 0, 2], [0, 2, 0]]), nodes=["x", "y", "z"])
    >>> g
    Graph(3 nodes, 2 edges, undirected, weighted: 'x', 'y', 'z')
    >>> g.to_scipy().toarray().tolist()
    [[0.0, 1.0, 0.0], [1.0, 0.0, 2.0], [0.0, 2.0, 0.0]]
    """
    from scipy import sparse

    _check_flag("directed", directed, optional=True)
    _check_flag("weighted", weighted, optional=True)
    try:
        csr = sparse.csr_array(matrix, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ConfigError(
            f"matrix must be a 2-D scipy sparse matrix or numeric array; got "
            f"{type(matrix).__name__} ({error})."
        ) from None
    rows, cols = csr.shape
    if rows != cols:
        raise ConfigError(f"an adjacency matrix must be square; got shape {csr.shape}.")
    csr.sum_duplicates()
    if csr.data.size and not (np.isfinite(csr.data).all() and csr.data.min() >= 0):
        raise ConfigError("adjacency matrix entries must be finite and >= 0; some are not.")
    csr.eliminate_zeros()
    csr.sort_indices()
    if nodes is None:
        names = tuple(str(i) for i in range(rows))
    elif isinstance(nodes, str) or len(nodes) != rows:
        shown = repr(nodes) if len(repr(nodes)) <= 80 else repr(nodes)[:77] + "..."
        raise ConfigError(f"nodes must be a sequence of {rows} names (one per row); got {shown}.")
    else:
        names = tuple(nodes)
    difference = csr - csr.T
    symmetric = difference.count_nonzero() == 0
    if directed is None:
        directed = not symmetric
    elif not directed and not symmetric:
        raise ConfigError(
            "directed=False needs a symmetric matrix; this one is not. Pass directed=True, "
            "or symmetrise it first (matrix + matrix.T for edges stored once)."
        )
    if weighted is None:
        weighted = bool(csr.data.size) and not bool((csr.data == 1).all())
    return Graph(
        indptr=csr.indptr.astype(np.int64),
        indices=csr.indices.astype(np.int32),
        weights=csr.data.astype(np.float32) if weighted else None,
        nodes=names,
        directed=directed,
    )
