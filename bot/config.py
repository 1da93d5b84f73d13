"""Settings from the environment and an optional `.env` (see .env.example)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: object) -> float:
    """'90s', '15m', '24h', '2d' or a number of seconds."""
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(value).lower())
        if not m:
            raise ValueError("use a number of seconds or a duration such as 90s, 15m, 24h, 2d")
        seconds = float(m[1]) * _UNITS.get(m[2] or "s", 1)
    if seconds <= 0:
        raise ValueError("must be more than zero")
    return seconds


Duration = Annotated[float, BeforeValidator(parse_duration)]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = "sqlite:///data/coach.db"
    reminder_delay: Duration = 86400.0
    retention_days: int = Field(default=30, ge=1)
    dedup_ttl: Duration = 86400.0
    scheduler_interval: Duration = 2.0
    log_level: str = "INFO"
    dialogs_dir: Path | None = None

    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_url: str | None = None
    slack_port: int = Field(default=3000, ge=1, le=65535)

    discord_token: str | None = None
    discord_guild_id: int | None = None
    discord_api_url: str | None = None
    discord_gateway_url: str | None = None

    @field_validator("log_level")
    @classmethod
    def _level(cls, v: str) -> str:
        if v.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("use DEBUG, INFO, WARNING or ERROR")
        return v.upper()

    @field_validator(
        "slack_bot_token",
        "slack_app_token",
        "slack_signing_secret",
        "slack_api_url",
        "discord_token",
        "discord_guild_id",
        "discord_api_url",
        "discord_gateway_url",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, v: object) -> object:
        return None if isinstance(v, str) and not v.strip() else v

    @property
    def slack_configured(self) -> bool:
        return bool(self.slack_bot_token)

    @property
    def discord_configured(self) -> bool:
        return bool(self.discord_token)


class ConfigError(Exception):
    pass


def load_settings(**overrides: object) -> Settings:
    """Settings, or a ConfigError naming each bad variable (never echoing its value)."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as e:
        lines = [
            f"{'.'.join(str(x) for x in err['loc']).upper()}: {err['msg']}" for err in e.errors()
        ]
        raise ConfigError(
            "configuration problem:\n" + "\n".join(f"  - {x}" for x in lines)
        ) from None
