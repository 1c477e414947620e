"""The configuration: every threshold documented in configs/default.toml, bad files refused."""

from __future__ import annotations

import dataclasses

import pytest

from forensics.config import DEFAULT_CONFIG, read_config, sections
from forensics.errors import ConfigError


def test_every_threshold_is_in_the_default_file_with_its_default_value():
    config = read_config()
    for name, cls in sections().items():
        defaults = cls()
        for field in dataclasses.fields(cls):
            assert field.name in config.get(name, {}), f"[{name}] {field.name} undocumented"
            assert config[name][field.name] == getattr(defaults, field.name), (name, field.name)


def test_every_key_has_a_comment():
    lines = DEFAULT_CONFIG.read_text().splitlines()
    for i, line in enumerate(lines):
        if "=" in line and not line.lstrip().startswith("#"):
            above = [ln for ln in lines[max(0, i - 8) : i] if ln.strip()]
            assert any(ln.lstrip().startswith("#") for ln in above), line


def test_user_file_overrides_one_value(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("[panels]\nwhite_level = 230\n")
    config = read_config(path)
    assert config["panels"]["white_level"] == 230
    assert config["panels"]["join_gap"] == read_config()["panels"]["join_gap"]


@pytest.mark.parametrize("text, message", [
    ("[panels]\nwhite_levle = 230\n", "white_levle"),
    ("[nonsense]\nx = 1\n", "nonsense"),
    ("[panels]\nwhite_level = 'high'\n", "number"),
    ("[panels\n", "not valid TOML"),
])
def test_bad_config_is_refused_with_the_reason(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        read_config(path)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        read_config(tmp_path / "absent.toml")
