"""The configuration: a few documented user keys in the bundled default.toml, equal to the
dataclass defaults; calibrated values and bad files refused; the benchmarks' route to any field."""

from __future__ import annotations

import dataclasses
import inspect
import re
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from forensics.config import (
    USER_KEYS,
    calibration_settings,
    default_config_text,
    read_calibration_file,
    read_config,
    settings_from_mapping,
)
from forensics.errors import ConfigError
from forensics.settings import SECTIONS, Settings


def _bundled() -> dict:
    return tomllib.loads(default_config_text())


def test_bundled_file_holds_the_user_keys_only_and_few_of_them():
    parsed = _bundled()
    keys = [(section, key) for section, values in parsed.items() for key in values]
    assert len(keys) <= 15, keys
    assert {section: tuple(values) for section, values in parsed.items()} == USER_KEYS


def test_every_user_key_is_listed_in_the_cli_docs():
    text = (Path(__file__).parents[1] / "docs" / "cli.md").read_text()
    for section, keys in USER_KEYS.items():
        assert f"`[{section}]`" in text
        for key in keys:
            assert f"`{key}`" in text, key


def test_bundled_values_equal_the_dataclass_defaults():
    """The file documents the calibrated defaults; the two never drift apart."""
    defaults = Settings()
    for section, values in _bundled().items():
        own = getattr(defaults, SECTIONS[section])
        for key, value in values.items():
            assert value == getattr(own, key), (section, key)
            assert type(value) is type(getattr(own, key)), (section, key)


def test_read_config_gives_the_defaults():
    assert read_config() == Settings()


def test_every_key_has_a_comment():
    """Each key of the bundled file has a comment right above it, or above the group of
    keys it belongs to, naming it."""
    lines = default_config_text().splitlines()
    for i, line in enumerate(lines):
        if "=" in line and not line.lstrip().startswith("#"):
            key = line.split("=")[0].strip()
            grouped = False
            while "=" in lines[i - 1] and not lines[i - 1].startswith("#"):
                i, grouped = i - 1, True
            note = []
            while lines[i - 1].startswith("#"):
                i -= 1
                note.append(lines[i])
            assert note, f"{key} has no comment"
            assert not grouped or re.search(rf"\b{key}\b", " ".join(note)), key


@pytest.mark.parametrize("name", list(SECTIONS.values()))
def test_every_calibrated_value_has_a_note(name):
    """Each dataclass field says briefly what it trades: a ``#:`` comment right above it,
    or above the group of fields it belongs to, naming it."""
    cls = type(getattr(Settings(), name))
    lines = inspect.getsource(cls).splitlines()
    for field in dataclasses.fields(cls):
        i = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{field.name}:"))
        grouped = False
        while re.match(r"\s+\w+: .+ = ", lines[i - 1]):  # a field of the same group
            i, grouped = i - 1, True
        note = []
        while lines[i - 1].lstrip().startswith("#:"):
            i -= 1
            note.append(lines[i])
        assert note, f"{cls.__name__}.{field.name} has no note"
        assert not grouped or re.search(rf"\b{field.name}\b", " ".join(note)), (
            f"{cls.__name__}.{field.name}: the note of its group does not name it")


VALUES = {  # a changed value for every user key, inside its range
    "max_pages": 20, "max_seconds": 12.5, "max_page_area": 2e6, "max_page_drawings": 1000,
    "max_image_pixels": 4_000_000, "max_paper_pixels": 9_000_000,
    "max_figure_pixels": 1_000_000, "render_scale_min": 1.5, "render_scale_max": 4.0,
    "include_graphics": True, "clones": False, "strips": False, "regions": False, "min_score": 0.75,
    "title_similarity": 0.8,
}


@pytest.mark.parametrize("section, key", [(s, k) for s, keys in USER_KEYS.items()
                                          for k in keys])
