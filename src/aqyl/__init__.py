"""aqyl: Kazakhstan's national AI platform."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aqyl")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"
