"""aqyl: Kazakhstan's national AI platform.

`aqyl.connect(url, token)` opens the Python client (see `aqyl.sdk`); it is imported on first
use, so `import aqyl` and the `aqyl` command stay light.
"""

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aqyl.sdk import connect

__all__ = ["__version__", "connect"]

try:
    __version__ = version("aqyl")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"


def __getattr__(name: str) -> Any:
    if name == "connect":
        from aqyl.sdk import connect

        return connect
    raise AttributeError(f"module 'aqyl' has no attribute {name!r}")
