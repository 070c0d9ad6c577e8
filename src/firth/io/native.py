"""firth's native format: a directory with ``manifest.json`` and ``.npy`` arrays.

The format is pickle-free (arrays are read with ``allow_pickle=False``, the manifest is
plain JSON), memory-mappable (each array is one ``.npy`` file) and crash-safe.

Layout of a model directory::

    model/
      manifest.json                 {"format": "firth-native", "format_version": 1,
                                     "arrays": {"vectors": {"file": "vectors.<token>.npy",
                                                            "dtype": "<f4", "shape": [V, D]}},
                                     ... caller keys, e.g. "kind", "metadata" ...}
      vectors.<token>.npy
      words_utf8.<token>.npy
      ...

Commit protocol of :func:`save_native`, so that a crash at any moment leaves either the
complete old model or the complete new one:

1. every array is written to a *new* file whose name holds a fresh random token (the old
   manifest never refers to it, so a half-written array is never read);
2. ``manifest.json`` is replaced atomically (temporary file, fsync, rename): this single
   rename is the commit;
3. array files that the new manifest does not reference are deleted.

Only one process may write a given directory at a time.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError, FormatError
from firth.io.atomic import TEMP_SUFFIX, atomic_write, atomic_write_text, fsync_directory

__all__ = [
    "FORMAT_MARKER",
    "FORMAT_VERSION",
    "MANIFEST_NAME",
    "check_word_arrays",
    "decode_checked_words",
    "decode_words",
    "encode_words",
    "is_native",
    "load_native",
    "save_native",
]

logger = logging.getLogger(__name__)

#: Value of the manifest's ``format`` key.
FORMAT_MARKER = "firth-native"
#: The manifest format version this module writes and reads.
FORMAT_VERSION = 1
#: File name of the manifest inside a model directory.
MANIFEST_NAME = "manifest.json"

_RESERVED_KEYS = frozenset({"format", "format_version", "arrays", "firth_version"})
_ARRAY_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,63}")
_TOKEN = r"[0-9a-f]{16}"
# Files save_native itself creates: arrays with a token, and temporary files of
# atomic_write for those arrays or for the manifest. Only such files are ever deleted.
_ARRAY_FILE = re.compile(rf"{_ARRAY_NAME.pattern}\.{_TOKEN}\.npy")
_TEMP_FILE = re.compile(
    rf"\.(?:{re.escape(MANIFEST_NAME)}|{_ARRAY_FILE.pattern})\.{_TOKEN}{re.escape(TEMP_SUFFIX)}"
)
# Plain numeric, boolean and fixed-width string dtypes; never objects or records.
_ALLOWED_KINDS = frozenset("biufcSU")


def _is_owned_file(name: str) -> bool:
    return bool(_ARRAY_FILE.fullmatch(name) or _TEMP_FILE.fullmatch(name))


def _check_storable_dtype(dtype: np.dtype[Any], what: str) -> None:
    if dtype.hasobject or dtype.kind not in _ALLOWED_KINDS or dtype.fields is not None:
        raise FormatError(
            f"{what} has dtype {dtype!s}, which the native format cannot store without "
            "pickle; use a numeric, boolean or fixed-width string dtype."
        )


def _read_manifest_file(path: Path) -> dict[str, Any]:
    manifest_path = path / MANIFEST_NAME
    try:
        raw = manifest_path.read_bytes()
    except FileNotFoundError:
        raise FormatError(
            f"{path} is not a firth model directory: it has no {MANIFEST_NAME}."
        ) from None
    except OSError as exc:
        raise FormatError(f"cannot read {manifest_path}: {exc}") from exc
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FormatError(f"{manifest_path} is not valid UTF-8 JSON: {exc}") from exc
    if not isinstance(manifest, dict):
        raise FormatError(
            f"{manifest_path} must hold a JSON object; got {type(manifest).__name__}."
        )
    return manifest


def is_native(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a directory holding a firth native manifest.

    Only the manifest's ``format`` marker is checked; :func:`load_native` validates the rest.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     before = is_native(tmp)
    ...     save_native(tmp, {}, {})
    ...     before, is_native(tmp)
    (False, True)
    """
    directory = Path(path)
    if not (directory / MANIFEST_NAME).is_file():
        return False
    try:
        manifest = _read_manifest_file(directory)
    except FormatError:
        return False
    return manifest.get("format") == FORMAT_MARKER


