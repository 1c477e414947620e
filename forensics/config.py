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


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc


def read_config(path: str | Path | None = None) -> dict[str, Any]:
    """Read the bundled defaults, overridden by the user's TOML file at ``path``.

    Every section and key is checked against the stages' config dataclasses, so a
    misspelt threshold is an error before any work starts.

    Raises
    ------
    ConfigError
        The file is missing or malformed, or names an unknown section or key.
    """
    config: dict[str, Any] = _read_toml(DEFAULT_CONFIG) if DEFAULT_CONFIG.exists() else {}
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist")
        for section, values in _read_toml(path).items():
            if not isinstance(values, dict):
                raise ConfigError(f"{path}: '{section}' must be a [section] of keys")
            config.setdefault(section, {}).update(values)
    check_config(config)
    return config


def sections() -> dict[str, type]:
    """Every config section and the dataclass that holds its thresholds."""
    from forensics.clones import CloneConfig
    from forensics.detect import DetectConfig
    from forensics.extract import ExtractConfig
    from forensics.fingerprint import FingerprintConfig
    from forensics.index import IndexConfig
    from forensics.link import LinkConfig
    from forensics.panels import PanelConfig
    from forensics.verify import VerifyConfig

    return {"extract": ExtractConfig, "panels": PanelConfig, "fingerprint": FingerprintConfig,
            "index": IndexConfig, "verify": VerifyConfig, "clones": CloneConfig,
            "detect": DetectConfig,
            "notices": LinkConfig}


def check_config(config: dict[str, Any]) -> None:
    """Raise :class:`ConfigError` for an unknown section or key, or a value of the wrong type."""
    known = sections()
    for section in config:
        if section not in known:
            raise ConfigError(f"unknown config section [{section}]; known: {', '.join(known)}")
        obj = load_section(known[section], config, section)
        for f in dataclasses.fields(obj):
            value, default = getattr(obj, f.name), getattr(known[section](), f.name)
            if isinstance(default, (int, float)) and not isinstance(default, bool):
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise ConfigError(f"[{section}] {f.name} must be a number, got {value!r}")


def load_section(cls: type[T], config: dict[str, Any] | None, section: str) -> T:
    """Build the dataclass ``cls`` from ``config[section]``, refusing unknown keys."""
    values = dict((config or {}).get(section, {}))
    known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"unknown key(s) in [{section}]: {', '.join(unknown)}")
    return cls(**values)
