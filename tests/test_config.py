"""The configuration: every setting documented in the bundled default.toml, bad files refused."""

from __future__ import annotations

import dataclasses
import sys

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from forensics.config import default_config_text, read_config
from forensics.errors import ConfigError
from forensics.settings import SECTIONS, PanelConfig, Settings


def test_every_setting_is_in_the_default_file_with_its_default_value():
    parsed = tomllib.loads(default_config_text())
    assert set(parsed) == set(SECTIONS)
    defaults = Settings()
    for section, name in SECTIONS.items():
        values = getattr(defaults, name)
        for field in dataclasses.fields(values):
            assert field.name in parsed[section], f"[{section}] {field.name} undocumented"
            assert parsed[section][field.name] == getattr(values, field.name), (section,
                                                                                field.name)


def test_read_config_gives_the_defaults():
    assert read_config() == Settings()


def test_every_key_has_a_comment():
    lines = default_config_text().splitlines()
    for i, line in enumerate(lines):
        if "=" in line and not line.lstrip().startswith("#"):
            above = [ln for ln in lines[max(0, i - 8) : i] if ln.strip()]
            assert any(ln.lstrip().startswith("#") for ln in above), line


def test_user_file_overrides_one_value(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("[panels]\nwhite_level = 230\n")
    settings = read_config(path)
    assert settings.panels.white_level == 230
    assert settings.panels.join_gap == PanelConfig().join_gap
    assert settings.verify == Settings().verify


@pytest.mark.parametrize("text, message", [
    ("[panels]\nwhite_levle = 230\n", "white_levle"),
    ("[nonsense]\nx = 1\n", "nonsense"),
    ("[panels]\nwhite_level = 'high'\n", "whole number"),
    ("[panels]\njoin_gap = 'wide'\n", "number"),
    ("[panels]\njoin_gap = nan\n", "finite"),
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
    path.write_bytes("# caf\xe9\n[panels]\nwhite_level = 230\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="UTF-8"):
        read_config(path)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        read_config(tmp_path / "absent.toml")
