"""Settings: environment and .env, clear errors instead of tracebacks."""

from __future__ import annotations

import pytest

from bot.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings


def test_defaults() -> None:
    s = load_settings()
    assert s.database_url == DEFAULT_DATABASE_URL
    assert s.admin_ids == frozenset()
    assert s.load_demo is True


def test_env_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    (tmp_path / ".env").write_text("ECOBOT_TOKEN=123:abc\nECOBOT_ADMIN_IDS=5, 7\n")
    monkeypatch.setenv("ECOBOT_MAX_ARTICLE_CHARS", "1000")
    s = load_settings()
    assert s.require_token() == "123:abc"
    assert s.admin_ids == frozenset({5, 7})
    assert s.limits.max_chars == 1000


def test_missing_token_is_one_clear_line() -> None:
    with pytest.raises(SettingsError) as info:
        load_settings().require_token()
    assert "ECOBOT_TOKEN" in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("name", "value", "says"), [
    ("ECOBOT_ADMIN_IDS", "alice", "ECOBOT_ADMIN_IDS"),
    ("ECOBOT_LOG_LEVEL", "LOUD", "ECOBOT_LOG_LEVEL"),
    ("ECOBOT_MAX_UPLOAD_BYTES", "-1", "ECOBOT_MAX_UPLOAD_BYTES"),
])
def test_bad_values_name_the_setting(monkeypatch: pytest.MonkeyPatch, name: str, value: str,
                                     says: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert says in str(info.value)


def test_flood_limits_on_unless_turned_off() -> None:
    from telegram.ext import AIORateLimiter

    from bot.app import builder
    from bot.settings import Settings

    on = builder(Settings(token="1:A", load_demo=False)).build()
    off = builder(Settings(token="1:A", load_demo=False, flood_limits=False)).build()
    assert isinstance(on.bot.rate_limiter, AIORateLimiter)
    assert off.bot.rate_limiter is None