def _prepare_directory(directory: Path) -> None:
    """Create ``directory`` or check that overwriting it cannot destroy foreign files."""
    if directory.exists() and not directory.is_dir():
        raise FormatError(
            f"cannot save a firth model to {directory}: it exists and is not a directory "
            "(a firth model is a directory); choose another path or remove the file."
        )
    if not directory.exists():
        directory.mkdir()
        return
    if (directory / MANIFEST_NAME).exists():
        if is_native(directory):
            return
        raise FormatError(
            f"cannot save a firth model to {directory}: its {MANIFEST_NAME} is not a firth "
            "manifest, so the directory belongs to something else; choose another path."
        )
    foreign = sorted(name for name in os.listdir(directory) if not _is_owned_file(name))
    if foreign:
        shown = ", ".join(repr(n) for n in foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise FormatError(
            f"cannot save a firth model to {directory}: the directory is not empty and is "
            f"not a firth model (it holds {shown}); choose a new or empty directory."
        )


def save_native(
    path: str | os.PathLike[str],
    arrays: Mapping[str, npt.ArrayLike],
    manifest: Mapping[str, Any],
) -> None:
    """Save named arrays and a JSON manifest as a firth native model directory.

    The directory is created if needed (its parent must exist). Saving over a previous
    firth model replaces it atomically: a crash at any moment leaves either the complete
    old model or the complete new one (see the module documentation). Saving over a
    non-empty directory that is not a firth model, or over a file, is refused.

    Parameters
    ----------
    path
        The model directory.
    arrays
        Arrays by name. Names use letters, digits, ``_`` and ``-`` (at most 64
        characters). Dtypes must be numeric, boolean or fixed-width strings: object
        and record arrays are refused.
    manifest
        Extra JSON-serialisable keys for ``manifest.json`` (e.g. ``"kind"`` and
        ``"metadata"``). The keys ``format``, ``format_version``, ``arrays`` and
        ``firth_version`` are written by this function and may not be given.

    Raises
    ------
    FormatError
        If ``path`` is a file or a foreign non-empty directory, or an array has a dtype
        that cannot be stored without pickle.
    ConfigError
        If an array name or a manifest key is invalid, or the manifest is not JSON
        serialisable.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     model = os.path.join(tmp, "model")
    ...     save_native(model, {"x": np.arange(3.0)}, {"kind": "demo"})
    ...     manifest, arrays = load_native(model)
    ...     manifest["kind"], arrays["x"].tolist()
    ('demo', [0.0, 1.0, 2.0])
    """
    directory = Path(path)
    clashes = sorted(_RESERVED_KEYS.intersection(manifest))
    if clashes:
        raise ConfigError(
            f"manifest keys {clashes!r} are reserved for the native format itself; "
            "rename them (caller data usually goes under 'metadata')."
        )
    prepared: dict[str, npt.NDArray[Any]] = {}
    for name, value in arrays.items():
        if not isinstance(name, str) or not _ARRAY_NAME.fullmatch(name):
            raise ConfigError(
                f"array name {name!r} is invalid: use 1 to 64 letters, digits, '_' or '-', "
                "not starting with '-'."
            )
        array = np.asarray(value)
        _check_storable_dtype(array.dtype, f"array {name!r}")
        prepared[name] = array
    token = secrets.token_hex(8)
    files = {name: f"{name}.{token}.npy" for name in prepared}
    entries = {
        name: {"file": files[name], "dtype": array.dtype.str, "shape": list(array.shape)}
        for name, array in prepared.items()
    }
    from firth import __version__

    document = {
        **manifest,
        "format": FORMAT_MARKER,
        "format_version": FORMAT_VERSION,
        "firth_version": __version__,
        "arrays": entries,
    }
    try:
        text = json.dumps(document, indent=2, sort_keys=True, allow_nan=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"the manifest must be plain JSON (str keys; str, int, finite float, bool, None, "
            f"list, dict values): {exc}"
        ) from exc

    _prepare_directory(directory)
    for name, array in prepared.items():
        with atomic_write(directory / files[name]) as file:
            np.save(file, array, allow_pickle=False)
    fsync_directory(directory)
    atomic_write_text(directory / MANIFEST_NAME, text)  # the commit
    logger.debug("saved native model %s (%d arrays)", directory, len(prepared))

    referenced = set(files.values())
    for name in os.listdir(directory):
        if name not in referenced and _is_owned_file(name):
            try:
                os.unlink(directory / name)
            except OSError as exc:  # e.g. a memory-mapped file on Windows
                logger.warning("could not remove stale file %s: %s", directory / name, exc)


def _check_array_entry(manifest_path: Path, name: object, entry: object) -> tuple[str, Any]:
    where = f"{manifest_path}: array {name!r}"
    if not isinstance(name, str) or not _ARRAY_NAME.fullmatch(name):
        raise FormatError(f"{manifest_path}: invalid array name {name!r}.")
    if not isinstance(entry, dict):
        raise FormatError(f"{where} must be described by an object; got {entry!r}.")
    file = entry.get("file")
    if (
        not isinstance(file, str)
        or not file.endswith(".npy")
        or os.path.basename(file) != file
        or "/" in file
        or "\\" in file
        or file.startswith(".")
    ):
        raise FormatError(
            f"{where}: 'file' must be a plain .npy file name inside the model directory; "
            f"got {file!r}."
        )
    shape = entry.get("shape")
    if not isinstance(shape, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape
    ):
        raise FormatError(
            f"{where}: 'shape' must be a list of non-negative integers; got {shape!r}."
        )
    descr = entry.get("dtype")
    try:
        if not isinstance(descr, str):
            raise TypeError(descr)
        dtype = np.dtype(descr)
    except TypeError:
        raise FormatError(f"{where}: 'dtype' {descr!r} is not a NumPy dtype string.") from None
    _check_storable_dtype(dtype, where)
    return file, (tuple(shape), dtype)


def _load_array(file_path: Path, shape: tuple[int, ...], dtype: Any, mmap: bool) -> Any:
    try:
        with open(file_path, "rb") as file:
            header = _read_npy_header(file, file_path)
    except FileNotFoundError:
        raise FormatError(
            f"{file_path} is missing: the manifest lists it but the file does not exist."
        ) from None
    except OSError as exc:
        raise FormatError(f"cannot read {file_path}: {exc}") from exc
    file_shape, _, file_dtype = header
    if file_dtype.hasobject:
        raise FormatError(
            f"{file_path} holds an object array, which can only be read by unpickling; "
            "firth refuses to load it."
        )
    if file_shape != shape or file_dtype != dtype:
        raise FormatError(
            f"{file_path} holds a {file_dtype!s} array of shape {file_shape}, but the "
            f"manifest says {dtype!s} of shape {shape}; the model directory is inconsistent."
        )
    try:
        return np.load(file_path, allow_pickle=False, mmap_mode="r" if mmap else None)
    except (ValueError, OSError, EOFError) as exc:
        raise FormatError(f"{file_path} is damaged (truncated?): {exc}") from exc


def _read_npy_header(file: BinaryIO, file_path: Path) -> tuple[tuple[int, ...], bool, Any]:
    fmt = np.lib.format
    prefix = file.read(len(fmt.MAGIC_PREFIX))
    if prefix != fmt.MAGIC_PREFIX:
        raise FormatError(
            f"{file_path} is not a .npy file (it does not start with the NumPy magic "
            "bytes); firth never unpickles files."
        )
    file.seek(0)
    try:
        version = fmt.read_magic(file)
        if version == (1, 0):
            header = fmt.read_array_header_1_0(file)
        elif version == (2, 0):
            header = fmt.read_array_header_2_0(file)
        else:
            raise ValueError(f"unsupported .npy version {version}")
    except (ValueError, EOFError) as exc:
        raise FormatError(f"{file_path} has a damaged .npy header: {exc}") from exc
    shape, fortran, dtype = header
    return tuple(shape), bool(fortran), dtype


def load_native(
    path: str | os.PathLike[str], *, mmap: bool = True
) -> tuple[dict[str, Any], dict[str, npt.NDArray[Any]]]:
    """Load a firth native model directory: its manifest and its arrays.

    Nothing is unpickled or executed. The manifest and every array file are validated
    (format marker and version, file names, dtype and shape of each array against the
    manifest).

    Parameters
    ----------
    path
        The model directory.
    mmap
        Memory-map the arrays read-only (fast, shares memory between processes, reads
        lazily); with ``False`` the arrays are read into ordinary writable memory.

    Returns
    -------
    manifest : dict
        The whole manifest, including ``format``, ``format_version`` and ``arrays``.
    arrays : dict
        The arrays by name.

    Raises
    ------
    FormatError
        On any problem, naming the file and the problem: not a directory, no or invalid
        manifest, wrong format marker or unsupported version, a missing, damaged or
        mismatched array file, an object array or a pickle.

    Examples
    --------
    >>> import tempfile
    >>> import numpy as np
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     save_native(tmp, {"ids": np.array([3, 1], dtype=np.int64)}, {"metadata": {"a": 1}})
    ...     manifest, arrays = load_native(tmp, mmap=False)
    ...     manifest["format"], manifest["metadata"], arrays["ids"].tolist()
    ('firth-native', {'a': 1}, [3, 1])
    """
    directory = Path(path)
    if not directory.is_dir():
        what = "does not exist" if not directory.exists() else "is not a directory"
        raise FormatError(
            f"{directory} {what}; a firth native model is a directory holding {MANIFEST_NAME}."
        )
    manifest = _read_manifest_file(directory)
    manifest_path = directory / MANIFEST_NAME
    marker = manifest.get("format")
    if marker != FORMAT_MARKER:
        raise FormatError(
            f"{manifest_path} is not a firth native manifest: 'format' is {marker!r}, "
            f"expected {FORMAT_MARKER!r}."
        )
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version != FORMAT_VERSION:
        hint = (
            "it was written by a newer firth; upgrade firth"
            if isinstance(version, int) and not isinstance(version, bool) and version > 1
            else "the manifest is damaged"
        )
        raise FormatError(
            f"{manifest_path}: unsupported format_version {version!r} (this firth reads "
            f"version {FORMAT_VERSION}); {hint}."
        )
    entries = manifest.get("arrays")
    if not isinstance(entries, dict):
        raise FormatError(f"{manifest_path}: 'arrays' must be an object; got {entries!r}.")
    checked = {name: _check_array_entry(manifest_path, name, e) for name, e in entries.items()}
    files = [file for file, _ in checked.values()]
    if len(set(files)) != len(files):
        raise FormatError(f"{manifest_path}: two arrays refer to the same file.")
    arrays: dict[str, npt.NDArray[Any]] = {}
    for name, (file, (shape, dtype)) in checked.items():
        arrays[name] = np.asarray(_load_array(directory / file, shape, dtype, mmap))
    return manifest, arrays


def encode_words(words: Sequence[str]) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """Encode words as UTF-8 bytes, concatenated, plus ``len(words) + 1`` offsets.

    Word ``i`` is ``data[offsets[i]:offsets[i + 1]]``. This stores a vocabulary in two
    plain arrays, without pickle.

    Parameters
    ----------
    words
        The words (any strings, including empty ones).

    Returns
    -------
    data : ndarray of uint8
        The UTF-8 bytes of all words, concatenated.
    offsets : ndarray of int64
        Start of each word in ``data``, then ``len(data)``.

    Raises
    ------
    FormatError
        If a word is not a ``str`` or cannot be encoded as UTF-8 (lone surrogates).

    Examples
    --------
    >>> data, offsets = encode_words(["a", "café"])
    >>> data.tobytes(), offsets.tolist()
    (b'acaf\\xc3\\xa9', [0, 1, 6])
    >>> decode_words(data, offsets)
    ['a', 'café']
    """
    encoded: list[bytes] = []
    for i, word in enumerate(words):
        if not isinstance(word, str):
            raise FormatError(f"word {i} must be a str; got {type(word).__name__}.")
        try:
            encoded.append(word.encode("utf-8"))
        except UnicodeEncodeError as exc:
            raise FormatError(f"word {i} ({word!r}) cannot be encoded as UTF-8: {exc}") from exc
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
    return data, offsets


def decode_words(
    data: npt.ArrayLike, offsets: npt.ArrayLike, *, source: str | None = None
) -> list[str]:
    """Decode the words stored by :func:`encode_words`, validating both arrays.

    Parameters
    ----------
    data
        1-D uint8 array of concatenated UTF-8 bytes.
    offsets
        1-D integer array of ``n + 1`` offsets: starting at 0, non-decreasing, ending at
        ``len(data)``.
    source
        Where the arrays came from (a path), for error messages.

    Returns
    -------
    list of str
        The ``n`` words.

    Raises
    ------
    FormatError
        If the arrays have the wrong dtype or shape, the offsets are out of range or
        decreasing, or a word is not valid UTF-8.

    Examples
    --------
    >>> import numpy as np
    >>> decode_words(np.frombuffer("日本x".encode(), dtype=np.uint8), np.array([0, 6, 7]))
    ['日本', 'x']
    >>> decode_words(np.array([0xFF], dtype=np.uint8), np.array([0, 1]))
    Traceback (most recent call last):
    ...
    firth.errors.FormatError: word 0 is not valid UTF-8 (b'\\xff'): ...
    """
    return decode_checked_words(*check_word_arrays(data, offsets, source=source))


def check_word_arrays(
    data: npt.ArrayLike, offsets: npt.ArrayLike, *, source: str | None = None
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """Validate the arrays of :func:`encode_words` without decoding the words one by one.

    The checks are vectorised (a few milliseconds for a million words), which is what lets
    a vocabulary decode its words only when they are first needed.

    Returns
    -------
    data : ndarray of uint8
        ``data`` as an array (not copied).
    bounds : ndarray of int64
        The offsets.

    Raises
    ------
    FormatError
        As :func:`decode_words`.

    Examples
    --------
    >>> data, bounds = check_word_arrays(*encode_words(["a", "café"]))
    >>> bounds.tolist()
    [0, 1, 6]
    """
    prefix = f"{source}: " if source else ""
    data_array = np.asarray(data)
    offset_array = np.asarray(offsets)
    if data_array.ndim != 1 or data_array.dtype != np.uint8:
        raise FormatError(
            f"{prefix}word data must be a 1-D uint8 array; got {data_array.dtype} "
            f"of shape {data_array.shape}."
        )
    if (
        offset_array.ndim != 1
        or offset_array.size == 0
        or not np.issubdtype(offset_array.dtype, np.integer)
    ):
        raise FormatError(
            f"{prefix}word offsets must be a non-empty 1-D integer array; got "
            f"{offset_array.dtype} of shape {offset_array.shape}."
        )
    bounds = offset_array.astype(np.int64, copy=False)
    if bounds[0] != 0 or bounds[-1] != data_array.size:
        raise FormatError(
            f"{prefix}word offsets must start at 0 and end at the data length "
            f"({data_array.size}); got {int(bounds[0])} … {int(bounds[-1])}."
        )
    steps = np.diff(bounds)
    if steps.size and steps.min() < 0:
        bad = int(np.argmax(steps < 0))
        raise FormatError(
            f"{prefix}word offsets must not decrease; offset {bad + 1} ({int(bounds[bad + 1])})"
            f" is smaller than offset {bad} ({int(bounds[bad])})."
        )
    if not _all_valid_utf8(data_array, bounds):
        raw = data_array.tobytes()
        for i in range(len(bounds) - 1):
            chunk = raw[bounds[i] : bounds[i + 1]]
            try:
                chunk.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise FormatError(
                    f"{prefix}word {i} is not valid UTF-8 ({chunk[:40]!r}): {exc}"
                ) from None
    return data_array, bounds


def _all_valid_utf8(data: npt.NDArray[np.uint8], bounds: npt.NDArray[np.int64]) -> bool:
    """Whether every word is valid UTF-8: the whole is, and no word starts mid-character."""
    try:
        data.tobytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    starts = bounds[:-1]
    inside = starts[starts < data.size]
    return not bool(((data[inside] & 0xC0) == 0x80).any())


def decode_checked_words(data: npt.NDArray[np.uint8], bounds: npt.NDArray[np.int64]) -> list[str]:
    """Decode arrays that :func:`check_word_arrays` accepted."""
    fast = _decode_joined(data, bounds)
    if fast is not None:
        return fast
    raw = data.tobytes()
    starts = bounds.tolist()
    return [raw[starts[i] : starts[i + 1]].decode("utf-8") for i in range(len(starts) - 1)]


def _decode_joined(data: npt.NDArray[np.uint8], bounds: npt.NDArray[np.int64]) -> list[str] | None:
    """Decode every word with one ``bytes.decode`` and one ``str.split``, or ``None``.

    A separator byte that occurs in no word (a line feed, or failing that another control
    byte) is put between the words; since it is ASCII it cannot sit inside a valid UTF-8
    character, so the joined bytes are valid UTF-8 exactly when every word is. ``None``
    (use the word-by-word path) when the data are not valid UTF-8 or hold every candidate
    separator.
    """
    n = len(bounds) - 1
    if n == 0:
        return []
    if not (data == 10).any():
        separator: int | None = 10
    else:
        present = np.bincount(data, minlength=256) > 0
        separator = next((c for c in (0, 1, 2, 3, 4, 5, 6, 7, 8) if not present[c]), None)
    if separator is None:
        return None
    joined = np.insert(data, bounds[1:-1], np.uint8(separator)).tobytes()
    try:
        words = joined.decode("utf-8").split(chr(separator))
    except UnicodeDecodeError:
        return None
    return words if len(words) == n else None
