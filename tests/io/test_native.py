"""Tests of firth.io.native: the pickle-free, memory-mappable, crash-safe directory format."""

from __future__ import annotations

import builtins
import json
import os
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from firth.errors import ConfigError, FormatError
from firth.io.native import decode_words, encode_words, is_native, load_native, save_native


def _arrays() -> dict[str, np.ndarray]:
    return {
        "vectors": np.arange(12, dtype=np.float32).reshape(4, 3) / 7,
        "ids": np.array([5, -1, 2**40], dtype=np.int64),
        "flags": np.array([True, False]),
        "bytes": np.arange(5, dtype=np.uint8),
        "names": np.array(["a", "日本"]),
        "empty": np.zeros((0, 3), dtype=np.float64),
        "fortran": np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)),
    }


def _data_files(path: Path) -> list[str]:
    return sorted(n for n in os.listdir(path) if n != "manifest.json")


def _rewrite_manifest(path: Path, **changes: Any) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((path / "manifest.json").read_text())
    manifest.update(changes)
    (path / "manifest.json").write_text(json.dumps(manifest))
    return manifest


@pytest.mark.parametrize("mmap", [True, False])
def test_round_trip(tmp_path: Path, mmap: bool) -> None:
    arrays = _arrays()
    save_native(tmp_path / "m", arrays, {"kind": "demo", "metadata": {"café": [1, 2.5, None]}})
    manifest, loaded = load_native(tmp_path / "m", mmap=mmap)
    assert manifest["kind"] == "demo"
    assert manifest["metadata"] == {"café": [1, 2.5, None]}
    assert set(loaded) == set(arrays)
    for name, array in arrays.items():
        assert loaded[name].dtype == array.dtype, name
        np.testing.assert_array_equal(loaded[name], array)
        assert type(loaded[name]) is np.ndarray
        assert loaded[name].flags.writeable is (not mmap)


def test_mmap_is_memory_mapped(tmp_path: Path) -> None:
    save_native(tmp_path, {"x": np.ones((100, 4), dtype=np.float32)}, {})
    _, arrays = load_native(tmp_path)
    assert isinstance(arrays["x"].base, np.memmap)
    with pytest.raises(ValueError, match="read-only"):
        arrays["x"][0, 0] = 2.0


def test_manifest_is_plain_sorted_json(tmp_path: Path) -> None:
    save_native(tmp_path, {"vectors": np.zeros((2, 3), dtype=np.float32)}, {"kind": "k"})
    text = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert text == json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    assert manifest["format"] == "firth-native"
    assert manifest["format_version"] == 1
    entry = manifest["arrays"]["vectors"]
    assert entry["dtype"] == "<f4"
    assert entry["shape"] == [2, 3]
    assert entry["file"].startswith("vectors.")
    assert entry["file"].endswith(".npy")
    assert _data_files(tmp_path) == [entry["file"]]


def test_resave_removes_stale_files(tmp_path: Path) -> None:
    save_native(tmp_path, {"a": np.zeros(3), "b": np.ones(2)}, {})
    old_files = _data_files(tmp_path)
    save_native(tmp_path, {"a": np.full(3, 7.0)}, {})
    manifest, arrays = load_native(tmp_path)
    assert set(arrays) == {"a"}
    np.testing.assert_array_equal(arrays["a"], [7.0, 7.0, 7.0])
    assert _data_files(tmp_path) == [manifest["arrays"]["a"]["file"]]
    assert not set(old_files) & set(_data_files(tmp_path))


