"""Run the real `python -m bot run` process against the loopback Bot API stand-in."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from standin import BotAPIStandIn

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "7000001:AAFakeTokenForTestsOnly_abcdefghijklmnop"
SECRET = TOKEN.split(":")[1]


class BotProcess:
    """A started bot: its process, the stand-in it talks to, and what it printed."""

    def __init__(self, api: BotAPIStandIn, process: subprocess.Popen[str], log_path: Path, data_dir: Path) -> None:
        self.api = api
        self.process = process
        self.log_path = log_path
        self.data_dir = data_dir

    @property
    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = 15.0) -> None:
        """Ready once it has polled for updates (it has then registered its commands too)."""
        self.api.wait_for(lambda: self.api.calls("getUpdates") or self.process.poll() is not None, timeout, "the bot's first poll")
        assert self.process.poll() is None, f"the bot exited early:\n{self.output}"

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"the bot did not exit within {timeout}s of signal {sig}:\n{self.output}") from None


def bot_env(api: BotAPIStandIn, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=api.base_url,
        BOT_DATA_DIR=str(data_dir),
        BOT_POLL_TIMEOUT="1",
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@contextmanager
def running_bot(api: BotAPIStandIn | None = None, data_dir: Path | None = None, wait: bool = True, **env: str) -> Iterator[BotProcess]:
    """Start a stand-in (unless given) and the bot; stop both afterwards, checking the token never leaked."""
    with tempfile.TemporaryDirectory() as tmp:
        own_api = api is None
        api = api or BotAPIStandIn(TOKEN).start()
        data_dir = data_dir or Path(tmp) / "data"
        log_path = Path(tmp) / "bot.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=bot_env(api, data_dir, **env), stdout=log, stderr=subprocess.STDOUT, text=True
            )
        bot = BotProcess(api, process, log_path, data_dir)
        try:
            if wait:
                bot.wait_ready()
            yield bot
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            output = bot.output
            if own_api:
                api.stop()
        assert SECRET not in output, "the bot token appeared in the bot's output"


def wait_until(predicate, timeout: float = 10.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)
    return value
