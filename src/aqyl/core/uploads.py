"""Bounded uploads: a request body over AQYL_UPLOAD_LIMIT_MB is refused before it is stored.

Django would otherwise write the whole body to a temporary file before any view could look at
it. The handler refuses early (declared length) or as soon as the count passes the limit
(chunked bodies), and marks the request so the view can answer with a translated message.
A refused portal form also lost its CSRF token, so the CSRF failure page says the same.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

REFUSED = "_aqyl_upload_too_large"


def upload_limit_bytes() -> int:
    return int(float(settings.AQYL["AQYL_UPLOAD_LIMIT_MB"]) * 1024 * 1024)  # 0.5 MiB too


class LimitedUploadHandler(FileUploadHandler):
    """Listed first in FILE_UPLOAD_HANDLERS; passes chunks on to Django's own handlers."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0

    def handle_raw_input(self, input_data: Any, META: Any, content_length: int,  # noqa: N803
                         boundary: Any, encoding: str | None = None) -> Any:
        if content_length and content_length > upload_limit_bytes():
            setattr(self.request, REFUSED, True)
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > upload_limit_bytes():
            setattr(self.request, REFUSED, True)
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def upload_refused(request: HttpRequest) -> bool:
    return bool(getattr(request, REFUSED, False))


def too_large_message() -> str:
    return _("The file is larger than the limit of %(limit)s MiB.") % {
        "limit": settings.AQYL["AQYL_UPLOAD_LIMIT_MB"]}