def test_crash_before_manifest_commit_keeps_old_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_native(tmp_path, {"v": np.array([1.0, 2.0])}, {"metadata": {"version": "old"}})
    real_replace = os.replace

    def crash_on_manifest(src: str, dst: str) -> None:
        if os.path.basename(dst) == "manifest.json":
            raise OSError("simulated crash before the commit")
        real_replace(src, dst)

    monkeypatch.setattr("firth.io.atomic.os.replace", crash_on_manifest)
    with pytest.raises(OSError, match="simulated crash"):
        save_native(tmp_path, {"v": np.array([9.0, 9.0, 9.0])}, {"metadata": {"version": "new"}})
    monkeypatch.undo()

    manifest, arrays = load_native(tmp_path)
    assert manifest["metadata"] == {"version": "old"}
    np.testing.assert_array_equal(arrays["v"], [1.0, 2.0])
    # The new array file was written but is not referenced: an orphan, until the next save.
    assert len(_data_files(tmp_path)) == 2

    save_native(tmp_path, {"v": np.array([3.0])}, {"metadata": {"version": "newer"}})
    manifest, arrays = load_native(tmp_path)
    assert manifest["metadata"] == {"version": "newer"}
    np.testing.assert_array_equal(arrays["v"], [3.0])
    assert _data_files(tmp_path) == [manifest["arrays"]["v"]["file"]]


def test_crash_while_writing_arrays_keeps_old_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_native(tmp_path, {"a": np.zeros(2), "b": np.zeros(2)}, {"kind": "old"})
    real_save = np.save
    calls = []

    def crash_on_second(file: Any, array: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            file.write(b"\x93NUMPY partial")
            raise KeyboardInterrupt
        real_save(file, array, **kwargs)

    monkeypatch.setattr("firth.io.native.np.save", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        save_native(tmp_path, {"a": np.ones(2), "b": np.ones(2)}, {"kind": "new"})
    monkeypatch.undo()
    manifest, arrays = load_native(tmp_path)
    assert manifest["kind"] == "old"
    np.testing.assert_array_equal(arrays["a"], [0.0, 0.0])
    assert not any(n.endswith(".tmp") for n in os.listdir(tmp_path))


def test_first_save_crash_leftovers_do_not_block_the_next_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def crash_on_manifest(src: str, dst: str) -> None:
        if os.path.basename(dst) == "manifest.json":
            raise OSError("crash")
        real_replace(src, dst)

    monkeypatch.setattr("firth.io.atomic.os.replace", crash_on_manifest)
    with pytest.raises(OSError, match="crash"):
        save_native(tmp_path / "m", {"v": np.zeros(2)}, {})
    monkeypatch.undo()
    with pytest.raises(FormatError, match=r"no manifest\.json"):
        load_native(tmp_path / "m")
    (tmp_path / "m" / ".manifest.json.0123456789abcdef.tmp").write_text("{")
    save_native(tmp_path / "m", {"v": np.ones(2)}, {})
    assert sorted(os.listdir(tmp_path / "m"))[0] == "manifest.json"
    assert len(os.listdir(tmp_path / "m")) == 2


def test_resave_from_memory_mapped_arrays_of_the_same_directory(tmp_path: Path) -> None:
    save_native(tmp_path, {"v": np.arange(4.0)}, {"kind": "first"})
    _, arrays = load_native(tmp_path, mmap=True)
    save_native(tmp_path, {"v": arrays["v"], "w": arrays["v"] * 2}, {"kind": "second"})
    manifest, again = load_native(tmp_path)
    assert manifest["kind"] == "second"
    np.testing.assert_array_equal(again["v"], [0.0, 1.0, 2.0, 3.0])
    np.testing.assert_array_equal(again["w"], [0.0, 2.0, 4.0, 6.0])


def test_refuses_foreign_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("precious")
    with pytest.raises(FormatError, match=r"not empty and is not a firth model.*thesis\.tex"):
        save_native(tmp_path, {"v": np.zeros(2)}, {})
    assert os.listdir(tmp_path) == ["thesis.tex"]
    assert (tmp_path / "thesis.tex").read_text() == "precious"


def test_refuses_directory_with_foreign_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"name": "some other tool"}')
    with pytest.raises(FormatError, match="not a firth manifest"):
        save_native(tmp_path, {"v": np.zeros(2)}, {})
    assert os.listdir(tmp_path) == ["manifest.json"]


def test_refuses_plain_file(tmp_path: Path) -> None:
    target = tmp_path / "model.bin"
    target.write_bytes(b"data")
    with pytest.raises(FormatError, match="not a directory"):
        save_native(target, {"v": np.zeros(2)}, {})
    assert target.read_bytes() == b"data"


def test_keeps_user_files_inside_a_firth_directory(tmp_path: Path) -> None:
    save_native(tmp_path, {"v": np.zeros(2)}, {})
    (tmp_path / "README.txt").write_text("notes")
    (tmp_path / "mine.npy").write_bytes(b"x")
    save_native(tmp_path, {"v": np.ones(2)}, {})
    assert (tmp_path / "README.txt").read_text() == "notes"
    assert (tmp_path / "mine.npy").exists()


def test_saves_into_existing_empty_directory(tmp_path: Path) -> None:
    save_native(tmp_path, {"v": np.zeros(2)}, {})
    assert is_native(tmp_path)


@pytest.mark.parametrize(
    "array", [np.array([1, "a", None], dtype=object), np.zeros(2, dtype=[("a", "<f4")])]
)
def test_save_refuses_object_and_record_arrays(tmp_path: Path, array: np.ndarray) -> None:
    with pytest.raises(FormatError, match="without pickle"):
        save_native(tmp_path / "m", {"bad": array}, {})
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("key", ["format", "format_version", "arrays", "firth_version"])
def test_save_refuses_reserved_manifest_keys(tmp_path: Path, key: str) -> None:
    with pytest.raises(ConfigError, match="reserved"):
        save_native(tmp_path, {}, {key: 1})


@pytest.mark.parametrize("name", ["", "a/b", "../x", "a.b", "-x", "x" * 65])
def test_save_refuses_bad_array_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError, match="array name"):
        save_native(tmp_path, {name: np.zeros(1)}, {})


