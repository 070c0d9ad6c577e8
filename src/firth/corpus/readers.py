"""Corpus sources: text files (plain or compressed), folders, and in-memory token lists.

:class:`Corpus` says where tokens come from; :meth:`Corpus.sentences` reads them. The
readers work block by block (see :mod:`firth.corpus._textio`), so memory stays bounded by
the block size whatever the length of the lines.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING, TypeAlias, TypeVar, cast

import numpy as np
import numpy.typing as npt

from firth.corpus import _textio
from firth.corpus._sources import NO_BREAKS, SentenceEnds, check_exists, check_sentence, walk
from firth.corpus._textio import EncodingErrors
from firth.corpus.tokenize import Tokenizer, block_tokenizer, check_tokenizer
from firth.errors import ConfigError, CorpusError

if TYPE_CHECKING:  # the word table imports Numba, which importing firth must not
    from firth.corpus._wordtable import WordTable

__all__ = ["Corpus", "CorpusSource", "EncodingErrors"]

PathSource: TypeAlias = str | os.PathLike[str]
CorpusSource: TypeAlias = PathSource | Sequence[PathSource] | Iterable[Sequence[str]]
"""Anything :class:`Corpus` accepts as its source."""

_ENCODING_ERRORS = ("replace", "strict", "ignore")
_ITERABLE_BLOCK = 1 << 16  # tokens gathered from an iterable before they are handed on

Block = tuple[list[str], npt.NDArray[np.int64]]
IdBlock = tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]
Tokens = TypeVar("Tokens", list[str], npt.NDArray[np.int32])
_NO_IDS = np.zeros(0, dtype=np.int32)
_AT_FILE_END = np.zeros(1, dtype=np.int64)  # a break after the last token read
_NO_IDS.flags.writeable = _AT_FILE_END.flags.writeable = False


class Corpus:
    """Where tokens come from: files, a folder, or an iterable of token lists.

    The constructor only stores and validates; nothing is read until :meth:`sentences`
    (or :func:`~firth.corpus.encode_corpus`) is called, and every call reads the files
    again.

    Parameters
    ----------
    source
        * a path to a text file, one sentence (or paragraph) per line, UTF-8; gzip, bzip2
          and xz files are decompressed, recognised by their first bytes rather than their
          extension;
        * a path to a folder: every regular, non-hidden file below it (recursively; hidden
          folders and symbolic links to folders are skipped), in sorted order;
        * a list or tuple of such paths, read one after the other;
        * any other iterable of sentences, each a list (or tuple) of ``str`` tokens. A
          generator is fine, but it can be read only once.
    tokenizer
        How lines of text are split into tokens (files only; token lists are used as
        given): ``"whitespace"`` or ``"simple"``, see :mod:`firth.corpus.tokenize`.
    encoding_errors
        What to do with bytes that are not valid UTF-8:

        * ``"replace"`` (default): each invalid byte becomes U+FFFD (``"\\ufffd"``);
        * ``"ignore"``: invalid bytes are dropped;
        * ``"strict"``: raise :class:`~firth.errors.CorpusError` naming the file and the
          byte offset of the first invalid byte.

        Under ``"replace"`` and ``"ignore"`` the number of invalid bytes is counted in
        :attr:`replaced_bytes`; a genuine U+FFFD already in the text is not counted.
    max_sentence_length
        Longest sentence, in tokens. Every newline (``"\\n"``, so ``"\\r\\n"`` too) ends a
        sentence, and so does the end of each file; a longer sentence (such as a corpus on
        a single line) is cut into consecutive pieces of at most this many tokens. Nothing
        is dropped: unlike gensim, tokens past the limit are not truncated away. Empty
        lines give no sentence.

    Raises
    ------
    CorpusError
        If a path does not exist or ``source`` is of an unsupported type.
    ConfigError
        If an option has an invalid value.

    Examples
    --------
    >>> corpus = Corpus([["the", "cat"], ["sat", "on", "the", "mat"]], max_sentence_length=3)
    >>> list(corpus.sentences())
    [['the', 'cat'], ['sat', 'on', 'the'], ['mat']]
    >>> corpus.describe()
    'an iterable of token lists'
    """

    def __init__(
        self,
        source: CorpusSource,
        *,
        tokenizer: Tokenizer = "whitespace",
        encoding_errors: EncodingErrors = "replace",
        max_sentence_length: int = 10_000,
    ) -> None:
        check_tokenizer(tokenizer, "Corpus")
        if encoding_errors not in _ENCODING_ERRORS:
            choices = ", ".join(repr(c) for c in _ENCODING_ERRORS)
            raise ConfigError(
                f"Corpus: encoding_errors must be one of {choices}; got {encoding_errors!r}."
            )
        if (
            isinstance(max_sentence_length, bool)
            or not isinstance(max_sentence_length, int)
            or max_sentence_length < 1
        ):
            raise ConfigError(
                f"Corpus: max_sentence_length must be an integer >= 1; got {max_sentence_length!r}."
            )
        self._tokenizer: Tokenizer = tokenizer
        self._encoding_errors: EncodingErrors = encoding_errors
        self._max_sentence_length = max_sentence_length
        self._replaced_bytes = 0
        self._consumed = False
        self._paths: list[str] | None = None
        self._iterable: Iterable[Sequence[str]] | None = None
        if isinstance(source, (str, os.PathLike)):
            self._paths = [_fspath(source)]
        elif isinstance(source, (bytes, bytearray, memoryview)):
            raise CorpusError(
                "Corpus source must be a path, a list of paths or an iterable of token "
                f"lists; got {type(source).__name__}. Decode bytes to str first, or write "
                "them to a file and pass its path."
            )
        elif (
            isinstance(source, (list, tuple))
            and source
            and all(isinstance(item, (str, os.PathLike)) for item in source)
        ):
            self._paths = [_fspath(item) for item in source]
        elif isinstance(source, Iterable):
            self._iterable = cast(Iterable[Sequence[str]], source)
        else:
            raise CorpusError(
                "Corpus source must be a path, a list of paths, or an iterable of sentences "
                f"(lists of str tokens); got {type(source).__name__} ({source!r:.60})."
            )
        if self._paths is not None:
            all_str = all(isinstance(item, str) for item in _as_list(source))
            for path in self._paths:
                check_exists(path, hint_sentences=all_str)
        # A one-shot iterator (generator, map, file object...) can be read only once.
        self._one_shot = isinstance(self._iterable, Iterator)

    # -- public API -----------------------------------------------------------------

    @property
    def tokenizer(self) -> Tokenizer:
        """The tokeniser applied to lines of text files."""
        return self._tokenizer

    @property
    def encoding_errors(self) -> EncodingErrors:
        """The policy for invalid UTF-8 bytes."""
        return self._encoding_errors

    @property
    def max_sentence_length(self) -> int:
        """Longest sentence in tokens; longer ones are cut into pieces."""
        return self._max_sentence_length

    @property
    def replaced_bytes(self) -> int:
        """Invalid UTF-8 bytes replaced or ignored during the last (or current) read."""
        return self._replaced_bytes

    @property
    def reiterable(self) -> bool:
        """Whether the corpus can be read more than once (False for a generator)."""
        return not self._one_shot

    def sentences(self) -> Iterator[list[str]]:
        """Read the corpus, yielding one list of tokens per sentence.

        Files are read again on every call. Empty sentences are never yielded.

        Raises
        ------
        CorpusError
            If a file cannot be read or decoded (``encoding_errors="strict"``), if an item
            of an iterable is not a list of ``str``, or if a one-shot iterator is read a
            second time.

        Examples
        --------
        >>> corpus = Corpus([("a", "b"), [], ["c"]])
        >>> [sentence for sentence in corpus.sentences()]
        [['a', 'b'], ['c']]
        """
        pending: list[str] = []  # tokens of a sentence begun in earlier blocks
        start = base = 0  # global offsets of the current sentence and of the block
        for tokens, ends in self._blocks():
            for end in ends.tolist():
                if start < base:
                    pending.extend(tokens[: end - base])
                    yield pending
                    pending = []
                else:
                    yield tokens[start - base : end - base]
                start = end
            if start < base:
                pending.extend(tokens)
            else:
                pending = tokens[start - base :]
            base += len(tokens)

    def fingerprint(self) -> dict[str, object] | None:
        """What identifies the corpus contents, as a JSON-ready dictionary.

        It lists every file to be read (resolved path, size and modification time in
        nanoseconds) and the reading options; it changes when any of them changes. In-memory
        iterables have no fingerprint (``None``).

        Examples
        --------
        >>> Corpus([["a", "b"]]).fingerprint() is None
        True
        """
        if self._paths is None:
            return None
        files: list[dict[str, object]] = []
        for path in self._files():
            try:
                stat = os.stat(path)
            except OSError as error:
                raise CorpusError(f"cannot read corpus file {path!r}: {error.strerror}.") from None
            files.append(
                {"path": os.path.realpath(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
            )
        return {
            "files": files,
            "tokenizer": self._tokenizer,
            "encoding_errors": self._encoding_errors,
            "max_sentence_length": self._max_sentence_length,
        }

    def describe(self) -> str:
        """A short description for messages, e.g. ``"'a.txt' (+2 more files)"``.

        Examples
        --------
        >>> Corpus(iter([["a"]])).describe()
        'a one-shot iterator of token lists'
        """
        if self._paths is None:
            if self._one_shot:
                return "a one-shot iterator of token lists"
            return "an iterable of token lists"
        first = self._paths[0]
        text = f"folder {first!r}" if os.path.isdir(first) else repr(first)
        rest = self._paths[1:]
        if rest:
            kind = "paths" if any(os.path.isdir(path) for path in rest) else "files"
            text += f" (+{len(rest)} more {kind if len(rest) > 1 else kind[:-1]})"
        return text

    def __repr__(self) -> str:
        source = self.describe()
        return (
            f"Corpus({source}, tokenizer={self._tokenizer!r}, "
            f"encoding_errors={self._encoding_errors!r}, "
            f"max_sentence_length={self._max_sentence_length})"
        )

    # -- internals shared with the encoder -------------------------------------------

    def _blocks(self) -> Iterator[Block]:
        """Yield ``(tokens, ends)`` blocks.

        ``tokens`` continue the token stream; ``ends`` are the global, exclusive end offsets
        of the sentences completed within the block (strictly increasing across blocks,
        empty sentences removed, long ones cut). At the end the last offset equals the
        number of tokens read.
        """
        raw = self._file_blocks() if self._paths is not None else self._iterable_blocks()
        return self._with_ends(raw, [])

    def _id_blocks(self, table: WordTable, *, grow: bool) -> Iterator[IdBlock]:
        """Like :meth:`_blocks`, with each token replaced by its id in ``table``: a new id
        for a new word when ``grow``, else -1. Text is split by compiled code, without
        making a ``str`` per token."""
        if self._paths is None:
            raw: Iterator[IdBlock] = (
                (table.add(tokens, grow=grow), breaks) for tokens, breaks in self._iterable_blocks()
            )
        else:
            raw = self._file_id_blocks(table, grow)
        return self._with_ends(raw, _NO_IDS)

    def _with_ends(
        self, raw: Iterator[tuple[Tokens, npt.NDArray[np.int64]]], empty: Tokens
    ) -> Iterator[tuple[Tokens, npt.NDArray[np.int64]]]:
        """Turn each raw block's line breaks (token counts within the block) into global
        sentence ends; ``empty`` carries the last sentence end."""
        self._replaced_bytes = 0
        ends = SentenceEnds(self._max_sentence_length)
        for tokens, breaks in raw:
            yield tokens, ends.push(len(tokens), breaks)
        last = ends.close()
        if last.size:
            yield empty, last

    def _add_replaced(self, count: int) -> None:
        self._replaced_bytes += count

    def _files(self) -> list[str]:
        assert self._paths is not None
        files: list[str] = []
        for path in self._paths:
            if os.path.isdir(path):
                files.extend(walk(path))
            else:
                check_exists(path, hint_sentences=False)
                files.append(path)
        return files

    def _file_blocks(self) -> Iterator[Block]:
        split = block_tokenizer(self._tokenizer)
        for path in self._files():
            for piece in _textio.iter_utf8(path, self._encoding_errors, self._add_replaced):
                lines = split(piece.decode("utf-8"))
                if len(lines) == 1:
                    if lines[0]:
                        yield lines[0], NO_BREAKS
                    continue
                lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
                yield list(chain.from_iterable(lines)), np.cumsum(lengths[:-1])
            yield [], _AT_FILE_END  # the end of a file ends its last sentence

    def _file_id_blocks(self, table: WordTable, grow: bool) -> Iterator[IdBlock]:
        split = None if self._tokenizer == "whitespace" else block_tokenizer(self._tokenizer)
        for path in self._files():
            for piece in _textio.iter_utf8(path, self._encoding_errors, self._add_replaced):
                if split is not None:  # tokens never hold whitespace: re-join them with it
                    lines = split(piece.decode("utf-8"))
                    piece = "\n".join(map(" ".join, lines)).encode("utf-8")
                yield table.scan(piece, grow=grow)
            yield _NO_IDS, _AT_FILE_END

    def _iterable_blocks(self) -> Iterator[Block]:
        assert self._iterable is not None
        if self._one_shot:
            if self._consumed:
                raise CorpusError(
                    "this corpus is a one-shot iterator (e.g. a generator) that was already "
                    "read; pass a list of token lists, a file, or an object whose __iter__ "
                    "starts a fresh pass to read it more than once."
                )
            self._consumed = True
        tokens: list[str] = []
        breaks: list[int] = []
        for number, item in enumerate(self._iterable):
            tokens += check_sentence(item, number)
            breaks.append(len(tokens))
            if len(tokens) >= _ITERABLE_BLOCK:
                yield tokens, np.array(breaks, dtype=np.int64)
                tokens, breaks = [], []
        if tokens or breaks:
            yield tokens, np.array(breaks, dtype=np.int64)


def _fspath(path: str | os.PathLike[str]) -> str:
    return os.fsdecode(os.fspath(path))


def _as_list(source: object) -> list[object]:
    return list(source) if isinstance(source, (list, tuple)) else [source]
