"""fetch_on_open, images, cache_max_mb, fetch_timeout: read, checked, shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import Config, load_config


def read(tmp_path: Path, text: str) -> tuple[Config, list[str]]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_defaults() -> None:
    config = Config()
    assert (config.fetch_on_open, config.images, config.cache_max_mb, config.fetch_timeout) == (
        False,
        "auto",
        500,
        10.0,
    )


def test_every_setting_is_read(tmp_path: Path) -> None:
    config, messages = read(
        tmp_path, 'fetch_on_open = true\nimages = "OFF"\ncache_max_mb = 50\nfetch_timeout = 2.5\n'
    )
    assert messages == []
    assert (config.fetch_on_open, config.images, config.cache_max_mb, config.fetch_timeout) == (
        True,
        "off",
        50,
        2.5,
    )
    assert read(tmp_path, "images = false\n")[0].images == "off"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('fetch_on_open = "yes"', "fetch_on_open should be true or false"),
        ('images = "sixel"', 'images should be "auto" or "off"'),
        ("cache_max_mb = 0", "cache_max_mb should be a whole number of megabytes from 1"),
        ("cache_max_mb = 2.5", "cache_max_mb should be a whole number"),
        ("cache_max_mb = inf", "cache_max_mb should be a whole number"),
        ("fetch_timeout = 0", "fetch_timeout should be a number of seconds from 0.1 to 120"),
        ("fetch_timeout = nan", "fetch_timeout should be a number of seconds"),
        ("fetch_timeout = true", "fetch_timeout should be a number of seconds"),
    ],
)
def test_a_bad_value_is_named_and_the_default_kept(
    tmp_path: Path, line: str, expected: str
) -> None:
    config, messages = read(tmp_path, line + "\n")
    assert len(messages) == 1 and expected in messages[0] and "using the default" in messages[0]
    assert config == Config(path=tmp_path / "config.toml")


def test_config_show_lists_them(tmp_path: Path) -> None:
    config, _messages = read(tmp_path, "images = 'off'\ncache_max_mb = 64\n")
    shown = config.as_toml()
    for line in (
        "fetch_on_open = false",
        'images = "off"',
        "cache_max_mb = 64",
        "fetch_timeout = 10",
    ):
        assert line + "\n" in shown
    again, messages = read(tmp_path, shown)
    assert messages == [] and again.images == "off" and again.cache_max_mb == 64
