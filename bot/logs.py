"""Output: every line the bot or its commands print goes through one redaction, logs as text or JSON.

`redact_output()` wraps stdout and stderr at start, so a token can leak neither through a log
record, nor an error line echoing a setting, nor a URL `doctor` prints, nor a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from typing import Any, TextIO

# Telegram request URLs carry the token as `bot<id>:<secret>`; redact any such shape, not only ours.
_TOKEN_SHAPE = re.compile(r"\d{3,15}:[A-Za-z0-9_-]{20,}")
# The configured secrets too, whatever their shape (a malformed token is still somebody's token).
_SECRET_SETTINGS = ("TELEGRAM_BOT_TOKEN", "BOT_WEBHOOK_SECRET")
_SHORTEST_SECRET = 8  # a shorter value is not a secret worth hiding, and would blank common words


def redact(text: str) -> str:
    text = _TOKEN_SHAPE.sub("<token>", text)
    for name in _SECRET_SETTINGS:
        value = os.environ.get(name, "").strip()
        if len(value) >= _SHORTEST_SECRET and value in text:
            text = text.replace(value, "<secret>")
    return text


class RedactingStream:
    """A text stream that redacts whatever is written to it (print writes each line whole)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(redact(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, encoding, isatty: the wrapped stream's
        return getattr(self._stream, name)


def redact_output() -> None:
    """Route stdout and stderr through the redaction, once per process."""
    if not isinstance(sys.stdout, RedactingStream):
        sys.stdout = RedactingStream(sys.stdout)  # type: ignore[assignment]
    if not isinstance(sys.stderr, RedactingStream):
        sys.stderr = RedactingStream(sys.stderr)  # type: ignore[assignment]


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", " | ")


class _JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            event["error"] = self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False)


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Root logging to the redacted stderr; httpx logs every request URL (with the token) at INFO, so quiet it."""
    redact_output()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JSONFormatter() if fmt == "json" else _TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.captureWarnings(True)  # Python warnings become log lines too, in the same format
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # For every 5xx page it logs the whole HTML body with a traceback; the error itself reaches the
    # bot as a NetworkError and is logged there in one line.
    logging.getLogger("telegram.request.BaseRequest").setLevel(logging.CRITICAL)


def fatal(message: str) -> None:
    """The line a command that cannot go on ends with: `error: …` on stderr, or under
    LOG_FORMAT=json a JSON object like every other line (read from the environment: this may be a
    configuration error, before the settings are known)."""
    if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
        record = logging.makeLogRecord({"levelno": logging.ERROR, "levelname": "ERROR", "name": "bot", "msg": f"error: {message}"})
        line = _JSONFormatter().format(record)
    else:
        line = f"error: {message}"
    print(line, file=sys.stderr)  # stderr redacts (redact_output)
