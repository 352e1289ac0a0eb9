"""Points where other domains hook into an upload's life without the catalog knowing them
(the quality domain runs its rules here)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with `draft` once an upload has been read into its staged Parquet file.
draft_read = Signal()
# Sent with `actor` and `draft` before a draft is published; a receiver refuses by raising an
# AqylError, and nothing is published.
publishing = Signal()
