"""Tests of firth.io.atomic: the temporary-file-then-rename writes every writer uses."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from firth.io.atomic import atomic_write, atomic_write_text


def _write_then_fail(target: Path, error: BaseException) -> None:
    with atomic_write(target) as f:
        f.write(b"partial")
        raise error


def test_creates_file_with_content(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with atomic_write(target) as f:
        f.write(b"\x00\x01hello")
    assert target.read_bytes() == b"\x00\x01hello"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old content that is longer")
    with atomic_write(str(target)) as f:
        f.write(b"new")
    assert target.read_bytes() == b"new"


def test_target_appears_only_after_the_block(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with atomic_write(target) as f:
        f.write(b"new")
        f.flush()
        assert target.read_bytes() == b"old"
        temps = [n for n in os.listdir(tmp_path) if n != "out.bin"]
        assert len(temps) == 1
        assert temps[0].startswith(".out.bin.")
        assert temps[0].endswith(".tmp")
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_exception_keeps_old_file_and_removes_temp(tmp_path: Path, error: BaseException) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(type(error)):
        _write_then_fail(target, error)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_exception_without_previous_file_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with pytest.raises(ValueError, match="nope"):
        _write_then_fail(target, ValueError("nope"))
    assert os.listdir(tmp_path) == []


def test_failing_rename_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr("firth.io.atomic.os.replace", failing_replace)
    with pytest.raises(OSError, match="disk on fire"), atomic_write(target) as f:
        f.write(b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_missing_directory_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), atomic_write(tmp_path / "no" / "out.bin") as f:
        f.write(b"x")


def test_directory_target_raises_and_cleans_up(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    with pytest.raises(IsADirectoryError), atomic_write(tmp_path / "sub") as f:
        f.write(b"x")
    assert os.listdir(tmp_path) == ["sub"]
    assert os.listdir(tmp_path / "sub") == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_permissions_follow_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "out.bin") as f:
            f.write(b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "out.bin").stat().st_mode & 0o777 == 0o644


def test_write_text_is_utf8_without_newline_translation(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    atomic_write_text(target, "café\r\n日本\n")
    assert target.read_bytes() == "café\r\n日本\n".encode()
    atomic_write_text(target, "é", encoding="latin-1")
    assert target.read_bytes() == b"\xe9"