@pytest.mark.parametrize("metadata", [{"s": {1, 2}}, {"nan": float("nan")}, {"a": object()}])
def test_save_refuses_non_json_manifest(tmp_path: Path, metadata: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match="plain JSON"):
        save_native(tmp_path / "m", {"v": np.zeros(1)}, {"metadata": metadata})
    assert not (tmp_path / "m").exists()


# -- loading damaged or hostile directories ------------------------------------------------


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "model"
    save_native(path, {"vectors": np.ones((2, 3), dtype=np.float32)}, {"kind": "x"})
    return path


def _vectors_file(model: Path) -> Path:
    manifest = json.loads((model / "manifest.json").read_text())
    return model / str(manifest["arrays"]["vectors"]["file"])


def test_load_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="does not exist"):
        load_native(tmp_path / "nope")


def test_load_missing_manifest(model: Path) -> None:
    (model / "manifest.json").unlink()
    with pytest.raises(FormatError, match=r"model is not a firth model directory.*no manifest"):
        load_native(model)


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b"[1, 2]"])
def test_load_invalid_manifest(model: Path, content: bytes) -> None:
    (model / "manifest.json").write_bytes(content)
    with pytest.raises(FormatError, match=r"manifest\.json"):
        load_native(model)


def test_load_wrong_marker(model: Path) -> None:
    _rewrite_manifest(model, format="gensim")
    with pytest.raises(FormatError, match="'format' is 'gensim'"):
        load_native(model)


def test_load_newer_version(model: Path) -> None:
    _rewrite_manifest(model, format_version=2)
    with pytest.raises(FormatError, match="newer firth"):
        load_native(model)


def test_load_missing_array_file(model: Path) -> None:
    _vectors_file(model).unlink()
    with pytest.raises(FormatError, match=r"vectors\.[0-9a-f]+\.npy is missing"):
        load_native(model)


