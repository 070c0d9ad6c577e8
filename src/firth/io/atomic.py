"""Atomic file writes: a temporary file in the same directory, then one rename.

A reader (or a crash) sees either the complete previous file or the complete new one, never
a half-written file. The temporary file lives next to the target so that the final
:func:`os.replace` is a rename within one file system, which POSIX and Windows perform
atomically.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

__all__ = ["atomic_write", "atomic_write_text", "fsync_directory", "temporary_name"]

logger = logging.getLogger(__name__)

#: Suffix of the temporary files written by :func:`atomic_write`.
TEMP_SUFFIX = ".tmp"


def temporary_name(target: str) -> str:
    """The name of a fresh temporary file next to ``target`` (hidden, random, ``.tmp``).

    Examples
    --------
    >>> name = temporary_name("model/manifest.json")
    >>> name.startswith("model/.manifest.json.") and name.endswith(".tmp")
    True
    """
    directory, base = os.path.split(target)
    return os.path.join(directory, f".{base}.{secrets.token_hex(8)}{TEMP_SUFFIX}")


def fsync_directory(directory: str | os.PathLike[str]) -> None:
    """Flush a directory's entries (new, renamed, removed files) to disk; best effort.

    Some platforms (Windows) cannot open a directory; there this does nothing.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     fsync_directory(tmp)
    """
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - file systems that refuse fsync on directories
        logger.debug("fsync of directory %s failed; continuing", directory)
    finally:
        os.close(fd)


@contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Write a file atomically: yield a binary file, then rename it onto ``path``.

    The data go to a new temporary file in the same directory as ``path``. When the
    ``with`` block ends normally the file is flushed, fsynced and renamed onto ``path``
    with :func:`os.replace` (replacing any previous file). When the block raises (or the
    process dies) the temporary file is removed (or left as a hidden ``.tmp`` file) and
    the previous ``path``, if any, is untouched.

    Parameters
    ----------
    path
        The file to create or replace. Its directory must exist. If ``path`` is a
        symbolic link, the link itself is replaced by a regular file.

    Yields
    ------
    BinaryIO
        The temporary file, open for writing bytes.

    Raises
    ------
    OSError
        If the directory does not exist or is not writable, or ``path`` is a directory.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = os.path.join(tmp, "data.bin")
    ...     with atomic_write(target) as f:
    ...         _ = f.write(b"complete")
    ...     try:
    ...         with atomic_write(target) as f:
    ...             _ = f.write(b"half")
    ...             raise RuntimeError("crash")
    ...     except RuntimeError:
    ...         pass
    ...     with open(target, "rb") as f:
    ...         f.read(), sorted(os.listdir(tmp))
    (b'complete', ['data.bin'])
    """
    target = os.fspath(path)
    if isinstance(target, bytes):  # pragma: no cover - rejected by the type hints
        raise TypeError("atomic_write needs a str path, not bytes.")
    # O_EXCL with a random name instead of tempfile.mkstemp: the file gets the usual
    # permissions (0o666 minus the umask) rather than mkstemp's private 0o600.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = temporary_name(target)
        try:
            fd = os.open(temp, flags, 0o666)
            break
        except FileExistsError:  # pragma: no cover - 64 random bits collided
            continue
    try:
        with os.fdopen(fd, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            logger.warning("could not remove temporary file %s", temp)
        raise
    fsync_directory(os.path.dirname(os.path.abspath(target)))


def atomic_write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write`).

    The text is written as is: no newline translation.

    Parameters
    ----------
    path
        The file to create or replace.
    text
        The complete new content.
    encoding
        The text encoding.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = os.path.join(tmp, "notes.txt")
    ...     atomic_write_text(target, "café\\n")
    ...     with open(target, "rb") as f:
    ...         f.read()
    b'caf\\xc3\\xa9\\n'
    """
    data = text.encode(encoding)
    with atomic_write(path) as file:
        file.write(data)
