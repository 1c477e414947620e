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
        key, or a value of the wrong type or out of its range (positive counts and
        sizes, odd windows, grey levels up to 255, shares up to 1, finite numbers).

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
        An unknown section or key, or a value of the wrong type or out of its range.
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
        if not isinstance(value, (bool, str)):
            _check_range(section, key, value)
    built = cls(**values)
    if section == "extract" and built.render_scale_min > built.render_scale_max:
        raise ConfigError(f"[extract] render_scale_min ({built.render_scale_min}) must not "
                          f"exceed render_scale_max ({built.render_scale_max})")
    return built


#: Keys that must be above 0: counts, sizes, limits and scales (0 would find nothing or
#: divide by zero). Every other number must be 0 or more.
POSITIVE = frozenset({
    "max_figure_pixels", "max_pages", "max_image_pixels", "max_paper_pixels", "max_seconds",
    "max_page_area", "max_page_drawings", "render_scale_min", "render_scale_max", "work_side",
    "work_short_side",
    "max_upscale", "keypoints", "vote_keypoints", "min_votes", "max_candidates",
    "min_inliers", "max_scale", "window", "score_midpoint", "max_side", "keypoint_offsets",
    "block", "block_neighbours", "block_offsets", "grey_block_neighbours", "grain_window",
    "overlay_surround", "one_scale_side", "refits",
})
#: Window sizes (pixels) that must be odd: a window has a centre pixel.
ODD = frozenset({"window", "grain_window", "overlay_surround"})
#: Grey levels and differences of grey levels (0-255).
GREY = frozenset({"white_level", "strong_level", "overlay_white", "overlay_contrast",
                  "overlay_page", "gutter_white", "core_level", "fast_threshold"})
#: Shares, correlations and similarities (0-1).
UNIT = frozenset({
    "template_threshold", "ocr_threshold", "small_panel_fill", "local_ncc", "min_agreement",
    "frame_agreement", "min_region", "min_side", "min_detail_ncc", "graphic_agreement",
    "min_score", "duplicate_overlap", "max_lane_width", "lane_share", "chart_white",
    "chart_min_overlap", "chart_identity", "min_inlier_share", "sure_agreement",
    "sure_detail", "ratio", "match_ratio", "block_similarity", "refine_share", "core_share",
    "loose_core_share", "edge_share", "max_overlap", "min_match", "max_elsewhere",
    "grain_match", "gutter_share", "line_art_white", "min_overlap_share", "strip_min_score",
    "max_hue_mismatch", "strip_correlation", "strip_detail", "title_similarity", "near_miss",
})
#: Largest whole number a setting may hold (the C libraries below take 32-bit integers).
MAX_INT = 2**31 - 1


def _check_range(section: str, key: str, value: float) -> None:
    """Refuse a number outside the range its key allows (see the sets above)."""
    where = f"[{section}] {key}"
    if key in POSITIVE and not value > 0:
        raise ConfigError(f"{where} must be above 0, got {value!r}")
    if value < 0:
        raise ConfigError(f"{where} must be 0 or more, got {value!r}")
    if isinstance(value, int) and value > MAX_INT:
        raise ConfigError(f"{where} must be at most {MAX_INT}, got {value!r}")
    if key in ODD and value % 2 != 1:
        raise ConfigError(f"{where} must be odd (a window has a centre pixel), got {value!r}")
    if key in GREY and value > 255:
        raise ConfigError(f"{where} is a grey level and must be at most 255, got {value!r}")
    if key in UNIT and value > 1:
        raise ConfigError(f"{where} is a share or correlation and must be at most 1, "
                          f"got {value!r}")
    if key == "channel_hue" and value > 180:
        raise ConfigError(f"{where} is a hue difference and must be at most 180, "
                          f"got {value!r}")


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
