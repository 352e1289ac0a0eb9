"""Where dataset versions live: a local folder by default, any fsspec URL (s3://…) by setting.

Versions are immutable and content-addressed (`versions/ab/ab12….parquet`), so storing the same
bytes twice is a no-op and a half-written object is never visible under its final key.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import IO, Any

import fsspec


class LakeStorage:
    def __init__(self, url: str, **storage_options: Any) -> None:
        self.url = url
        self.fs, self.root = fsspec.core.url_to_fs(url, **storage_options)
        self.root = self.root.rstrip("/")
        self.is_local = "file" in _protocols(self.fs)

    @staticmethod
    def version_key(sha256: str) -> str:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return f"versions/{sha256[:2]}/{sha256}.parquet"

    def _path(self, key: str) -> str:
        if key.startswith("/") or ".." in key.split("/"):
            raise ValueError(f"key outside the lake: {key!r}")
        return f"{self.root}/{key}"

    def put_version(self, local: Path, sha256: str) -> str:
        """Store `local` under its content key; returns the key."""
        key = self.version_key(sha256)
        target = self._path(key)
        if self.fs.exists(target):
            return key
        self.fs.makedirs(target.rsplit("/", 1)[0], exist_ok=True)
        if self.is_local:
            partial = f"{target}.partial-{uuid.uuid4().hex}"
            try:
                self.fs.put_file(str(local), partial)
                self.fs.mv(partial, target)
            finally:
                if self.fs.exists(partial):
                    self.fs.rm_file(partial)
        else:
            self.fs.put_file(str(local), target)  # object stores publish whole objects only
        return key

    def exists(self, key: str) -> bool:
        return bool(self.fs.exists(self._path(key)))

    def size(self, key: str) -> int:
        return int(self.fs.size(self._path(key)))

    def open(self, key: str) -> IO[bytes]:
        handle: IO[bytes] = self.fs.open(self._path(key), "rb")
        return handle

    def delete(self, key: str) -> None:
        if self.exists(key):
            self.fs.rm_file(self._path(key))

    def local_path(self, key: str) -> Path | None:
        """A path engines such as DuckDB can read directly, when the lake is a local folder."""
        return Path(self._path(key)) if self.is_local else None


def _protocols(fs: Any) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)
