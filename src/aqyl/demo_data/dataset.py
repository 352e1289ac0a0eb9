"""What a demo dataset promises: its catalog card and the file a ministry's system exports."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

LANGUAGES = ("kk", "ru", "en")
ACCESS_LEVELS = ("open", "restricted", "confidential")

Text = dict[str, str]
"""One text in the three portal languages: {"kk": ..., "ru": ..., "en": ...}."""


@dataclass(frozen=True)
class DemoDataset:
    """The catalog metadata of one synthetic dataset and how to write its file.

    `rows` counts data rows only: no header, title, source or totals lines.
    """

    name: str
    organisation: str
    title: Text
    description: Text
    sector: str
    tags: tuple[str, ...]
    licence: str
    update_frequency: str
    spatial_coverage: Text
    temporal_coverage: tuple[date, date]
    access_level: str
    column_descriptions: dict[str, Text]
    filename: str
    file_format: str
    rows: int
    writer: Callable[[Path], None] = field(repr=False, compare=False)
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int = 1
    # Columns the privacy scan flags that hold an organisation's public contacts, not a
    # person's data: the demo records that decision at the release gate, as a steward would.
    public_columns: tuple[str, ...] = ()

    def __hash__(self) -> int:  # the texts are dicts, so the generated hash would fail
        return hash((self.name, self.rows))

    def write(self, folder: Path) -> Path:
        """Write the file into `folder` (created if missing) and return its path."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self.filename
        self.writer(path)
        return path


KAZAKHSTAN: Text = {"kk": "Қазақстан Республикасы", "ru": "Республика Казахстан",
                    "en": "Republic of Kazakhstan"}


def seeded(seed: int) -> random.Random:
    """Each dataset has its own generator, so changing one never changes another."""
    return random.Random(seed)  # noqa: S311 - synthetic data, not security


def decimal_comma(value: float, places: int) -> str:
    """A number as Kazakh and Russian exports write it: 12,5 rather than 12.5."""
    return f"{value:.{places}f}".replace(".", ",")


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` into integer parts proportional to `weights` (largest remainder)."""
    scale = total / sum(weights)
    exact = [weight * scale for weight in weights]
    parts = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts
