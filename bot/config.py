"""Settings from the environment and an optional `.env` (see .env.example)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

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
    database_pool_size: int = Field(default=10, ge=1, le=1000)
    database_connect_timeout: Duration = 10.0
    claim_lease: Duration = 60.0
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
    discord_shard_count: int | None = Field(default=None, ge=1)
    discord_shard_ids: Annotated[list[int] | None, NoDecode] = None

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
        "discord_shard_count",
        "discord_shard_ids",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, v: object) -> object:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("discord_shard_ids", mode="before")
    @classmethod
    def _shard_ids(cls, v: object) -> object:
        """`0,1` or `0-3` (or a mix: `0,2-3`)."""
        if not isinstance(v, str):
            return v
        ids: list[int] = []
        for part in v.replace(" ", "").split(","):
            m = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
            if not m:
                raise ValueError("use shard numbers such as 0,1 or a range such as 0-3")
            ids += range(int(m[1]), int(m[2] or m[1]) + 1)
        return sorted(set(ids))

    @model_validator(mode="after")
    def _shards(self) -> Settings:
        if self.discord_shard_ids is not None:
            if self.discord_shard_count is None:
                raise ValueError(
                    "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (all shards in all processes)"
                )
            if max(self.discord_shard_ids) >= self.discord_shard_count:
                raise ValueError(
                    "DISCORD_SHARD_IDS must be below DISCORD_SHARD_COUNT (shards count from 0)"
                )
        return self

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
        lines = [_line(err["loc"], err["msg"]) for err in e.errors()]
        raise ConfigError(
            "configuration problem:\n" + "\n".join(f"  - {x}" for x in lines)
        ) from None


def _line(loc: tuple[int | str, ...], msg: str) -> str:
    """One problem: the variable's name (a check across variables names them itself)."""
    name = ".".join(str(x) for x in loc).upper()
    return f"{name}: {msg}" if name else msg.removeprefix("Value error, ")
