"""Reference lists that rules can name (`check: reference`), shipped with the platform."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache


@cache
def kato_codes() -> tuple[str, ...]:
    """The codes of Kazakhstan's administrative-territorial units (see aqyl.quality.territory)."""
    from aqyl.quality.territory import load_kato

    return tuple(unit.code for unit in load_kato())


REFERENCES: dict[str, Callable[[], Sequence[str]]] = {"kato": kato_codes}