def test_load_shape_mismatch(model: Path) -> None:
    manifest = json.loads((model / "manifest.json").read_text())
    manifest["arrays"]["vectors"]["shape"] = [3, 2]
    (model / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(
        FormatError, match=r"shape \(2, 3\).*manifest says float32 of shape \(3, 2\)"
    ):
        load_native(model)


def test_load_dtype_mismatch(model: Path) -> None:
    manifest = json.loads((model / "manifest.json").read_text())
    manifest["arrays"]["vectors"]["dtype"] = "<f8"
    (model / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(FormatError, match="inconsistent"):
        load_native(model)


def test_load_refuses_object_dtype_in_manifest(model: Path) -> None:
    manifest = json.loads((model / "manifest.json").read_text())
    manifest["arrays"]["vectors"]["dtype"] = "|O"
    (model / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(FormatError, match="without pickle"):
        load_native(model)


def test_load_refuses_path_traversal(model: Path, tmp_path: Path) -> None:
    np.save(tmp_path / "outside.npy", np.ones((2, 3), dtype=np.float32))
    manifest = json.loads((model / "manifest.json").read_text())
    manifest["arrays"]["vectors"]["file"] = "../outside.npy"
    (model / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(FormatError, match=r"plain \.npy file name"):
        load_native(model)


def test_load_truncated_array(model: Path) -> None:
    path = _vectors_file(model)
    path.write_bytes(path.read_bytes()[:-5])
    with pytest.raises(FormatError, match="damaged"):
        load_native(model, mmap=False)
    with pytest.raises(FormatError, match="damaged"):
        load_native(model, mmap=True)


class _CreatesMarker:
    """Unpickling this object would create a file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (builtins.open, (str(self.marker), "w"))


def test_load_never_unpickles_a_pickle_renamed_npy(model: Path, tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    _vectors_file(model).write_bytes(pickle.dumps(_CreatesMarker(marker)))
    with pytest.raises(FormatError, match=r"not a \.npy file"):
        load_native(model)
    assert not marker.exists()
    # the payload really is live: unpickling it would have created the marker
    pickle.loads(_vectors_file(model).read_bytes()).close()
    assert marker.exists()


def test_load_never_unpickles_an_object_npy(model: Path, tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    payload = np.empty((2, 3), dtype=object)
    payload[...] = _CreatesMarker(marker)
    np.save(_vectors_file(model), payload, allow_pickle=True)
    with pytest.raises(FormatError, match="object array"):
        load_native(model)
    assert not marker.exists()


# -- words ---------------------------------------------------------------------------------


@pytest.mark.parametrize("words", [[], [""], ["the", "café", "日本", "🙂", "", "a b", "tab\there"]])
def test_words_round_trip(words: list[str]) -> None:
    data, offsets = encode_words(words)
    assert data.dtype == np.uint8
    assert offsets.dtype == np.int64
    assert offsets.shape == (len(words) + 1,)
    assert data.tobytes() == "".join(words).encode()
    assert decode_words(data, offsets) == words


def test_encode_refuses_surrogates_and_non_str() -> None:
    with pytest.raises(FormatError, match="word 1"):
        encode_words(["ok", "\udcff"])
    with pytest.raises(FormatError, match="word 0 must be a str"):
        encode_words([b"bytes"])  # type: ignore[list-item,unused-ignore]


@pytest.mark.parametrize(
    ("data", "offsets", "message"),
    [
        (np.array([97, 98], dtype=np.uint8), np.array([0, 2, 1, 2]), "must not decrease"),
        (np.array([97, 98], dtype=np.uint8), np.array([0, 3]), "end at the data length"),
        (np.array([97, 98], dtype=np.uint8), np.array([1, 2]), "start at 0"),
        (np.array([97, 98], dtype=np.uint8), np.array([], dtype=np.int64), "non-empty"),
        (np.array([97, 98], dtype=np.uint8), np.array([0.0, 2.0]), "integer"),
        (np.array([97, 98], dtype=np.int32), np.array([0, 2]), "uint8"),
        (np.array([97, 0xC3], dtype=np.uint8), np.array([0, 1, 2]), "word 1 is not valid UTF-8"),
    ],
)
def test_decode_validates(data: np.ndarray, offsets: np.ndarray, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        decode_words(data, offsets, source="here")
