"""Read the settings: the bundled defaults, optionally overridden by a user's TOML file.

The user configuration is small on purpose: the bundled ``forensics/default.toml``
(read with :mod:`importlib.resources`, printed by ``forensics config``) holds the few
keys a user would turn (:data:`USER_KEYS`: resource limits, what is searched, the
score a finding must reach, title matching), each documented; a user's file names
only what it changes. Every other value of :mod:`forensics.settings` is calibrated on
the benchmarks (how: "Calibration" in ``docs/benchmarks.md``) and refused in a user's
file, as is a misspelt key or a value of the wrong type, before any work starts.

Benchmarks and research change calibrated values from Python, with
``dataclasses.replace`` on a :class:`~forensics.settings.Settings`, or from a TOML
file of any fields through :func:`read_calibration_file` (``bench/detect.py
--config``), which applies the same type and range checks.
"""

from __future__ import annotations

import dataclasses
import math
import sys
from collections.abc import Collection, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

from forensics.errors import ConfigError
from forensics.settings import SECTIONS, Settings

__all__ = ["USER_KEYS", "calibration_settings", "default_config_text", "read_calibration_file",
           "read_config", "settings_from_mapping"]

_DEFAULT_RESOURCE = "default.toml"

#: The user-facing keys, by TOML section: the bundled ``default.toml`` holds exactly
#: these. Sections left out ([panels], [fingerprint], [index], [clones]) hold
#: calibrated values only.
USER_KEYS: dict[str, tuple[str, ...]] = {
    "extract": ("max_pages", "max_seconds", "max_page_area", "max_page_drawings",
                "max_image_pixels", "max_paper_pixels", "max_figure_pixels",
                "render_scale_min", "render_scale_max"),
    "detect": ("include_graphics", "clones", "strips", "regions"),
    "verify": ("min_score",),
    "notices": ("title_similarity",),
}


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


def _read_toml_file(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path} is not UTF-8 text ({exc})") from exc
    return _parse(text, str(path))


def read_config(path: str | Path | None = None) -> Settings:
    """Read the bundled defaults, overridden by the user's TOML file at ``path``.

    Parameters
    ----------
    path : str or Path, optional
        A TOML file naming only the values it changes, by section (``[extract]``,
        ``[detect]``, ``[verify]``, ``[notices]``; the keys of :data:`USER_KEYS`,
        documented in ``forensics/default.toml``).

    Returns
    -------
    Settings
        Every other value at its calibrated default.

    Raises
    ------
    ConfigError
        The file is missing, not UTF-8, malformed, or names an unknown section, a key
        that is not a user setting (a calibrated value or a typo: the message names
        it and lists the section's keys), a value of the wrong type or out of its range
        (positive limits, shares up to 1, finite numbers, ``render_scale_min`` at most
        ``render_scale_max``).

    Examples
    --------
    >>> settings = read_config()
    >>> settings.verify.min_score
    0.5
    """
    settings = _apply(_parse(default_config_text(), "(bundled default.toml)"), Settings(),
                      USER_KEYS, "the bundled default.toml")
    if path is not None:
        settings = _apply(_read_toml_file(path), settings, USER_KEYS, str(path))
    return settings


def settings_from_mapping(mapping: Mapping[str, Any]) -> Settings:
    """Build :class:`Settings` from a parsed user configuration (``{section: {key:
    value}}``, the keys of :data:`USER_KEYS`); what is left out keeps its default.

    Raises
    ------
    ConfigError
        An unknown section, a key that is not a user setting, or a value of the wrong
        type or out of its range.
    """
    return _apply(mapping, Settings(), USER_KEYS)


def calibration_settings(mapping: Mapping[str, Any], base: Settings | None = None) -> Settings:
    """For benchmarks and research, not the user configuration: ``base`` (the
    defaults when omitted) with ANY field of any section replaced.

    The same type and range checks as :func:`read_config`. From Python,
    ``dataclasses.replace(settings, verify=dataclasses.replace(settings.verify,
    ratio=0.8))`` does the same without them.

    Parameters
    ----------
    mapping : mapping
        ``{section: {key: value}}`` by TOML section name (``"notices"`` for
        :attr:`Settings.link`) and dataclass field name.
    base : Settings, optional

    Raises
    ------
    ConfigError
        An unknown section or field, or a value of the wrong type or out of its range.

    Examples
    --------
    >>> calibration_settings({"verify": {"ratio": 0.8}}).verify.ratio
    0.8
    """
    return _apply(mapping, Settings() if base is None else base, None)


def read_calibration_file(path: str | Path | None = None) -> Settings:
    """For benchmarks and research (``bench/detect.py --config``): the defaults with
    the fields a TOML file names replaced, calibrated ones included (the defaults when
    ``path`` is None); see :func:`calibration_settings`.

    Raises
    ------
    ConfigError
        As :func:`read_config` does, but any field of :mod:`forensics.settings` is known.
    """
    if path is None:
        return Settings()
    return _apply(_read_toml_file(path), Settings(), None, str(path))


def _apply(mapping: Mapping[str, Any], base: Settings,
           allowed: Mapping[str, Collection[str]] | None, where: str = "") -> Settings:
    """``base`` with the values of ``mapping`` (``{section: {key: value}}``) checked and
    put in; ``allowed`` names the keys of each section that may be set (every field
    when None)."""
    prefix = f"{where}: " if where else ""
    changes: dict[str, Any] = {}
    for section, values in mapping.items():
        if section not in SECTIONS:
            known = ", ".join(SECTIONS if allowed is None else allowed)
            raise ConfigError(f"{prefix}unknown config section [{section}]; known: {known}")
        if not isinstance(values, dict):
            raise ConfigError(f"{prefix}'{section}' must be a [section] of keys")
        name = SECTIONS[section]
        current = getattr(base, name)
        fields = [f.name for f in dataclasses.fields(current)]
        known_keys = fields if allowed is None else list(allowed.get(section, ()))
        unknown = sorted(set(values) - set(known_keys))
        if unknown:
            raise ConfigError(prefix + _unknown_keys(section, unknown, known_keys, fields))
        defaults = type(current)()
        for key, value in values.items():
            _check_type(section, key, value, getattr(defaults, key))
            if not isinstance(value, (bool, str)):
                _check_range(section, key, value)
        built = dataclasses.replace(current, **values)
        if section == "extract" and built.render_scale_min > built.render_scale_max:
            raise ConfigError(f"{prefix}[extract] render_scale_min ({built.render_scale_min}) "
                              f"must not exceed render_scale_max ({built.render_scale_max})")
        changes[name] = built
    return dataclasses.replace(base, **changes)


def _unknown_keys(section: str, unknown: list[str], known: list[str],
                  fields: list[str]) -> str:
    """The message refusing ``unknown`` keys of ``[section]``: which are calibrated values
    (not user settings), and the keys the section does take."""
    message = f"unknown key(s) in [{section}]: {', '.join(unknown)}"
    calibrated = [key for key in unknown if key in fields]
    if calibrated:
        what = ("is a calibrated value, not a user setting" if len(calibrated) == 1
                else "are calibrated values, not user settings")
        message += f"; {', '.join(calibrated)} {what} (see 'Calibration' in docs/benchmarks.md)"
    listed = ", ".join(known) if known else "none (calibrated values only)"
    return f"{message}; the keys of [{section}]: {listed}"


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
