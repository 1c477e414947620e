"""Thresholds: read from ``configs/default.toml``, optionally overridden by a user file.

Each stage keeps its thresholds in a frozen dataclass with the documented
defaults; :func:`load_section` fills one from the TOML section of the same name,
so a typo in a user's file is an error rather than a silently ignored key.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any, TypeVar

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from forensics.errors import ConfigError

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "configs" / "default.toml"

T = TypeVar("T")


def read_config(path: str | Path | None = None) -> dict[str, Any]:
    """Read a TOML config file (the bundled default when ``path`` is None)."""
    path = Path(path) if path is not None else DEFAULT_CONFIG
    if not path.exists():
        if path == DEFAULT_CONFIG:
            return {}  # installed without the repo's configs/: dataclass defaults apply
        raise ConfigError(f"config file {path} does not exist")
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc


def load_section(cls: type[T], config: dict[str, Any] | None, section: str) -> T:
    """Build the dataclass ``cls`` from ``config[section]``, refusing unknown keys."""
    values = dict((config or {}).get(section, {}))
    known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"unknown key(s) in [{section}]: {', '.join(unknown)}")
    return cls(**values)
