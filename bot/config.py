"""Configuration read once from the environment, with the bot token held as a secret."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

TOKEN_PATTERN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{20,}$")
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
POLL_READ_MARGIN = 5.0  # seconds a long poll may take beyond its timeout before it counts as stalled


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line that says how to fix it."""


class Secret:
    """A string that does not print itself, so the token cannot leak through a log or a repr."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__


@dataclass(frozen=True)
class Config:
    token: Secret
    base_url: str
    data_dir: Path
    admins: frozenset[int]
    allowed_chats: frozenset[int] | None  # None: every group may use the bot
    log_level: str
    log_format: str  # "text" or "json"
    retention_days: int
    poll_timeout: int  # seconds a getUpdates long poll may wait
    stall_seconds: float  # no completed poll for this long: exit so the supervisor restarts us
    sends_per_second: float  # Telegram's overall limit: 30, more with paid broadcasts
    webhook_url: str | None
    webhook_secret: Secret | None
    webhook_port: int
    webhook_listen: str  # the address the webhook server binds; a reverse proxy usually sits in front
    store: bool  # False only when told to run without the SQLite store


def _ids(name: str, raw: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in raw.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected comma-separated numeric ids, e.g. {name}=12345,67890") from None


def _number(env: Mapping[str, str], name: str, default: float, kind: type = int) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a number, e.g. {name}={default}") from None
    if value <= 0:
        raise ConfigError(f"{name}={raw!r}: must be greater than 0")
    return value


def _check_webhook(url: str, secret: str) -> None:
    """A webhook is a public door: Telegram only calls https, and without the secret anyone who
    finds the URL can post forged updates (an admin's id, the attacker's chat) and read replies."""
    if not url.lower().startswith("https://"):
        raise ConfigError(f"BOT_WEBHOOK_URL={url!r}: must start with https:// (Telegram sends webhooks only over HTTPS)")
    if not secret:
        raise ConfigError(
            "BOT_WEBHOOK_URL is set but BOT_WEBHOOK_SECRET is not — without it anyone can post forged updates; "
            "set BOT_WEBHOOK_SECRET to a random string, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )


def data_folder(env: Mapping[str, str] = os.environ) -> Path:
    """The data folder (store, hash key, heartbeat), for the bot and the shell commands alike."""
    return Path(env.get("BOT_DATA_DIR", "").strip() or "data")


def faq_folders(given: Sequence[str] | None = None, env: Mapping[str, str] = os.environ) -> tuple[Path, ...]:
    """The FAQ folders every command serves: each --faq, else BOT_FAQ_DIR (folders separated by `:`),
    else none, which means the shipped FAQ."""
    chosen = list(given or []) or env.get("BOT_FAQ_DIR", "").split(":")
    return tuple(Path(folder.strip()) for folder in chosen if folder.strip())


def load_config(env: Mapping[str, str] = os.environ) -> Config:
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set — create a bot with @BotFather in Telegram, then "
            "export TELEGRAM_BOT_TOKEN=<the token it gives you> (meanwhile, ask from the shell: .venv/bin/python -m bot ask \"your question\")"
        )
    if not TOKEN_PATTERN.match(token):
        raise ConfigError("TELEGRAM_BOT_TOKEN is malformed — it looks like 123456789:AA… ; copy it again from @BotFather (/mybots → API Token)")
    log_format = env.get("LOG_FORMAT", "text").strip().lower() or "text"
    if log_format not in ("text", "json"):
        raise ConfigError(f"LOG_FORMAT={log_format!r}: expected text or json")
    log_level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError(f"LOG_LEVEL={log_level!r}: expected DEBUG, INFO, WARNING or ERROR")
    webhook_url = env.get("BOT_WEBHOOK_URL", "").strip() or None
    secret = env.get("BOT_WEBHOOK_SECRET", "").strip()
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise ConfigError("BOT_WEBHOOK_SECRET: use 1–256 characters of A-Z, a-z, 0-9, _ and -")
    if webhook_url:
        _check_webhook(webhook_url, secret)
    allowed = env.get("BOT_ALLOWED_CHATS", "").strip()
    poll_timeout = int(_number(env, "BOT_POLL_TIMEOUT", 30))
    stall_seconds = _number(env, "BOT_STALL_SECONDS", 180.0, float)
    if stall_seconds <= poll_timeout + POLL_READ_MARGIN:
        raise ConfigError(
            f"BOT_STALL_SECONDS={stall_seconds:g} is not longer than a healthy long poll (BOT_POLL_TIMEOUT={poll_timeout} + "
            f"{POLL_READ_MARGIN:g} s): an idle bot would be stopped as stalled — set BOT_STALL_SECONDS above "
            f"{poll_timeout + POLL_READ_MARGIN:g} (default 180) or lower BOT_POLL_TIMEOUT"
        )
    return Config(
        token=Secret(token),
        base_url=env.get("TELEGRAM_BASE_URL", "").strip() or DEFAULT_BASE_URL,
        data_dir=data_folder(env),
        admins=_ids("BOT_ADMINS", env.get("BOT_ADMINS", "")),
        allowed_chats=_ids("BOT_ALLOWED_CHATS", allowed) if allowed else None,
        log_level=log_level,
        log_format=log_format,
        retention_days=int(_number(env, "BOT_RETENTION_DAYS", 90)),
        poll_timeout=poll_timeout,
        stall_seconds=stall_seconds,
        sends_per_second=_number(env, "BOT_SENDS_PER_SECOND", 30.0, float),
        webhook_url=webhook_url,
        webhook_secret=Secret(secret) if secret else None,
        webhook_port=int(_number(env, "BOT_WEBHOOK_PORT", 8443)),
        webhook_listen=env.get("BOT_WEBHOOK_LISTEN", "").strip() or "0.0.0.0",
        store=env.get("BOT_NO_STORE", "").strip().lower() not in ("1", "true", "yes"),
    )