def test_every_user_key_round_trips(tmp_path, section, key):
    value = VALUES[key]
    path = tmp_path / "mine.toml"
    text = str(value).lower() if isinstance(value, bool) else repr(value)
    path.write_text(f"[{section}]\n{key} = {text}\n")
    settings = read_config(path)
    name = SECTIONS[section]
    assert getattr(getattr(settings, name), key) == value
    default = getattr(getattr(Settings(), name), key)
    back = dataclasses.replace(getattr(settings, name), **{key: default})
    assert dataclasses.replace(settings, **{name: back}) == Settings()  # nothing else moved


@pytest.mark.parametrize("section, key", [("verify", "ratio"), ("panels", "white_level"),
                                          ("clones", "max_side"), ("detect", "strip_grey")])
def test_calibrated_key_in_a_user_file_is_refused_by_name(tmp_path, section, key):
    path = tmp_path / "old.toml"
    value = getattr(getattr(Settings(), SECTIONS[section]), key)
    path.write_text(f"[{section}]\n{key} = {value!r}\n")
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    message = str(caught.value)
    assert key in message and "calibrated" in message and str(path) in message
    for known in USER_KEYS.get(section, ()):  # the section's keys are listed
        assert known in message


def test_typo_lists_the_known_keys_of_its_section():
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping({"verify": {"min_scor": 0.6}})
    assert "min_scor" in str(caught.value) and "min_score" in str(caught.value)
    assert "calibrated value" not in str(caught.value)


def test_user_file_overrides_one_value(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("[verify]\nmin_score = 0.7\n")
    settings = read_config(path)
    assert settings.verify.min_score == 0.7
    assert dataclasses.replace(settings.verify, min_score=0.5) == Settings().verify
    assert settings.panels == Settings().panels


@pytest.mark.parametrize("text, message", [
    ("[verify]\nmin_scre = 0.7\n", "min_scre"),
    ("[nonsense]\nx = 1\n", "nonsense"),
    ("[extract]\nmax_pages = 'many'\n", "whole number"),
    ("[extract]\nmax_seconds = 'long'\n", "number"),
    ("[verify]\nmin_score = nan\n", "finite"),
    ("[verify]\nmin_score = 1.5\n", "at most 1"),
    ("[extract]\nmax_pages = 0\n", "above 0"),
    ("[extract]\nrender_scale_max = 1.5\n", "must not exceed"),
    ("[detect]\nclones = 'no'\n", "true or false"),
    ("[panels\n", "not valid TOML"),
])
def test_bad_config_is_refused_with_the_reason(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        read_config(path)


def test_config_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes("# caf\xe9\n[verify]\nmin_score = 0.6\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="UTF-8"):
        read_config(path)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        read_config(tmp_path / "absent.toml")


# --- the benchmarks' route: any field, the same checks ----------------------------------


def test_calibration_settings_set_any_field_with_the_same_checks():
    settings = calibration_settings({"verify": {"ratio": 0.8}, "panels": {"white_level": 230},
                                     "notices": {"title_similarity": 0.7}})
    assert settings.verify.ratio == 0.8 and settings.panels.white_level == 230
    assert settings.link.title_similarity == 0.7
    assert dataclasses.replace(settings.verify, ratio=0.85) == Settings().verify
    base = calibration_settings({"clones": {"max_side": 320}}, base=settings)
    assert base.clones.max_side == 320 and base.verify.ratio == 0.8
    with pytest.raises(ConfigError, match="no_such_field"):
        calibration_settings({"verify": {"no_such_field": 1}})
    with pytest.raises(ConfigError, match="odd"):
        calibration_settings({"verify": {"window": 8}})


def test_calibration_file_is_read_like_a_user_file(tmp_path):
    path = tmp_path / "bench.toml"
    path.write_text("[detect]\nstrip_grey = 2.0\ninclude_graphics = true\n")
    settings = read_calibration_file(path)
    assert settings.detect.strip_grey == 2.0 and settings.detect.include_graphics
    path.write_text("[detect]\nstrip_grey = 'high'\n")
    with pytest.raises(ConfigError, match="strip_grey"):
        read_calibration_file(path)
