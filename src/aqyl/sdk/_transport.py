"""The one seam to the network: HTTP requests to the API with the standard library only.

Every request carries the token (`Authorization: Bearer …`) and the language for messages
(`Accept-Language`); refusals become `AqylError`s. Uploads are streamed from disk as multipart
bodies with a known length, so a large file is never read whole into memory.
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from http.client import HTTPMessage
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from aqyl import __version__
from aqyl.sdk._errors import AqylError, error_from_response

CHUNK = 1 << 20


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects within the server only: the token must never reach another host."""

    def redirect_request(  # noqa: PLR0917  (urllib's signature)
            self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
            headers: HTTPMessage, newurl: str) -> urllib.request.Request | None:
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if (old.scheme, old.netloc) != (new.scheme, new.netloc):
            return None  # urllib then raises the 3xx as an HTTPError
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass(frozen=True)
class Body:
    """A request body to stream: its content type, exact length and chunks."""

    content_type: str
    length: int
    chunks: Iterator[bytes]


def multipart_body(fields: Mapping[str, str], file_field: str, path: Path) -> Body:
    """`multipart/form-data` with `fields` and the file at `path`, read chunk by chunk."""
    boundary = f"aqyl-{secrets.token_hex(16)}"
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + value.encode() + b"\r\n" for name, value in fields.items())
    fallback = path.name.encode("ascii", "replace").decode().replace('"', "_")
    head += (f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
             f"filename=\"{fallback}\"; filename*=UTF-8''{quote(path.name)}\r\n"
             "Content-Type: application/octet-stream\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    size = path.stat().st_size

    def chunks() -> Iterator[bytes]:
        yield head
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
        yield tail

    return Body(f"multipart/form-data; boundary={boundary}", len(head) + size + len(tail),
                chunks())


class Transport:
    """Sends requests to `base_url` (the server, without `/api/v1`)."""

    def __init__(self, base_url: str, *, token: str | None = None, language: str | None = None,
                 timeout: float = 300.0) -> None:
        if urllib.parse.urlsplit(base_url).scheme not in ("http", "https"):
            raise ValueError(f"the server's URL must start with http:// or https://: {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.headers = {"User-Agent": f"aqyl-sdk/{__version__}"}
        if token:
            self.headers["Authorization"] = f"Bearer {token.strip()}"
        if language:
            self.headers["Accept-Language"] = language
        self._opener = urllib.request.build_opener(_SameOriginRedirects())

    def url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        query = urllib.parse.urlencode(
            {k: v for k, v in (params or {}).items() if v is not None and v != ""}, doseq=True)
        return f"{self.base_url}/api/v1{path}" + (f"?{query}" if query else "")

    def open(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
             body: bytes | Body | None = None, accept: str = "application/json") -> Any:
        """The open response (a file-like object to read and close); raises AqylError."""
        headers = {**self.headers, "Accept": accept}
        data: bytes | Iterator[bytes] | None = None
        if isinstance(body, Body):
            headers["Content-Type"] = body.content_type
            headers["Content-Length"] = str(body.length)
            data = body.chunks
        elif body is not None:
            headers["Content-Type"] = "application/json"
            data = body
        # The scheme was checked to be http(s) in __init__.
        request = urllib.request.Request(self.url(path, params), data=data,  # noqa: S310
                                         headers=headers, method=method)
        try:
            return self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            with exc:
                raise error_from_response(exc.code, str(exc.reason), exc.read()) from None
        except urllib.error.URLError as exc:
            raise AqylError(f"The connection to {self.base_url} failed: {exc.reason}",
                            code="connection_error") from exc
        except TimeoutError as exc:
            raise AqylError(f"{self.base_url} did not answer within {self.timeout:g} s",
                            code="timeout") from exc

    def json(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
             payload: Any = None, body: Body | None = None) -> Any:
        data = json.dumps(payload).encode() if payload is not None else body
        with self.open(method, path, params=params, body=data) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def download(self, path: str, target: IO[bytes], *, params: Mapping[str, Any] | None = None
                 ) -> int:
        """Copy a response body into `target` chunk by chunk; returns the bytes written."""
        written = 0
        with self.open("GET", path, params=params, accept="*/*") as response:
            expected = response.headers.get("Content-Length")
            while chunk := response.read(CHUNK):
                target.write(chunk)
                written += len(chunk)
        # http.client returns a short body silently when the connection drops.
        if expected is not None and expected.isdigit() and written != int(expected):
            raise AqylError(f"The download was cut off after {written} of {expected} bytes.",
                            code="incomplete_download")
        return written
