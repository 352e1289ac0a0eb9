"""The client: datasets by name, their data as Arrow, pandas or polars, SQL, uploads."""

from __future__ import annotations

import importlib.util
import json
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pyarrow.parquet as pq

from aqyl.sdk._arrow import sql_table
from aqyl.sdk._transport import Transport, multipart_body

if TYPE_CHECKING:
    import polars

SLUG = re.compile(r"^(?P<org>[-a-zA-Z0-9_]+)/(?P<name>[a-z0-9-]+)(?:@(?P<version>\d+))?$")
FORMATS = ("parquet", "csv", "xlsx")
PAGE = 100  # the API's largest search page


def parse_slug(slug: str) -> tuple[str, str, int | None]:
    """`org/name` or `org/name@3` → (org, name, version or None)."""
    match = SLUG.match(slug.strip())
    if not match:
        raise ValueError(f"{slug!r} is not a dataset name: use 'org/name' or 'org/name@3'")
    number = match.group("version")
    return match.group("org"), match.group("name"), int(number) if number else None


class DatasetRef:
    """One dataset on the server, optionally pinned to a version; nothing is fetched until a
    method asks for it.

        ref = client.dataset("stat/regions@2")
        ref.info()["title"]
        for batch in ref.iter_batches(batch_size=10_000):
            ...
    """

    def __init__(self, transport: Transport, organisation: str, name: str,
                 version: int | None = None) -> None:
        self._transport = transport
        self.organisation = organisation
        self.name = name
        self.version = version

    @property
    def slug(self) -> str:
        return f"{self.organisation}/{self.name}" + (f"@{self.version}" if self.version else "")

    def __repr__(self) -> str:
        return f"DatasetRef({self.slug!r})"

    def _path(self, suffix: str = "") -> str:
        return f"/datasets/{quote(self.organisation, safe='')}/{quote(self.name, safe='')}{suffix}"

    def info(self) -> dict[str, Any]:
        """The dataset's catalog entry: titles, description, access level, latest version…"""
        found: dict[str, Any] = self._transport.json("GET", self._path())
        return found

    def versions(self) -> list[dict[str, Any]]:
        """Every version, newest first: number, rows, columns, checksum, lineage, note."""
        found: list[dict[str, Any]] = self._transport.json("GET", self._path("/versions"))
        return found

    def download(self, path: str | Path, *, format: str | None = None) -> Path:
        """Write the version to `path` as parquet (default, or from the extension), csv or
        xlsx; the file appears only once it is complete."""
        target = Path(path)
        suffix = target.suffix.lower().lstrip(".")
        chosen = format or (suffix if suffix in FORMATS else "parquet")
        if chosen not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {chosen!r}")
        partial = target.with_name(f".{target.name}.part")
        try:
            with partial.open("wb") as handle:
                self._transport.download(self._path("/download"), handle,
                                         params={"format": chosen, "version": self.version})
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return target

    @contextmanager
    def _parquet_copy(self) -> Iterator[Path]:
        """The version's Parquet file in a private temporary folder, removed afterwards."""
        with tempfile.TemporaryDirectory(prefix="aqyl-") as folder:
            yield self.download(Path(folder) / "data.parquet", format="parquet")

    def to_arrow(self) -> Any:
        """The whole version as a `pyarrow.Table`."""
        with self._parquet_copy() as path:
            return pq.read_table(path)

    def iter_batches(self, batch_size: int = 65_536) -> Iterator[Any]:
        """`pyarrow.RecordBatch`es of at most `batch_size` rows, read from a temporary copy of
        the Parquet file so that memory stays bounded however large the version is. The copy
        is removed when the iteration ends; `close()` the iterator if you stop early."""
        with self._parquet_copy() as path:
            parquet = pq.ParquetFile(path)
            try:
                yield from parquet.iter_batches(batch_size=batch_size)
            finally:
                parquet.close()

    def to_pandas(self) -> Any:
        """The version as a `pandas.DataFrame` (needs pandas)."""
        _require("pandas", "to_pandas")
        return self.to_arrow().to_pandas()

    def to_polars(self) -> polars.DataFrame:
        """The version as a `polars.DataFrame` (needs polars)."""
        _require("polars", "to_polars")
        import polars

        frame = polars.from_arrow(self.to_arrow())
        if not isinstance(frame, polars.DataFrame):  # a table always gives a frame
            raise TypeError(f"expected a polars.DataFrame, got {type(frame).__name__}")
        return frame


