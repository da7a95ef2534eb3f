"""Settings from the environment and `.env` (prefix ECOBOT_), validated once at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from knowledge.ingest.limits import Limits

DEFAULT_DATABASE_URL = "sqlite:///ecobot.db"


class SettingsError(RuntimeError):
    """A setting is missing or wrong; the message says which and what to set."""


class Settings(BaseSettings):
    """Every setting of the bot; see `.env.example` for the documented list."""

    model_config = SettingsConfigDict(
        env_prefix="ECOBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    token: SecretStr | None = Field(default=None, description="Bot token from @BotFather")
    database_url: str = DEFAULT_DATABASE_URL
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    bot_username: str | None = None
    api_base_url: str = "https://api.telegram.org/bot"
    api_file_url: str = "https://api.telegram.org/file/bot"
    load_demo: bool = True
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    max_article_chars: int = Field(default=200_000, gt=0)
    max_pdf_pages: int = Field(default=50, gt=0)
    max_zip_files: int = Field(default=200, gt=0)
    allow_private_urls: bool = False
    rate_limit_per_minute: int = Field(default=30, ge=0)  # per user, 0 = off
    # Telegram's flood limits, kept client-side (AIORateLimiter: ~30 messages/s overall, 20 per
    # minute per group). Off only against a local Bot API test server (load benchmarks).
    flood_limits: bool = True
    # /follow news (bot/delivery.py): how often the outbox is polled, how long a burst may
    # stay quiet before its digest goes out (and the longest any news waits), how long a
    # sender's claim lasts (a crashed bot's claims are taken over after it), sends per second.
    follow_poll_seconds: float = Field(default=1.0, gt=0)
    follow_quiet_seconds: float = Field(default=3.0, ge=0)
    follow_max_wait_seconds: float = Field(default=60.0, gt=0)
    follow_lease_seconds: float = Field(default=60.0, gt=0)
    follow_sends_per_second: float = Field(default=25.0, gt=0)
    webhook_secret: SecretStr | None = None
    log_level: str = "INFO"

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(",", " ").split() if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError as exc:
                raise ValueError(
                    "ECOBOT_ADMIN_IDS must be Telegram user ids separated by commas"
                ) from exc
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("ECOBOT_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    def require_token(self) -> str:
        """The bot token, or a SettingsError that says what to set."""
        if self.token is None or not self.token.get_secret_value().strip():
            raise SettingsError(
                "No bot token: set ECOBOT_TOKEN in the environment or in .env "
                "(get one from @BotFather), or try the bot in the terminal with `ecobot chat`."
            )
        return self.token.get_secret_value().strip()

    @property
    def limits(self) -> Limits:
        """Input limits for the readers."""
        return Limits(
            max_bytes=self.max_upload_bytes,
            max_chars=self.max_article_chars,
            max_pdf_pages=self.max_pdf_pages,
            max_zip_files=self.max_zip_files,
            allow_private_addresses=self.allow_private_urls,
        )

    def database_path(self) -> Path | None:
        """The SQLite file, when the database is SQLite."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and ":memory:" not in self.database_url:
            return Path(self.database_url[len(prefix):])
        return None


def load_settings(**overrides: object) -> Settings:
    """Settings from env/.env, with pydantic's errors turned into one readable SettingsError."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"ECOBOT_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
            for err in exc.errors()
        )
        raise SettingsError(f"Invalid settings: {problems}") from None
