"""Logging: one line per event, as text or JSON, with the bot token redacted everywhere."""

from __future__ import annotations

import json
import logging
import re
import sys

# Telegram request URLs carry the token as `bot<id>:<secret>`; redact any such shape, not only ours.
_TOKEN_SHAPE = re.compile(r"\d{3,15}:[A-Za-z0-9_-]{20,}")


def redact(text: str) -> str:
    return _TOKEN_SHAPE.sub("<token>", text)


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record)).replace("\n", " | ")


class _JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            event["error"] = self.formatException(record.exc_info)
        return redact(json.dumps(event, ensure_ascii=False))


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Root logging to stderr; httpx logs every request URL (with the token) at INFO, so quiet it."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JSONFormatter() if fmt == "json" else _TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