def _require(module: str, method: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise ImportError(f"{method}() needs {module}: pip install {module}")


class Client:
    """A connection to an aqyl server's API (see `aqyl.connect`)."""

    def __init__(self, url: str, token: str | None = None, *, language: str | None = None,
                 timeout: float = 300.0, transport: Transport | None = None) -> None:
        base = url.rstrip("/")
        base = base.removesuffix("/api/v1").removesuffix("/api")
        self.url = base
        self._transport = transport or Transport(base, token=token, language=language,
                                                 timeout=timeout)

    def __repr__(self) -> str:
        return f"Client({self.url!r})"  # never the token

    def dataset(self, slug: str, *, version: int | None = None) -> DatasetRef:
        """`"org/name"` (the latest version), `"org/name@3"` or `version=3`."""
        organisation, name, pinned = parse_slug(slug)
        if pinned and version and pinned != version:
            raise ValueError(f"{slug!r} names version {pinned}, but version={version} was given")
        return DatasetRef(self._transport, organisation, name, version or pinned)

    def datasets(self, q: str = "", *, limit: int | None = None, **facets: str
                 ) -> list[dict[str, Any]]:
        """Search the catalog: every word of `q` must match. Facets narrow it down:
        `organisation`, `sector`, `access_level`, `format`, `licence`, `update_frequency`,
        `quality` (high, medium, low, unknown); `sort` is relevance, updated, title,
        downloads or quality (highest score first). All matches, or the first `limit`."""
        found: list[dict[str, Any]] = []
        while limit is None or len(found) < limit:
            size = PAGE if limit is None else min(PAGE, limit - len(found))
            page = self._transport.json("GET", "/datasets", params={
                **facets, "q": q, "limit": size, "offset": len(found)})
            found.extend(page["items"])
            if not page["items"] or len(found) >= page["count"]:
                break
        return found

    def sql(self, query: str, *, limit: int | None = None) -> Any:
        """Run one read-only SELECT over the datasets you may read, naming them in double
        quotes (`SELECT * FROM "stat/regions"`); returns a `pyarrow.Table`. Dates, timestamps
        and decimals keep their types. If the result was cut at the row limit, the schema
        metadata says so: `table.schema.metadata[b"aqyl.truncated"] == b"true"`."""
        payload = self._transport.json("POST", "/sql", payload={"sql": query, "limit": limit})
        return sql_table(payload)

    def upload(self, path: str | Path, slug: str, *, title: str | None = None,
               title_ru: str | None = None, title_en: str | None = None,
               access: str | None = None, sector: str | None = None,
               licence: str | None = None, metadata: Mapping[str, Any] | None = None,
               options: Mapping[str, Any] | None = None, note: str = "") -> dict[str, Any]:
        """Upload a file as the next version of `org/name`, creating the dataset if it is new
        (then `title`, the Kazakh title, and `sector` are needed). The file is streamed from
        disk. `options` correct how it is read: encoding, delimiter, header_row, sheet,
        column_types… Returns the new version, as `versions()` lists it.

        Args:
            metadata: more of the new dataset's fields (description_kk, tags, …).
        """
        organisation, name, pinned = parse_slug(slug)
        if pinned:
            raise ValueError("an upload makes the next version: give 'org/name' without @")
        given = {"title_kk": title, "title_ru": title_ru, "title_en": title_en,
                 "access_level": access, "sector": sector, "licence": licence}
        described = {**(metadata or {}), **{k: v for k, v in given.items() if v is not None}}
        fields = {"note": note}
        if described:
            fields["metadata"] = json.dumps(described, ensure_ascii=False)
        if options:
            fields["options"] = json.dumps(dict(options), ensure_ascii=False)
        body = multipart_body(fields, "file", Path(path))
        created: dict[str, Any] = self._transport.json(
            "POST", f"/datasets/{quote(organisation, safe='')}/{quote(name, safe='')}/versions",
            body=body)
        return created


def connect(url: str, token: str | None = None, *, language: str | None = None,
            timeout: float = 300.0) -> Client:
    """A client for the aqyl server at `url`.

    Args:
        token: an API token (`aqyl token create`); without one, only open data is readable.
        language: kk, ru or en for the server's messages (errors); the server's default
            otherwise.
        timeout: seconds to wait for the server to answer or send more data.

        >>> import aqyl
        >>> client = aqyl.connect("https://data.example.kz", token="aqyl_…")  # doctest: +SKIP
        >>> client.dataset("stat/regions").to_pandas()                        # doctest: +SKIP
    """
    return Client(url, token, language=language, timeout=timeout)
