"""Read the settings: the bundled defaults, optionally overridden by a user's TOML file.

The defaults ship inside the package (``forensics/default.toml``, read with
:mod:`importlib.resources`), with a comment on every value; a user's file names
only what it changes. Every section and key is checked against the dataclasses of
:mod:`forensics.settings`, so a misspelt key or a value of the wrong type is an
error before any work starts.
"""

from __future__ import annotations

import dataclasses
import math
import sys
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

from forensics.errors import ConfigError
from forensics.settings import SECTIONS, Settings

__all__ = ["default_config_text", "read_config", "settings_from_mapping"]

_DEFAULT_RESOURCE = "default.toml"


def default_config_text() -> str:
    """The bundled default configuration file, comments included.

    Raises
    ------
    ConfigError
        The package was installed without its ``default.toml`` (a broken install).
    """
    try:
        return resources.files("forensics").joinpath(_DEFAULT_RESOURCE).read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ConfigError(f"the bundled {_DEFAULT_RESOURCE} is missing from the installed "
                          f"forensics package ({exc}); reinstall it") from exc


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {where} is not valid TOML: {exc}") from exc


def read_config(path: str | Path | None = None) -> Settings:
    """Read the bundled defaults, overridden by the user's TOML file at ``path``.

    Parameters
    ----------
    path : str or Path, optional
        A TOML file naming only the values it changes, by section
        (``[verify]``, ``[panels]`` …; see ``forensics/default.toml``).

    Returns
    -------
    Settings

    Raises
    ------
    ConfigError
        The file is missing, not UTF-8, malformed, or names an unknown section or
        key, or a value of the wrong type.

    Examples
    --------
    >>> settings = read_config()
    >>> settings.verify.min_score
    0.5
    """
    merged = _parse(default_config_text(), "(bundled default.toml)")
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist")
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"config file {path} is not UTF-8 text ({exc})") from exc
        for section, values in _parse(text, str(path)).items():
            if not isinstance(values, dict):
                raise ConfigError(f"{path}: '{section}' must be a [section] of keys")
            merged.setdefault(section, {}).update(values)
    return settings_from_mapping(merged)


def settings_from_mapping(mapping: dict[str, Any]) -> Settings:
    """Build :class:`Settings` from parsed TOML (``{section: {key: value}}``); sections
    and keys left out keep their defaults.

    Raises
    ------
    ConfigError
        An unknown section or key, or a value of the wrong type.
    """
    sections: dict[str, Any] = {}
    for section, values in mapping.items():
        if section not in SECTIONS:
            raise ConfigError(f"unknown config section [{section}]; known: "
                              f"{', '.join(SECTIONS)}")
        if not isinstance(values, dict):
            raise ConfigError(f"'{section}' must be a [section] of keys")
        name = SECTIONS[section]
        cls = type(getattr(Settings(), name))
        sections[name] = _section(cls, section, values)
    return Settings(**sections)


def _section(cls: type, section: str, values: dict[str, Any]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ConfigError(f"unknown key(s) in [{section}]: {', '.join(unknown)}")
    defaults = cls()
    for key, value in values.items():
        _check_type(section, key, value, getattr(defaults, key))
    return cls(**values)


def _check_type(section: str, key: str, value: Any, default: Any) -> None:
    """Refuse a value whose type differs from the default's (an int where a float is
    wanted is fine; a bool is no number)."""
    where = f"[{section}] {key}"
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false, got {value!r}")
    elif isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where} must be a whole number, got {value!r}")
    elif isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ConfigError(f"{where} must be a finite number, got {value!r}")
    elif isinstance(default, str) and not isinstance(value, str):
        raise ConfigError(f"{where} must be a string, got {value!r}")
