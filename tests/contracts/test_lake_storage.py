"""Every lake storage backend keeps the same promises: content keys, idempotent puts,
no partial objects, nothing outside the lake."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pytest

from aqyl.lake.storage import LakeStorage


@pytest.fixture(params=["local", "memory"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LakeStorage]:
    if request.param == "local":
        yield LakeStorage(str(tmp_path / "lake"))
    else:
        root = f"memory://lake-{uuid.uuid4().hex}"
        yield LakeStorage(root)
        memory = fsspec.filesystem("memory")
        if memory.exists(root.removeprefix("memory://")):
            memory.rm(root.removeprefix("memory://"), recursive=True)


def blob(tmp_path: Path, content: bytes) -> tuple[Path, str]:
    path = tmp_path / f"{uuid.uuid4().hex}.parquet"
    path.write_bytes(content)
    return path, hashlib.sha256(content).hexdigest()


def test_put_and_read_back(storage: LakeStorage, tmp_path: Path) -> None:
    path, digest = blob(tmp_path, b"PAR1 fake parquet bytes PAR1")
    key = storage.put_version(path, digest)
    assert key == f"versions/{digest[:2]}/{digest}.parquet"
    assert storage.exists(key)
    assert storage.size(key) == path.stat().st_size
    with storage.open(key) as handle:
        assert handle.read() == path.read_bytes()


def test_same_content_is_stored_once(storage: LakeStorage, tmp_path: Path) -> None:
    path, digest = blob(tmp_path, b"same bytes")
    assert storage.put_version(path, digest) == storage.put_version(path, digest)
    listing = storage.fs.find(storage.root)
    assert len([p for p in listing if p.endswith(".parquet")]) == 1
    assert not [p for p in listing if ".partial-" in p]


def test_delete(storage: LakeStorage, tmp_path: Path) -> None:
    path, digest = blob(tmp_path, b"to delete")
    key = storage.put_version(path, digest)
    storage.delete(key)
    assert not storage.exists(key)
    storage.delete(key)  # deleting twice is fine


@pytest.mark.parametrize("key", ["../outside.parquet", "/etc/passwd", "versions/../../x"])
def test_keys_cannot_leave_the_lake(storage: LakeStorage, key: str) -> None:
    with pytest.raises(ValueError, match="outside the lake"):
        storage.exists(key)


def test_version_keys_need_a_digest() -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        LakeStorage.version_key("not-a-digest")
